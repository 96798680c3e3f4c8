"""Role provisioning is idempotent, repairs drifted attributes, and writes nothing when the roles
are already right (parallel test runs provision the same roles at the same time)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from jobmentis.tenancy.management.commands.db_provision import superuser_dsn
from jobmentis.tenancy.provisioning import RoleNames, RolePasswords, provision_roles


@pytest.fixture
def scratch_roles() -> Iterator[RoleNames]:
    suffix = uuid.uuid4().hex[:8]
    roles = RoleNames(
        owner=f"walls_owner_{suffix}",
        app=f"walls_app_{suffix}",
        maintenance=f"walls_maint_{suffix}",
    )
    yield roles
    with psycopg.connect(superuser_dsn(), autocommit=True) as conn:
        for name in (roles.owner, roles.app, roles.maintenance):
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def _attributes(name: str) -> tuple[bool, ...]:
    with psycopg.connect(superuser_dsn()) as conn:
        row = conn.execute(
            "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, xmin::text "
            "FROM pg_authid WHERE rolname = %s",
            [name],
        ).fetchone()
    assert row is not None
    return tuple(row)


def test_provisioning_creates_the_three_roles_with_their_attributes(
    scratch_roles: RoleNames,
) -> None:
    provision_roles(superuser_dsn(), scratch_roles, RolePasswords())
    #                                   login super  createdb createrole bypassrls
    assert _attributes(scratch_roles.owner)[:5] == (True, False, True, False, False)
    assert _attributes(scratch_roles.app)[:5] == (True, False, False, False, False)
    assert _attributes(scratch_roles.maintenance)[:5] == (True, False, False, False, True)


def test_provisioning_again_writes_nothing_when_roles_are_right(scratch_roles: RoleNames) -> None:
    provision_roles(superuser_dsn(), scratch_roles, RolePasswords())
    before = [_attributes(name) for name in scratch_roles.__dict__.values()]
    provision_roles(superuser_dsn(), scratch_roles, RolePasswords())
    # xmin (last column) changes on any write to the role's row.
    assert [_attributes(name) for name in scratch_roles.__dict__.values()] == before


def test_provisioning_repairs_a_drifted_role(scratch_roles: RoleNames) -> None:
    provision_roles(superuser_dsn(), scratch_roles, RolePasswords())
    with psycopg.connect(superuser_dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER ROLE {} BYPASSRLS").format(sql.Identifier(scratch_roles.app)))
    assert _attributes(scratch_roles.app)[4] is True
    provision_roles(superuser_dsn(), scratch_roles, RolePasswords())
    assert _attributes(scratch_roles.app)[4] is False

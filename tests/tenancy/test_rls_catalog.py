"""Wall 3, read from PostgreSQL's catalog: RLS on every tenant table, the exact policy, composite
FKs, and roles that cannot bypass any of it. Reads what the database *has*, not what the
migrations meant to do."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, connections

from jobmentis.tenancy.models import RLS_EXPRESSION, RLS_POLICY_NAME, TenantOwnedModel
from jobmentis.tenancy.registry import tenant_owned_models

pytestmark = pytest.mark.django_db(databases=["default", "maintenance"])

TENANT_MODELS = tenant_owned_models(apps.get_models(include_auto_created=True))
TENANT_TABLES = sorted({model._meta.db_table for model in TENANT_MODELS})


def _normalise(expression: str) -> str:
    """pg_get_expr adds parentheses, casts and whitespace; compare the shape, not the spelling."""
    text = expression.lower()
    text = re.sub(r"::(text|character varying)", "", text)
    text = text.replace("(", "").replace(")", "").replace("'", "")
    return re.sub(r"\s+", "", text)


def _rows(sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall())


def test_tests_really_run_as_the_app_role() -> None:
    (user,) = _rows("SELECT current_user")[0]
    assert user == settings.DB_APP_USER
    (maintenance_user,) = _one(connections["maintenance"], "SELECT current_user")
    assert maintenance_user == settings.DB_MAINTENANCE_USER


def _one(conn: object, sql: str) -> tuple[object, ...]:
    with conn.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def test_there_are_tenant_tables_to_check() -> None:
    assert "accounts_membership" in TENANT_TABLES


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_tenant_table_has_forced_rls_and_exactly_the_tenant_policy(table: str) -> None:
    (enabled, forced) = _rows(
        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE oid = %s::regclass AND relkind = 'r'",
        [table],
    )[0]
    assert enabled is True, f"{table}: RLS not enabled"
    assert forced is True, f"{table}: RLS not forced (the owner would bypass it)"
    policies = _rows(
        "SELECT polname, polcmd, polpermissive, "
        "pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid), "
        "polroles = '{0}'::oid[] "
        "FROM pg_policy WHERE polrelid = %s::regclass",
        [table],
    )
    assert len(policies) == 1, f"{table}: expected one policy, got {policies}"
    name, command, permissive, using, with_check, for_public = policies[0]
    assert name == RLS_POLICY_NAME
    assert command == "*" and permissive and for_public
    expected = _normalise(RLS_EXPRESSION)
    assert _normalise(str(using)) == expected, using
    assert _normalise(str(with_check)) == expected, with_check


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_tenant_table_has_non_null_bigint_tenant_id_and_bigint_id(table: str) -> None:
    columns = dict(
        _rows(
            "SELECT attname, format_type(atttypid, atttypmod) || "
            "CASE WHEN attnotnull THEN ' not null' ELSE '' END "
            "FROM pg_attribute WHERE attrelid = %s::regclass AND attname IN ('id', 'tenant_id')",
            [table],
        )
    )
    assert columns == {"id": "bigint not null", "tenant_id": "bigint not null"}


def test_normalise_tells_a_wrong_policy_apart() -> None:
    # Guards the comparison above: a policy on another GUC or without nullif must not match.
    expected = _normalise(RLS_EXPRESSION)
    real = "(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::bigint)"
    assert _normalise(real) == expected
    assert _normalise(real.replace("app.tenant_id", "app.user_id")) != expected
    assert _normalise("(tenant_id = (current_setting('app.tenant_id'::text))::bigint)") != expected


def test_every_table_with_a_tenant_id_column_is_a_protected_tenant_table() -> None:
    tables = _rows(
        "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE a.attname = 'tenant_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') "
        "AND n.nspname = 'public'"
    )
    with_column = {name for (name,) in tables}
    # accounts_tenantdomain maps hosts to tenants before a tenant is known (global, wall 1).
    unprotected = with_column - set(TENANT_TABLES) - {"accounts_tenantdomain"}
    assert unprotected == set()
    unprotected_rls = _rows(
        "SELECT relname FROM pg_class WHERE relname = ANY(%s) "
        "AND NOT (relrowsecurity AND relforcerowsecurity)",
        [list(with_column - {"accounts_tenantdomain"})],
    )
    assert unprotected_rls == []


def _tenant_fks() -> list[tuple[str, str, str]]:
    """(table, column, parent table) for every FK from a tenant model to another tenant model."""
    found = []
    for model in TENANT_MODELS:
        for field in model._meta.local_fields:
            if not field.is_relation or field.name == "tenant":
                continue
            related = field.related_model
            if isinstance(related, type) and issubclass(related, TenantOwnedModel):
                found.append((model._meta.db_table, field.column, related._meta.db_table))
    return found


def test_every_fk_between_tenant_tables_has_a_composite_tenant_fk() -> None:
    constraints = _rows(
        "SELECT conrelid::regclass::text, confrelid::regclass::text, "
        "ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i) "
        "      JOIN pg_attribute ON attrelid = conrelid AND attnum = n ORDER BY i), "
        "ARRAY(SELECT attname FROM unnest(confkey) WITH ORDINALITY k(n, i) "
        "      JOIN pg_attribute ON attrelid = confrelid AND attnum = n ORDER BY i) "
        "FROM pg_constraint WHERE contype = 'f'"
    )
    composite = {
        (table, tuple(columns), parent, tuple(parent_columns))  # type: ignore[arg-type]
        for table, parent, columns, parent_columns in constraints
    }
    missing = [
        (table, column, parent)
        for table, column, parent in _tenant_fks()
        if (table, ("tenant_id", column), parent, ("tenant_id", "id")) not in composite
    ]
    assert missing == []


def _role(name: str) -> dict[str, object]:
    row = _rows(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
        "WHERE rolname = %s",
        [name],
    )
    assert row, f"role {name} does not exist"
    return dict(zip(["super", "bypassrls", "createrole", "createdb"], row[0], strict=True))


def _owned_objects(name: str) -> list[tuple[object, ...]]:
    return _rows(
        "SELECT relname, relkind::text FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE r.rolname = %s AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "UNION ALL SELECT nspname, 'schema' FROM pg_namespace n "
        "JOIN pg_roles r ON r.oid = n.nspowner WHERE r.rolname = %s",
        [name, name],
    )


def test_app_role_cannot_bypass_rls_and_owns_nothing() -> None:
    assert _role(settings.DB_APP_USER) == {
        "super": False,
        "bypassrls": False,
        "createrole": False,
        "createdb": False,
    }
    assert _owned_objects(settings.DB_APP_USER) == []


def test_maintenance_role_bypasses_rls_but_owns_nothing() -> None:
    role = _role(settings.DB_MAINTENANCE_USER)
    assert role["bypassrls"] is True
    assert role["super"] is False
    assert _owned_objects(settings.DB_MAINTENANCE_USER) == []


def test_owner_role_is_not_superuser_and_owns_the_tables() -> None:
    role = _role(settings.DB_OWNER_USER)
    assert role["super"] is False
    assert role["bypassrls"] is False
    owned = {name for name, _kind in _owned_objects(settings.DB_OWNER_USER)}
    assert set(TENANT_TABLES) <= owned


def test_app_role_cannot_create_tables_or_change_rls() -> None:
    from django.db import DatabaseError, transaction

    for statement in (
        "CREATE TABLE walls_probe (id int)",
        "ALTER TABLE accounts_membership DISABLE ROW LEVEL SECURITY",
        "DROP POLICY tenant_isolation ON accounts_membership",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_views_in_the_schema_are_security_invoker() -> None:
    views = _rows(
        "SELECT c.relname, coalesce(c.reloptions, '{}') FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('v', 'm') AND n.nspname = 'public'"
    )
    invoker = {"security_invoker=true", "security_invoker=on", "security_invoker=1"}
    definer = [
        name
        for name, options in views
        if not invoker & {str(option).lower() for option in options}  # type: ignore[attr-defined]
    ]
    assert definer == []


def test_app_role_has_only_dml_on_tables() -> None:
    # TRUNCATE ignores RLS: only the test database grants it (Django's flush between tests).
    allowed = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"}
    extra = _rows(
        "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
        "WHERE grantee = %s AND table_schema = 'public' AND NOT privilege_type = ANY(%s)",
        [settings.DB_APP_USER, list(allowed)],
    )
    assert extra == []


def test_production_provisioning_never_grants_truncate_to_the_app_role() -> None:
    """Provision a scratch database the production way (no allow_truncate) and create a table
    as the owner: the app and maintenance roles get DML through default privileges, no TRUNCATE,
    and cannot create tables."""
    import uuid

    import psycopg

    from jobmentis.tenancy.management.commands.db_provision import (
        role_names_from_settings,
        superuser_dsn,
    )
    from jobmentis.tenancy.provisioning import drop_database, provision_database

    roles = role_names_from_settings()
    name = f"jobmentis_walls_provision_{uuid.uuid4().hex[:8]}"
    dsn = superuser_dsn()
    provision_database(dsn, name, roles)
    try:
        owner_dsn = psycopg.conninfo.make_conninfo(dsn, dbname=name, user=roles.owner)
        with psycopg.connect(owner_dsn, autocommit=True) as conn:
            conn.execute("CREATE TABLE probe (id bigint)")
            privileges = {
                role: {
                    privilege
                    for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
                    if conn.execute(
                        "SELECT has_table_privilege(%s, 'probe', %s)", [role, privilege]
                    ).fetchone()[0]  # type: ignore[index]
                }
                for role in (roles.app, roles.maintenance)
            }
            can_create = conn.execute(
                "SELECT has_schema_privilege(%s, 'public', 'CREATE')", [roles.app]
            ).fetchone()[0]  # type: ignore[index]
    finally:
        drop_database(dsn, name)
    dml = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert privileges == {roles.app: dml, roles.maintenance: dml}
    assert can_create is False

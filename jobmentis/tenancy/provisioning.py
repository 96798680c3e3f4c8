"""Creates the three database roles and the database (idempotent), as a PostgreSQL superuser.

Runs before Django can connect (the roles it connects as may not exist yet), so it talks to
PostgreSQL with psycopg directly. Used by `bin/setup`, by the test suite for its own database, and
documented for production (where a DBA may run the same SQL).
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql


@dataclass(frozen=True)
class RoleNames:
    owner: str
    app: str
    maintenance: str


@dataclass(frozen=True)
class RolePasswords:
    owner: str = ""
    app: str = ""
    maintenance: str = ""


_ATTRIBUTE_COLUMNS = {
    "SUPERUSER": "rolsuper",
    "CREATEDB": "rolcreatedb",
    "CREATEROLE": "rolcreaterole",
    "BYPASSRLS": "rolbypassrls",
    "LOGIN": "rolcanlogin",
}


def _wanted(attributes: str) -> dict[str, bool]:
    """'NOSUPERUSER CREATEDB' -> {'rolsuper': False, 'rolcreatedb': True}."""
    wanted = {}
    for word in attributes.split():
        enabled = not word.startswith("NO")
        wanted[_ATTRIBUTE_COLUMNS[word.removeprefix("NO") if not enabled else word]] = enabled
    return wanted


def _ensure_role(cur: psycopg.Cursor, name: str, attributes: str, password: str) -> None:
    attributes = f"LOGIN {attributes}"
    wanted = _wanted(attributes)
    columns = sql.SQL(", ").join(sql.Identifier(column) for column in wanted)
    cur.execute(sql.SQL("SELECT {} FROM pg_roles WHERE rolname = %s").format(columns), [name])
    row = cur.fetchone()
    # Only write when something differs: parallel test runs provision the same roles, and
    # concurrent ALTER ROLE statements fail with "tuple concurrently updated".
    if row is None:
        try:
            cur.execute(sql.SQL(f"CREATE ROLE {{}} WITH {attributes}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateObject:
            pass  # created by a concurrent run a moment ago
        else:
            row = tuple(wanted.values())
    if row is None or tuple(row) != tuple(wanted.values()):
        cur.execute(sql.SQL(f"ALTER ROLE {{}} WITH {attributes}").format(sql.Identifier(name)))
    if password:
        cur.execute(
            sql.SQL("ALTER ROLE {} WITH PASSWORD {}").format(
                sql.Identifier(name), sql.Literal(password)
            )
        )


def provision_roles(superuser_dsn: str, roles: RoleNames, passwords: RolePasswords) -> None:
    with psycopg.connect(superuser_dsn, autocommit=True) as conn, conn.cursor() as cur:
        _ensure_role(
            cur, roles.owner, "NOSUPERUSER CREATEDB NOCREATEROLE NOBYPASSRLS", passwords.owner
        )
        _ensure_role(
            cur, roles.app, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS", passwords.app
        )
        _ensure_role(
            cur,
            roles.maintenance,
            "NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS",
            passwords.maintenance,
        )


def drop_database(superuser_dsn: str, name: str) -> None:
    with psycopg.connect(superuser_dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def provision_database(
    superuser_dsn: str, name: str, roles: RoleNames, *, allow_truncate: bool = False
) -> None:
    """Create `name` owned by the owner role and grant the app/maintenance roles DML only.

    `allow_truncate` is for test databases alone: Django's TransactionTestCase empties tables
    with TRUNCATE between tests, which the app role must otherwise never be able to do.
    """
    with psycopg.connect(superuser_dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(name), sql.Identifier(roles.owner)
                )
            )
    db_dsn = psycopg.conninfo.make_conninfo(superuser_dsn, dbname=name)
    table_privileges = "SELECT, INSERT, UPDATE, DELETE" + (", TRUNCATE" if allow_truncate else "")
    owner = sql.Identifier(roles.owner)
    grantees = sql.SQL(", ").join([sql.Identifier(roles.app), sql.Identifier(roles.maintenance)])
    statements: list[sql.Composable] = [
        sql.SQL("ALTER SCHEMA public OWNER TO {}").format(owner),
        sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(name), grantees),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(name), owner),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(grantees),
        sql.SQL(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {{}} IN SCHEMA public GRANT {table_privileges} "
            "ON TABLES TO {}"
        ).format(owner, grantees),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
            "GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}"
        ).format(owner, grantees),
        sql.SQL(f"GRANT {table_privileges} ON ALL TABLES IN SCHEMA public TO {{}}").format(
            grantees
        ),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(
            grantees
        ),
    ]
    with psycopg.connect(db_dsn, autocommit=True) as conn, conn.cursor() as cur:
        for statement in statements:
            cur.execute(statement)  # type: ignore[call-overload]

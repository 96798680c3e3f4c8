"""The current tenant, per request or task (wall 1), and the transaction-local RLS GUC (wall 3).

The tenant lives in a ContextVar (never a thread-local), set and reset in try/finally, so a
request or task can never inherit another one's tenant. `tenant_context` also opens a
transaction and sets `app.tenant_id` with `set_config(..., true)`: transaction-local, so a pooled
connection cannot carry it into the next transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, transaction

_current_tenant_id: ContextVar[int | None] = ContextVar("current_tenant_id", default=None)

RLS_SETTING = "app.tenant_id"


class TenantContextMissing(RuntimeError):
    """A tenant-owned model was queried with no tenant in context (the manager fails closed)."""


def current_tenant_id() -> int | None:
    return _current_tenant_id.get()


def require_tenant_id() -> int:
    tenant_id = _current_tenant_id.get()
    if tenant_id is None:
        raise TenantContextMissing(
            "No tenant in context. Wrap the code in tenancy.context.tenant_context(tenant_id), "
            "or use the explicit `cross_tenant` manager on the maintenance connection."
        )
    return tenant_id


def set_rls_tenant(tenant_id: int | None, *, using: str = "default") -> None:
    """Set the transaction-local GUC read by every RLS policy. Must run inside a transaction."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("set_rls_tenant must run inside transaction.atomic().")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, true)",
            [RLS_SETTING, "" if tenant_id is None else str(int(tenant_id))],
        )


@contextmanager
def tenant_context(tenant_id: int, *, using: str = "default") -> Iterator[None]:
    """Run the block as `tenant_id`: ContextVar for the ORM, GUC for PostgreSQL, one transaction.

    Nesting with a *different* tenant is refused: it would silently mix two tenants' rows in one
    transaction. Re-entering the same tenant is a no-op wrapper.
    """
    tenant_id = int(tenant_id)
    outer = _current_tenant_id.get()
    if outer is not None and outer != tenant_id:
        raise RuntimeError(f"Refusing to switch tenant {outer} -> {tenant_id} inside one context.")
    token = _current_tenant_id.set(tenant_id)
    try:
        with transaction.atomic(using=using):
            set_rls_tenant(tenant_id, using=using)
            yield
    finally:
        _current_tenant_id.reset(token)
        # A nested context ends with RELEASE SAVEPOINT, which keeps a transaction-local GUC:
        # put the outer value back so the rest of the outer transaction is not silently scoped.
        # Not when the outer transaction is doomed (e.g. the connection dropped): it will be
        # rolled back anyway, and a query here would hide the original error behind a new one.
        connection = connections[using]
        if connection.in_atomic_block and outer != tenant_id and not connection.needs_rollback:
            set_rls_tenant(outer, using=using)


@contextmanager
def no_tenant_context() -> Iterator[None]:
    """Explicitly clear the tenant (platform pages, health checks): managers fail closed inside."""
    token = _current_tenant_id.set(None)
    try:
        yield
    finally:
        _current_tenant_id.reset(token)

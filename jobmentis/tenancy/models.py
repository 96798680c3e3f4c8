"""Tenant-owned base model (wall 2) and the DDL that makes PostgreSQL enforce it (wall 3).

Every concrete subclass of `TenantOwnedModel` automatically gets, *in its migration files*:
  * a unique constraint on (tenant_id, id) so children can reference it by both columns;
  * `RowLevelSecurity`: ENABLE + FORCE RLS and the tenant policy;
  * `TenantForeignKey` for each FK to another tenant-owned model: a composite FK
    (tenant_id, parent_id) -> parent(tenant_id, id), so a row can never point at another
    tenant's parent, whatever the ORM or raw SQL does (plain FKs ignore RLS).
They are added as Meta constraints by a `class_prepared` hook, so `makemigrations` emits them like
any other constraint and a new app needs no extra step.
"""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.db import models
from django.db.models.constraints import BaseConstraint
from django.db.models.fields.related import lazy_related_operation
from django.db.models.signals import class_prepared

from jobmentis.tenancy.context import require_tenant_id

RLS_POLICY_NAME = "tenant_isolation"
RLS_EXPRESSION = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint"
PG_MAX_IDENTIFIER = 63


def _identifier(*parts: str) -> str:
    """A PostgreSQL-safe constraint name: readable, and hashed when over 63 bytes."""
    name = "_".join(parts)
    if len(name) <= PG_MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{name[: PG_MAX_IDENTIFIER - 9]}_{digest}"


class TenantManager(models.Manager[Any]):
    """First (default) manager of every tenant-owned model: filters by the current tenant and
    fails closed (raises TenantContextMissing) when there is none."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(tenant_id=require_tenant_id())


class CrossTenantManager(models.Manager[Any]):
    """The grep-able escape hatch: no tenant filter. Only for audited cross-tenant jobs (support
    console, retention, erasure), normally with `.using("maintenance")` since RLS still applies
    on the app role."""


class TenantOwnedModel(models.Model):
    id = models.BigAutoField(primary_key=True)
    tenant = models.ForeignKey(
        "accounts.Tenant",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects: ClassVar[TenantManager] = TenantManager()
    cross_tenant: ClassVar[CrossTenantManager] = CrossTenantManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stamping the tenant here (not in each service) is what makes "forgot the tenant"
        # impossible; RLS's WITH CHECK rejects a row stamped for a tenant other than the GUC's.
        if self.tenant_id is None:
            self.tenant_id = require_tenant_id()
        super().save(*args, **kwargs)


class RowLevelSecurity(BaseConstraint):
    """Not a constraint in the SQL sense: the RLS switch and policy, carried as a Meta constraint
    so migrations create and drop it alongside the table."""

    def _create_statements(self, model: type[models.Model], schema_editor: Any) -> list[str]:
        table = schema_editor.quote_name(model._meta.db_table)
        policy = schema_editor.quote_name(RLS_POLICY_NAME)
        return [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY {policy} ON {table} USING ({RLS_EXPRESSION}) "
            f"WITH CHECK ({RLS_EXPRESSION})",
        ]

    def constraint_sql(self, model: type[models.Model] | None, schema_editor: Any) -> str:
        # Called while building CREATE TABLE: run after the table exists instead.
        assert model is not None
        schema_editor.deferred_sql.extend(self._create_statements(model, schema_editor))
        return ""

    def create_sql(self, model: type[models.Model] | None, schema_editor: Any) -> str:
        assert model is not None
        return "; ".join(self._create_statements(model, schema_editor))

    def remove_sql(self, model: type[models.Model] | None, schema_editor: Any) -> str:
        assert model is not None
        table = schema_editor.quote_name(model._meta.db_table)
        policy = schema_editor.quote_name(RLS_POLICY_NAME)
        return (
            f"DROP POLICY IF EXISTS {policy} ON {table}; "
            f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY; "
            f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"
        )

    def validate(self, *args: Any, **kwargs: Any) -> None:
        return None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RowLevelSecurity) and self.name == other.name

    def __hash__(self) -> int:
        return hash((type(self), self.name))


class TenantForeignKey(BaseConstraint):
    """Composite FK (tenant_id, <field>_id) -> parent (tenant_id, id): same-tenant parents only."""

    def __init__(self, *, field: str, name: str) -> None:
        super().__init__(name=name)
        self.field = field

    def _create_statement(self, model: type[models.Model], schema_editor: Any) -> str:
        field = model._meta.get_field(self.field)
        target = field.remote_field.model  # type: ignore[union-attr]
        q = schema_editor.quote_name
        column = field.column  # type: ignore[union-attr]
        parent_table, parent_pk = target._meta.db_table, target._meta.pk.column
        return (
            f"ALTER TABLE {q(model._meta.db_table)} ADD CONSTRAINT {q(self.name)} "
            f"FOREIGN KEY ({q('tenant_id')}, {q(column)}) "
            f"REFERENCES {q(parent_table)} ({q('tenant_id')}, {q(parent_pk)}) "
            "DEFERRABLE INITIALLY DEFERRED"
        )

    def constraint_sql(self, model: type[models.Model] | None, schema_editor: Any) -> str:
        assert model is not None
        schema_editor.deferred_sql.append(self._create_statement(model, schema_editor))
        return ""

    def create_sql(self, model: type[models.Model] | None, schema_editor: Any) -> str:
        assert model is not None
        return self._create_statement(model, schema_editor)

    def remove_sql(self, model: type[models.Model] | None, schema_editor: Any) -> str:
        assert model is not None
        q = schema_editor.quote_name
        return f"ALTER TABLE {q(model._meta.db_table)} DROP CONSTRAINT IF EXISTS {q(self.name)}"

    def validate(self, *args: Any, **kwargs: Any) -> None:
        return None

    def deconstruct(self) -> tuple[str, Any, dict[str, Any]]:
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, TenantForeignKey)
            and self.name == other.name
            and self.field == other.field
        )

    def __hash__(self) -> int:
        return hash((type(self), self.name, self.field))


def _add_constraint(model: type[models.Model], constraint: BaseConstraint) -> None:
    meta = model._meta
    if any(existing.name == constraint.name for existing in meta.constraints):
        return
    meta.constraints = [*meta.constraints, constraint]
    # ModelState.from_model only copies constraints named in original_attrs.
    meta.original_attrs["constraints"] = meta.constraints


def _install_tenant_constraints(sender: type[models.Model], **kwargs: Any) -> None:
    if not issubclass(sender, TenantOwnedModel) or sender._meta.abstract or sender._meta.proxy:
        return
    table = sender._meta.db_table
    _add_constraint(
        sender,
        models.UniqueConstraint(fields=["tenant", "id"], name=_identifier(table, "tenant_id_uniq")),
    )
    _add_constraint(sender, RowLevelSecurity(name=_identifier(table, "rls")))
    for field in sender._meta.local_fields:
        if not field.is_relation or field.name == "tenant":
            continue
        if not (field.many_to_one or field.one_to_one):
            continue
        if field.one_to_one and field.remote_field.parent_link:  # type: ignore[union-attr]
            continue

        def _link(model: type[models.Model], related: type[models.Model], *, name: str) -> None:
            if issubclass(related, TenantOwnedModel):
                _add_constraint(
                    model,
                    TenantForeignKey(field=name, name=_identifier(table, name, "tenant_fk")),
                )

        lazy_related_operation(_link, sender, field.remote_field.model, name=field.name)  # type: ignore[union-attr]


class_prepared.connect(_install_tenant_constraints)

"""Walls 2 and 3 in action, for every tenant-owned model (discovered, so new apps are covered):
the database itself hides and refuses other tenants' rows, through raw SQL as well as the ORM."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.apps import apps
from django.db import DatabaseError, IntegrityError, connection, connections, models, transaction

from accounts.models import Membership, Tenant
from jobmentis.tenancy.context import (
    RLS_SETTING,
    TenantContextMissing,
    current_tenant_id,
    tenant_context,
)
from jobmentis.tenancy.models import TenantOwnedModel
from jobmentis.tenancy.registry import tenant_owned_models
from tests.tenancy.rows import build_row, tenant_fk_fields

TENANT_MODELS = tenant_owned_models(apps.get_models())
TENANT_FILE_FIELDS = [
    (model, field.name)
    for model in TENANT_MODELS
    for field in model._meta.concrete_fields
    if isinstance(field, models.FileField)
]
TENANT_FKS = [(model, field.name) for model in TENANT_MODELS for field in tenant_fk_fields(model)]


def _label(value: Any) -> str:
    return value._meta.label if isinstance(value, type) else str(value)


def _raw(sql: str, params: list[object] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall())


def _guc() -> str:
    return str(_raw("SELECT current_setting(%s, true)", [RLS_SETTING])[0][0] or "")


@pytest.fixture
def rows(
    request: pytest.FixtureRequest, tenant_a: Tenant, tenant_b: Tenant
) -> tuple[models.Model, models.Model]:
    model = request.param
    return build_row(model, tenant_a, marker="A"), build_row(model, tenant_b, marker="B")


parametrize_models = pytest.mark.parametrize("rows", TENANT_MODELS, ids=_label, indirect=True)


@parametrize_models
def test_without_a_tenant_raw_sql_sees_no_rows(rows: tuple[models.Model, models.Model]) -> None:
    row_a, _row_b = rows
    assert _guc() == ""
    table = connection.ops.quote_name(row_a._meta.db_table)
    assert _raw(f"SELECT count(*) FROM {table}") == [(0,)]


@parametrize_models
def test_tenant_sees_only_its_rows_through_raw_sql_and_orm(
    rows: tuple[models.Model, models.Model], tenant_a: Tenant, tenant_b: Tenant
) -> None:
    row_a, row_b = rows
    model = type(row_a)
    table = connection.ops.quote_name(model._meta.db_table)
    with tenant_context(tenant_a.pk):
        visible = _raw(f"SELECT tenant_id, id FROM {table}")
        assert {tenant_id for tenant_id, _id in visible} == {tenant_a.pk}
        assert row_a.pk in {pk for _t, pk in visible}
        assert row_b.pk not in {pk for _t, pk in visible}
        assert _raw(f"SELECT count(*) FROM {table} WHERE id = %s", [row_b.pk]) == [(0,)]
        assert list(model._default_manager.values_list("pk", flat=True).filter(pk=row_b.pk)) == []
        # Even the unfiltered escape hatch sees nothing of B: the database enforces it.
        assert not model.cross_tenant.filter(pk=row_b.pk).exists()  # type: ignore[attr-defined]
        assert model.cross_tenant.filter(pk=row_a.pk).exists()  # type: ignore[attr-defined]


@parametrize_models
def test_row_stamped_for_another_tenant_is_refused_on_insert_and_update(
    rows: tuple[models.Model, models.Model], tenant_a: Tenant, tenant_b: Tenant
) -> None:
    row_a, row_b = rows
    model = type(row_a)
    table = connection.ops.quote_name(model._meta.db_table)
    with tenant_context(tenant_a.pk):
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            _raw(
                f"UPDATE {table} SET tenant_id = %s WHERE id = %s RETURNING id",
                [tenant_b.pk, row_a.pk],
            )
        copy = model._default_manager.get(pk=row_a.pk)
        copy.pk = None
        copy.tenant_id = tenant_b.pk  # type: ignore[attr-defined]
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            copy.save(force_insert=True)
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            model.cross_tenant.filter(pk=row_a.pk).update(tenant=tenant_b)  # type: ignore[attr-defined]
        # B's row cannot be changed or deleted from A either: RLS hides it from UPDATE/DELETE.
        assert (
            _raw(f"UPDATE {table} SET tenant_id = tenant_id WHERE id = %s RETURNING id", [row_b.pk])
            == []
        )
        assert _raw(f"DELETE FROM {table} WHERE id = %s RETURNING id", [row_b.pk]) == []
        # A's row is untouched.
        assert model._default_manager.filter(pk=row_a.pk, tenant_id=tenant_a.pk).exists()
    with tenant_context(tenant_b.pk):
        assert model._default_manager.filter(pk=row_b.pk).exists()


@pytest.mark.parametrize(("model", "field_name"), TENANT_FKS, ids=_label)
def test_row_of_tenant_a_cannot_point_at_parent_of_tenant_b(
    model: type[models.Model], field_name: str, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    field = model._meta.get_field(field_name)
    row_a = build_row(model, tenant_a, marker="A")
    parent_b = build_row(field.related_model, tenant_b, marker="B")  # type: ignore[arg-type]
    with (
        tenant_context(tenant_a.pk),
        pytest.raises(IntegrityError, match="tenant_fk"),
        transaction.atomic(),
    ):
        model._default_manager.filter(pk=row_a.pk).update(**{field.attname: parent_b.pk})  # type: ignore[attr-defined]
        _raw("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize("model", TENANT_MODELS, ids=_label)
def test_orm_manager_fails_closed_without_a_tenant(model: type[models.Model]) -> None:
    with pytest.raises(TenantContextMissing):
        model._default_manager.filter(pk=1)
    with pytest.raises(TenantContextMissing):
        model._default_manager.create()


def test_nested_tenant_context_with_another_tenant_is_refused(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    with tenant_context(tenant_a.pk):
        with (
            pytest.raises(RuntimeError, match="Refusing to switch tenant"),
            tenant_context(tenant_b.pk),
        ):
            pass  # pragma: no cover
        assert current_tenant_id() == tenant_a.pk
        assert _guc() == str(tenant_a.pk)


def test_nested_same_tenant_context_restores_the_guc_on_exit(
    tenant_a: Tenant, seeker_a: object
) -> None:
    assert _guc() == ""
    with tenant_context(tenant_a.pk):
        with tenant_context(tenant_a.pk):
            assert _guc() == str(tenant_a.pk)
        assert _guc() == str(tenant_a.pk)
        assert current_tenant_id() == tenant_a.pk
        assert Membership.objects.count() == 1
    assert _guc() == ""
    assert current_tenant_id() is None
    with pytest.raises(TenantContextMissing):
        Membership.objects.count()


def test_guc_is_transaction_local_and_never_leaks_to_the_next_transaction(
    transactional_db: None, tenant_a: Tenant
) -> None:
    with tenant_context(tenant_a.pk):
        assert _guc() == str(tenant_a.pk)
    # Autocommit again: a fresh transaction on the same connection carries no tenant.
    assert not connection.in_atomic_block
    assert _guc() == ""


@pytest.mark.django_db(databases=["default", "owner"])
def test_composite_fk_mechanism_rejects_a_parent_of_another_tenant() -> None:
    """Independent of which models exist today: build two throwaway tenant-owned tables with the
    real migration DDL (RowLevelSecurity + TenantForeignKey) on the owner connection, inside its
    test transaction (rolled back), and show a child of A cannot reference B's parent."""
    from django.apps.registry import Apps

    isolated = Apps()
    attrs = {"__module__": __name__}

    # Named Tenant so TenantOwnedModel's "accounts.Tenant" FK resolves inside `isolated`.
    type(
        "Tenant",
        (models.Model,),
        {**attrs, "Meta": type("Meta", (), {"apps": isolated, "app_label": "accounts"})},
    )

    parent = type(
        "WallsParent",
        (TenantOwnedModel,),
        {**attrs, "Meta": type("Meta", (), {"apps": isolated, "app_label": "walls"})},
    )
    child = type(
        "WallsChild",
        (TenantOwnedModel,),
        {
            **attrs,
            "parent": models.ForeignKey(parent, on_delete=models.CASCADE),
            "Meta": type("Meta", (), {"apps": isolated, "app_label": "walls"}),
        },
    )
    owner = connections["owner"]
    with owner.cursor() as cursor:
        # Own tenants: the fixtures' rows live in the default connection's open transaction.
        cursor.execute(
            "INSERT INTO accounts_tenant (name, slug, display_name, logo, primary_colour, "
            "is_active, allow_self_signup, created_at) "
            "SELECT 'Walls', 'walls-' || n || %s, '', '', '#000000', true, true, "
            "now() FROM generate_series(1, 2) AS n ORDER BY n RETURNING id",
            [uuid.uuid4().hex[:8]],
        )
        a_id, b_id = sorted(pk for (pk,) in cursor.fetchall())
    with owner.schema_editor() as editor:
        editor.create_model(parent)
        editor.create_model(child)
    constraint_names = {c.name for c in child._meta.constraints}
    assert any(name.endswith("parent_tenant_fk") for name in constraint_names)

    def as_tenant(tenant_id: int, sql: str, params: list[object]) -> list[tuple[Any, ...]]:
        with owner.cursor() as cursor:
            cursor.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant_id)])
            cursor.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []

    (parent_b,) = as_tenant(
        b_id, "INSERT INTO walls_wallsparent (tenant_id) VALUES (%s) RETURNING id", [b_id]
    )[0]
    (parent_a,) = as_tenant(
        a_id, "INSERT INTO walls_wallsparent (tenant_id) VALUES (%s) RETURNING id", [a_id]
    )[0]
    # Same tenant: fine. The owner is subject to RLS too (FORCE), hence the GUC.
    insert_child = "INSERT INTO walls_wallschild (tenant_id, parent_id) VALUES (%s, %s)"
    as_tenant(a_id, insert_child, [a_id, parent_a])
    with pytest.raises(IntegrityError, match="tenant_fk"), transaction.atomic(using="owner"):
        as_tenant(a_id, insert_child, [a_id, parent_b])
        as_tenant(a_id, "SET CONSTRAINTS ALL IMMEDIATE", [])


@pytest.mark.parametrize(("model", "field_name"), TENANT_FILE_FIELDS, ids=_label)
def test_uploaded_files_of_tenant_models_are_stored_under_the_tenant_prefix(
    model: type[models.Model], field_name: str, tenant_a: Tenant
) -> None:
    """Storage paths carry the tenant (DESIGN.md): per-tenant erasure, export and S3 policies
    rely on the `tenants/<id>/` prefix."""
    row = build_row(model, tenant_a, marker="A")
    field = model._meta.get_field(field_name)
    name = field.generate_filename(row, "cv.pdf")  # type: ignore[attr-defined]
    assert name.startswith(f"tenants/{tenant_a.pk}/"), name

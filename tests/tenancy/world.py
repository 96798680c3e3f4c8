"""Two tenants for the leak hunts: B's rows carry a sentinel in every text field, A's rows are
ordinary, and A has a seeker, an admin, a user shared with B and a platform support user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from accounts.models import Profile, Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.models import TenantOwnedModel
from jobmentis.tenancy.registry import tenant_owned_models
from tests.conftest import TEST_PASSWORD
from tests.tenancy.rows import build_row

TENANT_MODELS = tenant_owned_models(apps.get_models())
# Every row of B that the walls test is saved under this one id, in every table. A URL filled
# with it then points at B's row of whatever table the view looks in (one request covers every
# model), and A's rows, with small automatic ids, can never be hit by coincidence.
B_ID = 900_000


@dataclass
class World:
    tenant_a: Tenant
    tenant_b: Tenant
    seeker_a: User
    admin_a: User
    shared: User  # a member of both A and B: A may see the account, never B's profile of it
    support: User  # platform support: enters A's admin (audited), still only A's data there
    sentinel: str
    rows_a: dict[type[models.Model], models.Model]
    rows_b: dict[type[models.Model], models.Model]

    def b_row(self, model: type[models.Model]) -> models.Model:
        if model not in self.rows_b:
            self.rows_b[model] = build_row(model, self.tenant_b, marker=self.sentinel, pk=B_ID)
        return self.rows_b[model]

    def a_row(self, model: type[models.Model]) -> models.Model:
        """A's row of `model`; built on demand for global models the tenant admin shows scoped
        to the tenant (e.g. the email outbox, whose rows name their workspace)."""
        if model not in self.rows_a:
            self.rows_a[model] = build_row(model, self.tenant_a, marker="AROW")
        return self.rows_a[model]

    def leaks(self, body: bytes) -> bool:
        return self.sentinel.lower().encode() in body.lower()


@pytest.fixture
def world(
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    admin_a: User,
    seeker_b: User,
    admin_b: User,
    settings: Any,
) -> World:
    settings.HEALTH_WORKER_TIMEOUT = 0.01
    sentinel = f"SENTINEL-B-{uuid.uuid4().hex[:10]}"
    Tenant.objects.filter(pk=tenant_b.pk).update(
        name=f"{sentinel} Globex", display_name=f"{sentinel} Coaching"
    )
    tenant_b.refresh_from_db()
    shared = user_create_in_tenant(
        tenant=tenant_a, email="shared@both.test", password=TEST_PASSWORD, full_name="Sam Shared"
    )
    user_create_in_tenant(tenant=tenant_b, email=shared.email, password=TEST_PASSWORD)
    # B's rows share the id B_ID (see above): far from A's ids, the same in every table.
    User.objects.create_user(
        email=f"{sentinel.lower()}@globex.test", password=TEST_PASSWORD, id=B_ID
    )
    sentinel_user = user_create_in_tenant(
        tenant=tenant_b,
        email=f"{sentinel.lower()}@globex.test",
        password=TEST_PASSWORD,
        full_name=f"{sentinel} Person",
    )
    with tenant_context(tenant_b.pk):
        Profile.objects.update(
            full_name=f"{sentinel} Name",
            headline=f"{sentinel} Headline",
            location=f"{sentinel} Town",
            target_roles=f"{sentinel} Role",
        )
    rows_b: dict[type[models.Model], models.Model] = {}
    rows_b[User] = sentinel_user
    rows_b[Tenant] = tenant_b
    rows_a: dict[type[models.Model], models.Model] = {User: seeker_a, Tenant: tenant_a}
    for model in TENANT_MODELS:
        rows_b[model] = build_row(model, tenant_b, marker=sentinel, pk=B_ID)
        rows_a[model] = build_row(model, tenant_a, marker="AROW")
    support = User.objects.create_user(email="support@platform.test", is_support=True)
    return World(tenant_a, tenant_b, seeker_a, admin_a, shared, support, sentinel, rows_a, rows_b)


def assert_b_rows_untouched(world: World) -> None:
    """POSTs (delete, change) with B's ids must have changed nothing of B's."""
    for model, row in world.rows_b.items():
        if isinstance(row, TenantOwnedModel):
            with tenant_context(world.tenant_b.pk):
                fresh = model._default_manager.filter(pk=row.pk).values().first()
        else:
            fresh = model._default_manager.filter(pk=row.pk).values().first()
        assert fresh is not None, f"{model._meta.label} of B was deleted"
        before = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
        changed = {
            name
            for name, value in before.items()
            if name in fresh and fresh[name] != value and name not in {"updated_at", "last_login"}
        }
        assert changed == set(), f"{model._meta.label} of B changed: {changed}"

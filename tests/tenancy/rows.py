"""A generic row builder for the tenancy walls: one saved row of *any* model, for one tenant.

Fills every concrete field by type (char/text fields get a caller-chosen marker, so a sentinel
can be planted in all of them), creates required parents (tenant-owned parents in the same
tenant, global ones such as User as needed) and stamps the tenant. Awkward models get an entry in
ROW_OVERRIDES instead of special cases in the walker.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.models import TenantOwnedModel

_counter = itertools.count(1)

# "app_label.ModelName" -> function(tenant, marker) returning field values to use as given.
ROW_OVERRIDES: dict[str, Callable[[Tenant, str], dict[str, Any]]] = {
    "accounts.Profile": lambda tenant, marker: {"timezone": "UTC", "language": "en"},
    "jobs.Interview": lambda tenant, marker: {"duration_minutes": 60, "time_zone": "UTC"},
}


def unique_marker(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def _text(field: models.Field[Any, Any], marker: str) -> str:
    n = next(_counter)
    value = f"{marker}-{n}"
    max_length = getattr(field, "max_length", None)
    if max_length and len(value) > max_length:
        return value[-max_length:]
    return value


def _scalar(field: models.Field[Any, Any], marker: str) -> Any:
    """A valid value for a non-relational field, or `models.NOT_PROVIDED` to keep the default."""
    if field.choices:
        return field.choices[0][0]  # type: ignore[index]
    n = next(_counter)
    if isinstance(field, models.EmailField):
        return f"{marker.lower()}-{n}@example.test"
    if isinstance(field, models.URLField):
        return f"https://example.test/{marker}-{n}"
    if isinstance(field, models.SlugField):
        return _text(field, marker.lower())
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.FileField):
        return f"walls/{marker}-{n}.txt"
    if isinstance(field, (models.CharField, models.TextField)):
        return _text(field, marker)
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.BooleanField):
        return field.get_default() if field.has_default() else False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(1)
    if isinstance(field, models.FloatField):
        return 1.0
    if isinstance(field, models.SmallIntegerField):
        # The counter is shared by every world a worker builds (one per crawler shard): keep it
        # inside smallint's range.
        return n % 32000 + 1
    if isinstance(field, (models.IntegerField, models.PositiveIntegerField)):
        return n
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.TimeField):
        return dt.time(9, 0)
    if isinstance(field, models.DurationField):
        return dt.timedelta(minutes=5)
    if isinstance(field, models.JSONField):
        return {"note": f"{marker}-{n}"}
    if isinstance(field, models.BinaryField):
        return b""
    if field.has_default() or field.null:
        return models.NOT_PROVIDED
    raise NotImplementedError(
        f"rows.py cannot fill {field.model._meta.label}.{field.name} ({type(field).__name__}); "
        "add the model to ROW_OVERRIDES"
    )


def _global_parent(model: type[models.Model], tenant: Tenant, marker: str) -> models.Model:
    if model is Tenant:
        return tenant
    if model is User:
        email = f"{marker.lower()}-{next(_counter)}@example.test"
        return User.objects.create_user(email=email, password=None)
    if model is ContentType:
        return ContentType.objects.get_for_model(Tenant)
    return build_row(model, tenant, marker=marker)


def build_row(
    model: type[models.Model],
    tenant: Tenant,
    *,
    marker: str = "ROW",
    pk: int | None = None,
    _depth: int = 0,
) -> models.Model:
    """Save one row of `model` belonging to `tenant` (for tenant-owned models) and return it;
    with `pk`, under that primary key (parents keep automatic ids)."""
    if _depth > 5:
        raise RecursionError(f"Parent chain too deep building {model._meta.label}")
    values: dict[str, Any] = {}
    override = ROW_OVERRIDES.get(model._meta.label)
    given = override(tenant, marker) if override else {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name == "tenant" or field.name in given:
            continue
        if isinstance(field, models.AutoField | models.BigAutoField):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if getattr(field, "generated", False):
            continue  # computed by the database (GeneratedField)
        if field.is_relation:
            related = field.related_model
            assert isinstance(related, type)
            if related is model and field.null:
                continue  # self-reference: a root row needs no parent
            if issubclass(related, TenantOwnedModel):
                values[field.name] = build_row(related, tenant, marker=marker, _depth=_depth + 1)
            else:
                values[field.name] = _global_parent(related, tenant, marker)
            continue
        value = _scalar(field, marker)
        if value is not models.NOT_PROVIDED:
            values[field.name] = value
    values.update(given)
    if pk is not None:
        values["pk"] = pk
    if issubclass(model, TenantOwnedModel):
        with tenant_context(tenant.pk):
            return model.objects.create(**values)
    return model._default_manager.create(**values)


def tenant_fk_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """FKs (and one-to-ones) from a tenant-owned model to another tenant-owned model."""
    return [
        field
        for field in model._meta.local_fields
        if field.is_relation
        and field.name != "tenant"
        and isinstance(field.related_model, type)
        and issubclass(field.related_model, TenantOwnedModel)
    ]

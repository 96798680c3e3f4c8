"""Wall 2's ledger: every model is tenant-owned or listed here as global, with the reason.

`tests/tenancy/test_model_classification.py` walks every installed model and fails on one that is
neither, so a new model cannot silently skip the tenancy walls. A model is *global* when its rows
belong to the platform or to a global user (identity), never to one tenant's data.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from jobmentis.tenancy.models import TenantManager, TenantOwnedModel

GLOBAL_MODELS: dict[str, str] = {
    # Tenancy itself.
    "accounts.Tenant": "is the tenant",
    "accounts.TenantDomain": "maps host names to tenants before any tenant is known (wall 1)",
    # Identity is global (DESIGN.md): one user, one login, many memberships.
    "accounts.User": "users are global; Membership/Profile carry the per-tenant data",
    "account.EmailAddress": "allauth login identity of a global user",
    "account.EmailConfirmation": "allauth email verification key of a global user",
    "socialaccount.SocialAccount": "allauth social login identity of a global user",
    "socialaccount.SocialToken": "OAuth token of a global user's social login",
    "socialaccount.SocialApp": "platform OAuth client configuration",
    "mfa.Authenticator": "MFA secrets belong to the global user's login",
    "usersessions.UserSession": "a global user's browser sessions (listed on the security page)",
    "privacy.ErasureHold": (
        "blocks sign-in of a global user on every tenant while their erasure is pending"
    ),
    # Email delivery (jobmentis.email): a message may be sent with no tenant (platform host).
    "email.OutboxMessage": (
        "outgoing mail queue; may be sent before any tenant is known (platform host), so "
        "the tenant is the nullable `workspace` column (no RLS: not tenant-isolated)"
    ),
    "email.Suppression": (
        "bounce/complaint list of keyed address hashes, global or per tenant (nullable tenant)"
    ),
    "email.DeliveryEvent": "provider event about one outbox message (global like its message)",
    # Django plumbing.
    "auth.Group": "platform permission groups (tenant admins are scoped by Membership.role)",
    "auth.Permission": "code-defined permission catalogue",
    "contenttypes.ContentType": "code-defined model catalogue",
    "sessions.Session": (
        "host-only cookies; each session is bound to its tenant by "
        "accounts.middleware.TenantMembershipMiddleware"
    ),
    "admin.LogEntry": (
        "Django admin history keyed by the acting user; tenant admin sites must not list it "
        "(accounts.AuditLog is the tenant-owned audit trail)"
    ),
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _is_tenant_owned(model: type[models.Model]) -> bool:
    return issubclass(model, TenantOwnedModel)


def _tenant_model_problems(model: type[models.Model]) -> list[str]:
    label = _label(model)
    problems: list[str] = []
    try:
        tenant = model._meta.get_field("tenant")
    except FieldDoesNotExist:
        return [f"{label}: tenant-owned model without a `tenant` field"]
    if not tenant.many_to_one or tenant.null:
        problems.append(f"{label}: `tenant` must be a non-null ForeignKey")
    elif tenant.related_model is None or tenant.related_model._meta.label != "accounts.Tenant":
        problems.append(f"{label}: `tenant` must point at accounts.Tenant")
    managers = model._meta.managers
    if not managers or not isinstance(managers[0], TenantManager):
        problems.append(f"{label}: the first manager must be a TenantManager (fails closed)")
    if not hasattr(model, "cross_tenant"):
        problems.append(f"{label}: missing the explicit `cross_tenant` escape-hatch manager")
    pk = model._meta.pk
    if pk is None or pk.get_internal_type() != "BigAutoField":
        problems.append(f"{label}: primary key must be a BigAutoField (bigint ids)")
    return problems


def _through_problems(model: type[models.Model]) -> list[str]:
    """An auto-created M2M table has no `tenant_id`, so RLS cannot protect it: it is fine only
    between two global models."""
    ends = [
        field.related_model
        for field in model._meta.get_fields()
        if field.many_to_one and isinstance(field.related_model, type)
    ]
    tenant_ends = [end._meta.label for end in ends if end and _is_tenant_owned(end)]
    if tenant_ends:
        return [
            f"{_label(model)}: auto-created M2M through table touching tenant-owned "
            f"{', '.join(tenant_ends)}; declare an explicit TenantOwnedModel `through=` model"
        ]
    return []


def classification_problems(
    model_list: Iterable[type[models.Model]], *, global_models: dict[str, str] | None = None
) -> list[str]:
    """Every reason a model breaks the rule "tenant-owned, or global with a reason"."""
    registry = GLOBAL_MODELS if global_models is None else global_models
    problems: list[str] = []
    for model in model_list:
        meta = model._meta
        if meta.abstract or meta.proxy:
            continue
        label = _label(model)
        if meta.auto_created:
            problems.extend(_through_problems(model))
            continue
        if _is_tenant_owned(model):
            problems.extend(_tenant_model_problems(model))
            if label in registry:
                problems.append(f"{label}: tenant-owned but also listed as global")
            continue
        reason = registry.get(label)
        if reason is None:
            problems.append(
                f"{label}: unclassified; subclass TenantOwnedModel or add it to "
                "jobmentis.tenancy.registry.GLOBAL_MODELS with the reason it is global"
            )
        elif not reason.strip():
            problems.append(f"{label}: listed as global without a reason")
    return problems


def tenant_owned_models(model_list: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """Concrete tenant-owned models, for tests that must cover every one of them."""
    return [
        model
        for model in model_list
        if _is_tenant_owned(model) and not model._meta.abstract and not model._meta.proxy
    ]

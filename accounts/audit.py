"""The audit trail for admin and support actions on personal data (DESIGN.md, security baseline).

Writes go through `audit_record`; reads through the `audit_*` selectors below. An entry holds
who (actor + the role they acted in), what (action, object type and id), which field *names*
changed and the path — never field values, so the log holds no personal data of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditLog, Tenant, User

MAINTENANCE_DB = "maintenance"


class ActorRole(models.TextChoices):
    """The capacity in which someone acted; the same person may be a tenant admin in one tenant
    and support staff everywhere else."""

    TENANT_ADMIN = "tenant_admin", _("tenant admin")
    SUPPORT = "support", _("support staff")
    SUPERUSER = "superuser", _("platform superuser")


def _object_type(obj_or_model: models.Model | type[models.Model]) -> str:
    return obj_or_model._meta.label_lower


def audit_record(
    *,
    actor: User | None,
    actor_role: str,
    action: str,
    object_type: str,
    object_id: object = "",
    changed_fields: Iterable[str] = (),
    path: str = "",
    tenant_id: int | None = None,
    using: str = "default",
) -> AuditLog:
    """Append one entry.

    In a tenant request leave `tenant_id` out: the entry is stamped with the tenant in context
    and written inside the request's transaction (so a rolled-back change leaves no entry).
    Cross-tenant tools (the support console) pass `tenant_id` and `using="maintenance"`: the
    entry then lands in the log of the tenant whose data was touched.
    """
    entry = AuditLog(
        actor=actor if actor is not None and actor.pk else None,
        actor_role=actor_role,
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id if object_id is not None else "")[:64],
        # Names only, de-duplicated and sorted so entries compare and diff cleanly.
        changed_fields=sorted({str(name) for name in changed_fields}),
        path=path[:300],
    )
    if tenant_id is not None:
        entry.tenant_id = tenant_id
    entry.save(using=using)
    return entry


def audit_record_for_object(
    *,
    actor: User | None,
    actor_role: str,
    action: str,
    obj: models.Model,
    changed_fields: Iterable[str] = (),
    path: str = "",
) -> AuditLog:
    return audit_record(
        actor=actor,
        actor_role=actor_role,
        action=action,
        object_type=_object_type(obj),
        object_id=obj.pk,
        changed_fields=changed_fields,
        path=path,
    )


SUPPORT_ACCESS_SESSION_KEY = "jm_audited_support_access"


def audit_support_access_once(
    *, session: Any, actor: User, actor_role: str, tenant: Tenant, path: str
) -> bool:
    """Record that platform staff opened a tenant's admin: once per session and tenant, so the
    log says who looked in and when without one entry per page. Returns True when recorded."""
    seen: list[int] = list(session.get(SUPPORT_ACCESS_SESSION_KEY, []))
    if tenant.pk in seen:
        return False
    audit_record(
        actor=actor,
        actor_role=actor_role,
        action=AuditLog.Action.SUPPORT_ACCESS,
        object_type=_object_type(Tenant),
        object_id=tenant.pk,
        path=path,
    )
    session[SUPPORT_ACCESS_SESSION_KEY] = [*seen, tenant.pk]
    return True


# --- selectors ---------------------------------------------------------------------------------


def audit_entries_recent(*, limit: int = 10) -> QuerySet[AuditLog]:
    """The current tenant's latest entries (tenant context required: the manager fails closed)."""
    return AuditLog.objects.select_related("actor").order_by("-created_at", "-id")[:limit]


def audit_entries_for_object(*, object_type: str, object_id: object) -> QuerySet[AuditLog]:
    return (
        AuditLog.objects.select_related("actor")
        .filter(object_type=object_type, object_id=str(object_id))
        .order_by("-created_at", "-id")
    )

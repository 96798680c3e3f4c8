"""Writes of the data-subject request queue and the contact form.

Every state change leaves an `accounts.AuditLog` entry (field names only) in the request's
tenant. Callers run inside that tenant's context: the request's own host for the requester and
the tenant admin; `tenant_context(request.tenant_id)` for support staff on the platform host
(see privacy.requests.support_views).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditLog, Membership, Profile, Tenant, User
from privacy.requests.deadlines import (
    MAX_EXTENSION_MONTHS,
    due_date_for,
    extended_due_date_for,
    extension_allowed,
)
from privacy.requests.emails import email_on_commit
from privacy.requests.models import (
    ContactMessage,
    DataSubjectRequest,
    RequestAction,
    RequestNote,
)

Status = DataSubjectRequest.Status
Kind = DataSubjectRequest.Kind
Action = RequestAction

CODE_TTL = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 3
# The role recorded in the audit log when the person the data is about acts themselves.
REQUESTER_ROLE = "data_subject"

# Where each status may go next. Completed and rejected are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.VERIFIED, Status.REJECTED}),
    Status.VERIFIED: frozenset({Status.IN_PROGRESS, Status.COMPLETED, Status.REJECTED}),
    Status.IN_PROGRESS: frozenset({Status.COMPLETED, Status.REJECTED}),
    Status.COMPLETED: frozenset(),
    Status.REJECTED: frozenset(),
}


class RequestError(Exception):
    """A refused action; `message` is shown to the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CodeInvalid(RequestError):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(
            _("That code is not right. %(count)s attempt(s) left.") % {"count": attempts_left}
        )
        self.attempts_left = attempts_left


class CodeExpired(RequestError):
    def __init__(self) -> None:
        super().__init__(_("This code has expired. Send yourself a new one."))


class CodeLocked(RequestError):
    def __init__(self) -> None:
        super().__init__(_("Too many wrong codes. Send yourself a new one."))


def _audit(
    dsr: DataSubjectRequest,
    *,
    actor: User | None,
    actor_role: str,
    action: str,
    changed_fields: Iterable[str] = (),
    path: str = "",
) -> None:
    audit_record(
        actor=actor,
        actor_role=actor_role,
        action=action,
        object_type=DataSubjectRequest._meta.label_lower,
        object_id=dsr.pk,
        changed_fields=changed_fields,
        path=path,
    )


def _code_digest(dsr: DataSubjectRequest, code: str) -> str:
    # Keyed with SECRET_KEY and bound to this request: a leaked table reveals no code, and a
    # code of one request is worthless for another.
    return salted_hmac(
        "privacy.requests.code", f"{dsr.tenant_id}:{dsr.pk}:{code}", algorithm="sha256"
    ).hexdigest()


def _request_context(dsr: DataSubjectRequest) -> dict[str, Any]:
    return {
        "reference": dsr.reference,
        "kind": dsr.get_kind_display(),
        "full_name": dsr.full_name or dsr.email,
        "received_on": timezone.localdate(dsr.received_at),
        "due_on": dsr.effective_due_on,
    }


def _email(dsr: DataSubjectRequest, template: str, **extra: Any) -> None:
    tenant = Tenant.objects.get(pk=dsr.tenant_id)
    email_on_commit(
        tenant=tenant,
        to=dsr.email,
        template=template,
        language=dsr.language,
        context={**_request_context(dsr), **extra},
    )


# --- requester side -----------------------------------------------------------------------------


def request_create_for_user(
    *, user: User, kind: str, details: str = "", language: str = "en", path: str = ""
) -> DataSubjectRequest:
    """A signed-in member's request. Their identity is the signed-in account: verified at once."""
    now = timezone.now()
    profile = Profile.objects.filter(user=user).only("full_name").first()
    dsr = DataSubjectRequest.objects.create(
        kind=kind,
        source=DataSubjectRequest.Source.ACCOUNT,
        status=Status.VERIFIED,
        user=user,
        email=user.email,
        full_name=profile.full_name if profile else "",
        details=details,
        language=language,
        received_at=now,
        due_on=due_date_for(timezone.localdate(now)),
        verified_at=now,
    )
    _audit(dsr, actor=user, actor_role=REQUESTER_ROLE, action=AuditLog.Action.ADD, path=path)
    _email(dsr, "acknowledgement")
    return dsr


def request_create_public(
    *,
    kind: str,
    full_name: str,
    email: str,
    details: str = "",
    language: str = "en",
    path: str = "",
) -> DataSubjectRequest:
    """A request from the public form: recorded now (the legal clock starts at receipt) and
    emailed a code that proves the person controls the address."""
    now = timezone.now()
    dsr = DataSubjectRequest.objects.create(
        kind=kind,
        source=DataSubjectRequest.Source.PUBLIC_FORM,
        status=Status.RECEIVED,
        email=email.strip().lower(),
        full_name=full_name.strip(),
        details=details,
        language=language,
        received_at=now,
        due_on=due_date_for(timezone.localdate(now)),
    )
    _audit(dsr, actor=None, actor_role=REQUESTER_ROLE, action=AuditLog.Action.ADD, path=path)
    request_code_send(dsr=dsr, path=path)
    return dsr


def request_code_send(*, dsr: DataSubjectRequest, path: str = "") -> None:
    """Issue a fresh code (a new code replaces the old one and resets the attempts)."""
    if dsr.status != Status.RECEIVED:
        raise RequestError(_("This request is already confirmed."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    dsr.code_hash = _code_digest(dsr, code)
    dsr.code_expires_at = timezone.now() + CODE_TTL
    dsr.code_attempts = 0
    dsr.save(update_fields=["code_hash", "code_expires_at", "code_attempts"])
    _email(dsr, "verification_code", code=code, minutes=int(CODE_TTL.total_seconds() // 60))


def request_code_verify(*, dsr: DataSubjectRequest, code: str, path: str = "") -> None:
    """Check the emailed code. A wrong code costs one of three attempts; the third wrong one
    voids the code. Raises CodeInvalid / CodeExpired / CodeLocked.

    The attempt counter is saved before raising, so the caller must not roll back its
    transaction on these errors.
    """
    if dsr.status != Status.RECEIVED:
        return
    if not dsr.code_hash or dsr.code_attempts >= CODE_MAX_ATTEMPTS:
        raise CodeLocked
    if dsr.code_expires_at is None or timezone.now() >= dsr.code_expires_at:
        raise CodeExpired
    candidate = "".join(code.split())
    if not constant_time_compare(_code_digest(dsr, candidate), dsr.code_hash):
        dsr.code_attempts += 1
        fields = ["code_attempts"]
        if dsr.code_attempts >= CODE_MAX_ATTEMPTS:
            dsr.code_hash = ""
            dsr.code_expires_at = None
            fields += ["code_hash", "code_expires_at"]
        dsr.save(update_fields=fields)
        if dsr.code_attempts >= CODE_MAX_ATTEMPTS:
            raise CodeLocked
        raise CodeInvalid(CODE_MAX_ATTEMPTS - dsr.code_attempts)
    dsr.status = Status.VERIFIED
    dsr.verified_at = timezone.now()
    dsr.code_hash = ""
    dsr.code_expires_at = None
    # The address is now proven: link the member account it belongs to in this tenant, so
    # staff can run the export or erasure for it.
    dsr.user = (
        User.objects.filter(
            Q(email__iexact=dsr.email)
            | Q(emailaddress__email__iexact=dsr.email, emailaddress__verified=True),
            pk__in=Membership.objects.values("user_id"),
        )
        .distinct()
        .first()
    )
    dsr.save(update_fields=["status", "verified_at", "code_hash", "code_expires_at", "user"])
    _audit(
        dsr,
        actor=None,
        actor_role=REQUESTER_ROLE,
        action=AuditLog.Action.CHANGE,
        changed_fields=["status", "verified_at", "user"],
        path=path,
    )
    _email(dsr, "acknowledgement")


# --- staff side ---------------------------------------------------------------------------------


def request_assign(
    *, dsr: DataSubjectRequest, assignee: User | None, actor: User, actor_role: str, path: str = ""
) -> None:
    if assignee is not None and not (assignee.is_support or assignee.is_superuser):
        raise RequestError(_("Only support staff can be assigned a request."))
    dsr.assignee = assignee
    dsr.save(update_fields=["assignee"])
    _audit(
        dsr,
        actor=actor,
        actor_role=actor_role,
        action=AuditLog.Action.CHANGE,
        changed_fields=["assignee"],
        path=path,
    )


def request_set_status(
    *,
    dsr: DataSubjectRequest,
    status: str,
    actor: User,
    actor_role: str,
    reason: str = "",
    resolution: str = "",
    path: str = "",
) -> None:
    """Move the request along the workflow. Rejecting needs a reason; completing or rejecting
    emails the requester (with the reason or the message to them)."""
    if status not in TRANSITIONS.get(dsr.status, frozenset()):
        raise RequestError(
            _("A request that is “%(current)s” cannot become “%(new)s”.")
            % {"current": dsr.get_status_display(), "new": Status(status).label}
        )
    reason, resolution = reason.strip(), resolution.strip()
    fields = ["status"]
    if status == Status.REJECTED:
        if not reason:
            raise RequestError(_("Give the reason for rejecting the request."))
        dsr.rejection_reason = reason
        fields.append("rejection_reason")
    if status == Status.VERIFIED:
        dsr.verified_at = timezone.now()
        fields.append("verified_at")
    if status in (Status.COMPLETED, Status.REJECTED):
        dsr.closed_at = timezone.now()
        dsr.resolution = resolution
        fields += ["closed_at", "resolution"]
    dsr.status = status
    dsr.save(update_fields=fields)
    _audit(
        dsr,
        actor=actor,
        actor_role=actor_role,
        action=AuditLog.Action.CHANGE,
        changed_fields=fields,
        path=path,
    )
    if status in (Status.COMPLETED, Status.REJECTED):
        _email(
            dsr,
            "completion",
            completed=status == Status.COMPLETED,
            rejection_reason=dsr.rejection_reason,
            resolution=dsr.resolution,
        )


def request_extend(
    *,
    dsr: DataSubjectRequest,
    months: int,
    reason: str,
    actor: User,
    actor_role: str,
    today: date | None = None,
    path: str = "",
) -> None:
    """Extend the deadline to `months` (1 or 2) further months in total, with the reason, and
    tell the requester (Art. 12(3): within the first month, with the reasons)."""
    today = today or timezone.localdate()
    reason = reason.strip()
    if not dsr.is_open:
        raise RequestError(_("A closed request cannot be extended."))
    if not reason:
        raise RequestError(_("Give the reason for the extension; it is sent to the requester."))
    if today > dsr.due_on:
        raise RequestError(
            _("The original deadline (%(date)s) has passed: it can no longer be extended.")
            % {"date": dsr.due_on.isoformat()}
        )
    if not extension_allowed(
        today=today, original_due=dsr.due_on, months_already=dsr.extension_months, months=months
    ):
        raise RequestError(
            _("The deadline can be extended by at most %(max)s months in total.")
            % {"max": MAX_EXTENSION_MONTHS}
        )
    dsr.extension_months = months
    dsr.extended_due_on = extended_due_date_for(timezone.localdate(dsr.received_at), months)
    dsr.extension_reason = reason
    dsr.extended_at = timezone.now()
    fields = ["extension_months", "extended_due_on", "extension_reason", "extended_at"]
    dsr.save(update_fields=fields)
    _audit(
        dsr,
        actor=actor,
        actor_role=actor_role,
        action=AuditLog.Action.CHANGE,
        changed_fields=fields,
        path=path,
    )
    _email(dsr, "extension", reason=reason, original_due_on=dsr.due_on)


def request_note_add(
    *, dsr: DataSubjectRequest, body: str, author: User | None, actor_role: str, path: str = ""
) -> RequestNote:
    note = RequestNote.objects.create(request=dsr, author=author, body=body.strip())
    audit_record(
        actor=author,
        actor_role=actor_role,
        action=AuditLog.Action.ADD,
        object_type=RequestNote._meta.label_lower,
        object_id=note.pk,
        path=path,
    )
    return note


# --- contact form -------------------------------------------------------------------------------

CONTACT_ACK_TEMPLATE = "contact_acknowledgement"


def contact_message_create(
    *,
    full_name: str,
    email: str,
    subject: str,
    message: str,
    user: User | None = None,
    language: str = "en",
) -> ContactMessage:
    contact = ContactMessage.objects.create(
        full_name=full_name.strip(),
        email=email.strip().lower(),
        subject=subject.strip(),
        message=message.strip(),
        user=user if user is not None and user.pk else None,
    )
    tenant = Tenant.objects.get(pk=contact.tenant_id)
    email_on_commit(
        tenant=tenant,
        to=contact.email,
        template=CONTACT_ACK_TEMPLATE,
        language=language,
        context={"full_name": contact.full_name, "subject": contact.subject},
    )
    return contact


# --- running the request ------------------------------------------------------------------------


# Rectification has no automated action: staff correct the data in the tenant admin and note it.
ACTIONS_FOR_KIND: dict[str, tuple[str, ...]] = {
    Kind.ACCESS: (Action.EXPORT,),
    Kind.PORTABILITY: (Action.EXPORT,),
    Kind.ERASURE: (Action.ERASURE,),
    Kind.RESTRICTION: (Action.RESTRICT_AI,),
    Kind.OBJECTION: (Action.OBJECT_TRACKING,),
    Kind.RECTIFICATION: (),
}


def request_actions(dsr: DataSubjectRequest) -> tuple[str, ...]:
    """The actions that may run now: on a verified or in-progress request with a linked account."""
    if dsr.status not in (Status.VERIFIED, Status.IN_PROGRESS) or dsr.user_id is None:
        return ()
    return ACTIONS_FOR_KIND.get(dsr.kind, ())


def request_run_action(
    *, dsr: DataSubjectRequest, action: str, actor: User, actor_role: str, path: str = ""
) -> str:
    """Run `action` for the account the request is about, in the request's tenant; move a
    verified request to "in progress"; leave a note and an audit entry. Returns what happened,
    for the person who ran it (the note says the same)."""
    if action not in request_actions(dsr):
        if dsr.user_id is None:
            raise RequestError(_("No member account is linked to this request."))
        if dsr.status not in (Status.VERIFIED, Status.IN_PROGRESS):
            raise RequestError(_("Only a verified, open request can be acted on."))
        raise RequestError(_("This action does not answer this kind of request."))
    user = dsr.user
    assert user is not None  # request_actions() is empty without a linked account
    tenant = Tenant.objects.get(pk=dsr.tenant_id)
    outcome = _ACTION_RUNNERS[RequestAction(action)](user=user, tenant=tenant, dsr=dsr)
    fields: list[str] = []
    if dsr.status == Status.VERIFIED:
        dsr.status = Status.IN_PROGRESS
        dsr.save(update_fields=["status"])
        fields.append("status")
    RequestNote.objects.create(request=dsr, author=actor, body=outcome)
    _audit(
        dsr,
        actor=actor,
        actor_role=actor_role,
        action=AuditLog.Action.CHANGE,
        changed_fields=[f"action:{action}", *fields],
        path=path,
    )
    return outcome


def _run_export(*, user: User, tenant: Tenant, dsr: DataSubjectRequest) -> str:
    from privacy.services import export_request

    export = export_request(user=user, tenant=tenant, source=f"dsr:{dsr.reference}")
    return _(
        "Data export #%(id)s queued. The person is emailed a download link when it is ready."
    ) % {"id": export.pk}


def _run_erasure(*, user: User, tenant: Tenant, dsr: DataSubjectRequest) -> str:
    from privacy.services import erasure_request

    erasure = erasure_request(user=user, tenant=tenant, source=f"dsr:{dsr.reference}")
    return _(
        "Account closed; erasure #%(id)s runs after the %(days)s-day grace period "
        "(%(date)s) unless the person cancels it."
    ) % {
        "id": erasure.pk,
        "days": settings.PRIVACY_ERASURE_GRACE_DAYS,
        "date": timezone.localdate(erasure.grace_until).isoformat(),
    }


def _run_restrict_ai(*, user: User, tenant: Tenant, dsr: DataSubjectRequest) -> str:
    from privacy.consent.interfaces import restriction_set

    restriction_set(user=user, tenant=tenant, restricted=True, source="support")
    return _("AI processing of the person's CVs is now restricted.")


def _run_object_tracking(*, user: User, tenant: Tenant, dsr: DataSubjectRequest) -> str:
    from privacy.consent.interfaces import tracking_objection_record

    tracking_objection_record(user=user, tenant=tenant, source="support")
    return _("Analytics and marketing consent withdrawn; no further events are sent.")


_ACTION_RUNNERS: dict[RequestAction, Callable[..., str]] = {
    Action.EXPORT: _run_export,
    Action.ERASURE: _run_erasure,
    Action.RESTRICT_AI: _run_restrict_ai,
    Action.OBJECT_TRACKING: _run_object_tracking,
}

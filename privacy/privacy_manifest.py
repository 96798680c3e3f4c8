"""Personal data held by the privacy app itself, by the Django/allauth apps we install, and the
external systems the platform shares data with (format: privacy/manifest.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    Anonymise,
    AppManifest,
    Category,
    ExternalSystem,
    ModelEntry,
    Retention,
    hidden,
    observed,
    provided,
)


def _sessions_of(user_id: int) -> models.QuerySet[Any]:
    # Django sessions have no user column: allauth's UserSession records every session key a
    # user signed in with (UserSessionsMiddleware), which is how we find them.
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    keys = UserSession.objects.filter(user_id=user_id).values("session_key")
    return Session.objects.filter(session_key__in=keys)


def _email_contacts_configured() -> bool:
    return bool(getattr(settings, "PRIVACY_EMAIL_CONTACTS_PROVIDER", ""))


_ALLAUTH_AND_DJANGO = [
    ModelEntry(
        model="admin.LogEntry",
        purpose="History of changes made through the admin by this user (staff only).",
        subject="user",
        fields={
            "action_time": TECHNICAL,
            "user": INTERNAL,
            "content_type": INTERNAL,
            "object_id": INTERNAL,
            "object_repr": observed(Category.USAGE),
            "action_flag": observed(Category.USAGE),
            "change_message": observed(Category.USAGE),
        },
    ),
    ModelEntry(
        model="auth.Permission",
        purpose="Code-defined permission catalogue.",
        personal=False,
        fields={"name": INTERNAL, "content_type": INTERNAL, "codename": INTERNAL},
    ),
    ModelEntry(
        model="auth.Group",
        purpose="Platform permission groups.",
        personal=False,
        fields={"name": INTERNAL, "permissions": INTERNAL},
    ),
    ModelEntry(
        model="contenttypes.ContentType",
        purpose="Code-defined model catalogue.",
        personal=False,
        fields={"app_label": INTERNAL, "model": INTERNAL},
    ),
    ModelEntry(
        model="sessions.Session",
        purpose="Your signed-in browser sessions.",
        lookup=_sessions_of,
        fields={
            "session_key": hidden(Category.SECURITY),
            "session_data": hidden(Category.SECURITY),
            "expire_date": TECHNICAL,
        },
    ),
    ModelEntry(
        model="account.EmailAddress",
        purpose="The email addresses you sign in with and receive mail at.",
        subject="user",
        fields={
            "user": INTERNAL,
            "email": provided(Category.IDENTITY),
            "verified": TECHNICAL,
            "primary": provided(Category.IDENTITY),
        },
    ),
    ModelEntry(
        model="account.EmailConfirmation",
        purpose="Pending email verification links.",
        subject="email_address__user",
        fields={
            "created": TECHNICAL,
            "sent": TECHNICAL,
            "key": hidden(Category.SECURITY),
            "email_address": INTERNAL,
        },
    ),
    ModelEntry(
        model="socialaccount.SocialApp",
        purpose="Platform OAuth client configuration.",
        personal=False,
        fields={
            "provider": INTERNAL,
            "provider_id": INTERNAL,
            "name": INTERNAL,
            "client_id": INTERNAL,
            "secret": INTERNAL,
            "key": INTERNAL,
            "settings": INTERNAL,
        },
    ),
    ModelEntry(
        model="socialaccount.SocialAccount",
        purpose="Sign-in with Google: the account link and the profile Google sent.",
        subject="user",
        fields={
            "user": INTERNAL,
            "provider": provided(Category.IDENTITY),
            "uid": provided(Category.IDENTITY),
            "last_login": observed(Category.SECURITY),
            "date_joined": TECHNICAL,
            "extra_data": provided(Category.IDENTITY),
        },
    ),
    ModelEntry(
        model="socialaccount.SocialToken",
        purpose="OAuth tokens of a social sign-in.",
        subject="account__user",
        fields={
            "app": INTERNAL,
            "account": INTERNAL,
            "token": hidden(Category.SECURITY),
            "token_secret": hidden(Category.SECURITY),
            "expires_at": TECHNICAL,
        },
    ),
    ModelEntry(
        model="mfa.Authenticator",
        purpose="Two-factor authentication (authenticator app, recovery codes).",
        subject="user",
        fields={
            "user": INTERNAL,
            "type": provided(Category.SECURITY),
            "data": hidden(Category.SECURITY),
            "created_at": TECHNICAL,
            "last_used_at": observed(Category.SECURITY),
        },
    ),
    ModelEntry(
        model="usersessions.UserSession",
        purpose="Your sessions as listed on the security page: device, IP address, last seen.",
        subject="user",
        fields={
            "user": INTERNAL,
            "created_at": observed(Category.SECURITY),
            "ip": observed(Category.SECURITY),
            "last_seen_at": observed(Category.SECURITY),
            "session_key": hidden(Category.SECURITY),
            "user_agent": observed(Category.SECURITY),
            "data": hidden(Category.SECURITY),
        },
    ),
]

_PRIVACY = [
    ModelEntry(
        model="privacy.DataExport",
        purpose="Copies of your data you asked for (kept 7 days).",
        subject="user",
        retention=Retention(
            age=timedelta(0),
            timestamp_field="expires_at",
            description="Export files are deleted when their link expires.",
        ),
        fields={
            "user": INTERNAL,
            "source": TECHNICAL,
            "status": TECHNICAL,
            "progress": INTERNAL,
            "file": INTERNAL,
            "size": INTERNAL,
            "manifest_version": INTERNAL,
            "error": INTERNAL,
            "created_at": TECHNICAL,
            "ready_at": TECHNICAL,
            "expires_at": TECHNICAL,
            "downloaded_at": TECHNICAL,
        },
    ),
    ModelEntry(
        model="privacy.ErasureRequest",
        purpose="Your requests to delete your account.",
        subject="user",
        legal_basis="legal obligation: proof that erasure requests were honoured (Art. 5(2))",
        erasure=Anonymise(
            strategy="unlink user", values={"user": None, "subject_id": None, "snapshot": []}
        ),
        retention=Retention(
            age=timedelta(days=6 * 365),
            timestamp_field="requested_at",
            description="Erasure requests and receipts are kept 6 years, without personal data.",
        ),
        fields={
            "user": INTERNAL,
            "subject_hash": INTERNAL,
            "subject_id": INTERNAL,
            "source": TECHNICAL,
            "status": TECHNICAL,
            "requested_at": TECHNICAL,
            "grace_until": TECHNICAL,
            "started_at": TECHNICAL,
            "completed_at": TECHNICAL,
            "cancelled_at": TECHNICAL,
            "tenant_ids": INTERNAL,
            "snapshot": INTERNAL,
            "attempts": INTERNAL,
            "status_token": INTERNAL,
            "last_error": INTERNAL,
        },
    ),
    ModelEntry(
        model="privacy.ErasureStep",
        purpose="The steps of an erasure (model names and counts only).",
        personal=False,
        fields={
            "request": INTERNAL,
            "position": INTERNAL,
            "kind": INTERNAL,
            "target": INTERNAL,
            "target_tenant_id": INTERNAL,
            "status": INTERNAL,
            "attempts": INTERNAL,
            "count": INTERNAL,
            "error": INTERNAL,
            "finished_at": INTERNAL,
        },
    ),
    ModelEntry(
        model="privacy.ErasureReceipt",
        purpose="Proof that an erasure completed (keyed hash, counts; no personal data).",
        personal=False,
        fields={
            "request": INTERNAL,
            "receipt_id": INTERNAL,
            "subject_hash": INTERNAL,
            "manifest_version": INTERNAL,
            "counts": INTERNAL,
            "retained": INTERNAL,
            "requested_at": INTERNAL,
            "completed_at": INTERNAL,
            "verified_at": INTERNAL,
        },
    ),
    ModelEntry(
        model="privacy.ErasureHold",
        purpose="Keeps your account closed while its deletion is pending.",
        subject="user",
        fields={
            "user": INTERNAL,
            "request_tenant": INTERNAL,
            "request_id_value": INTERNAL,
            "grace_until": TECHNICAL,
            "created_at": TECHNICAL,
        },
    ),
]

_EXTERNAL = [
    ExternalSystem(
        name="file_storage",
        purpose="Stores the files you upload (CVs, profile picture) and your data exports.",
        holds="Original CV files, profile pictures, export archives.",
        retention="Until you delete them or your account; exports 7 days.",
        recipient="Our file storage (local disk or Amazon S3, encrypted at rest)",
        adapter="privacy.adapters.files.FileStorageAdapter",
    ),
    ExternalSystem(
        name="email_contacts",
        purpose="Delivers the emails we send you (transactional mail provider).",
        holds="Your email address and delivery events, as a contact at the mail provider.",
        retention="Until your account is erased.",
        recipient="Email delivery provider (Brevo, Resend or SendGrid, when configured)",
        adapter="privacy.adapters.email_contacts.EmailContactsAdapter",
        configured=_email_contacts_configured,
    ),
    ExternalSystem(
        name="ai_providers",
        purpose="Reads and improves your CV when you use AI features.",
        holds="Nothing retained: requests are sent with zero-retention settings and not stored.",
        retention="None (processed in memory, not used for training).",
        recipient="AI model providers (Anthropic, OpenAI, Google), as configured",
        stores_personal_data=False,
    ),
]

MANIFEST = AppManifest(models=[*_ALLAUTH_AND_DJANGO, *_PRIVACY], external=_EXTERNAL)

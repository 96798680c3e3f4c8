"""Personal data held by the data-subject request queue and the contact form (format:
privacy/manifest.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    AppManifest,
    Category,
    Delete,
    ModelEntry,
    Retain,
    Retention,
    observed,
    provided,
)


def _notes_of_user(user_id: int) -> QuerySet[Any]:
    from privacy.requests.models import RequestNote

    return RequestNote.objects.filter(request__user_id=user_id)


MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="dsr.DataSubjectRequest",
            purpose="Handling the person's data-protection requests (GDPR Art. 12-22).",
            subject="user",
            legal_basis="legal obligation (Art. 6(1)(c), Art. 12 GDPR)",
            # The record that a request was made and answered is the controller's proof of
            # compliance (Art. 5(2)): kept, but cut from the person.
            erasure=Retain(
                legal_basis="accountability: proof that the request was answered (Art. 5(2))",
                until="3 years after the request is closed",
            ),
            retention=Retention(
                age=timedelta(days=3 * 365),
                timestamp_field="received_at",
                description="Data-subject requests kept 3 years after receipt, then deleted.",
            ),
            fields={
                "kind": provided(Category.COMMUNICATION),
                "status": observed(Category.COMMUNICATION),
                "source": observed(Category.COMMUNICATION),
                "user": INTERNAL,
                "full_name": provided(Category.IDENTITY),
                "email": provided(Category.IDENTITY),
                "details": provided(Category.COMMUNICATION),
                "language": observed(Category.PROFILE),
                "received_at": TECHNICAL,
                "due_on": TECHNICAL,
                "extension_months": TECHNICAL,
                "extended_due_on": TECHNICAL,
                "extension_reason": observed(Category.COMMUNICATION),
                "extended_at": TECHNICAL,
                "verified_at": TECHNICAL,
                "closed_at": TECHNICAL,
                "rejection_reason": observed(Category.COMMUNICATION),
                "resolution": observed(Category.COMMUNICATION),
                "assignee": INTERNAL,
                "code_hash": INTERNAL,
                "code_expires_at": INTERNAL,
                "code_attempts": INTERNAL,
            },
        ),
        ModelEntry(
            model="dsr.RequestNote",
            purpose="Support staff's internal notes while handling a request.",
            # Reached through the (retained) request, which the user's deletion unlinks rather
            # than deletes: an explicit lookup, and retained with the request.
            lookup=_notes_of_user,
            legal_basis="legal obligation (Art. 6(1)(c), Art. 12 GDPR)",
            erasure=Retain(
                legal_basis="accountability: how the request was handled (Art. 5(2))",
                until="deleted with its request",
            ),
            fields={
                "request": INTERNAL,
                "author": INTERNAL,
                "body": observed(Category.COMMUNICATION),
                "created_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="dsr.ContactMessage",
            purpose="Answering messages sent through the contact form.",
            subject="user",
            legal_basis="legitimate interest: answering the sender (Art. 6(1)(f))",
            erasure=Delete(),
            retention=Retention(
                age=timedelta(days=730),
                timestamp_field="created_at",
                description="Contact messages kept 24 months, then deleted.",
            ),
            fields={
                "full_name": provided(Category.IDENTITY),
                "email": provided(Category.IDENTITY),
                "subject": provided(Category.COMMUNICATION),
                "message": provided(Category.COMMUNICATION),
                "user": INTERNAL,
                "created_at": TECHNICAL,
            },
        ),
    ],
)

"""What other apps may use from consent (they import only this module)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.consent.selectors import (
    ai_processing_restricted,
    ai_processing_restricted_by_id,
    consent_state,
    has_consent,
)
from privacy.consent.services import (
    newsletter_consent_record,
    policies_accept,
    policy_defaults_ensure,
    restriction_set,
    tracking_objection_record,
)
from privacy.consent.tracking import track_event

# The sentence shown wherever an AI feature is refused for a restricted user.
AI_RESTRICTED_MESSAGE = _(
    "You've restricted AI processing of your CVs — change this in Data & Privacy"
)


__all__ = [
    "AI_RESTRICTED_MESSAGE",
    "ai_processing_restricted",
    "ai_processing_restricted_by_id",
    "consent_state",
    "has_consent",
    "newsletter_consent_record",
    "policies_accept",
    "policy_defaults_ensure",
    "restriction_set",
    "track_event",
    "tracking_objection_record",
]

"""A paid checkout fires the privacy engine's Purchase event — only with marketing consent and
Meta switched on for the tenant (signed webhook through the real view and SDK)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accounts.models import Tenant, User
from billing.models import Plan
from privacy.consent.services import consent_choices_save
from tests.billing.test_webhooks import checkout, metadata_for, post_event
from tests.consent.conftest import queued, tracking_enable  # noqa: F401  (fixture)
from tests.fakes import stripe as fake
from tests.fakes.stripe import FakeStripe

pytestmark = pytest.mark.django_db


def _pay(tenant: Tenant, user: User, fake_stripe: FakeStripe, capture: Any) -> None:
    subscription = checkout(fake_stripe, tenant, user)
    post_event(
        tenant,
        fake.checkout_completed(subscription=subscription, metadata=metadata_for(tenant, user)),
        capture=capture,
    )


@pytest.mark.parametrize("consented", [True, False])
def test_paid_checkout_sends_purchase_only_with_marketing_consent(
    consented: bool,
    fake_stripe: FakeStripe,
    tenant_a: Tenant,
    seeker_a: User,
    pro_a: Plan,
    event_tasks: Any,
    queued: list[tuple[str, dict[str, Any]]],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, meta=True, posthog=False)
    consent_choices_save(
        tenant=tenant_a, choices={"marketing": consented}, source="banner", user=seeker_a
    )
    _pay(tenant_a, seeker_a, fake_stripe, django_capture_on_commit_callbacks)
    meta = [kwargs for name, kwargs in queued if name == "consent.meta_event_send"]
    if not consented:
        assert meta == []
        return
    [kwargs] = meta
    assert "Purchase" in json.dumps(kwargs)
    assert '"value": 9.0' in json.dumps(kwargs) and "EUR" in json.dumps(kwargs)

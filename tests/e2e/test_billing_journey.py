"""Billing in a real browser: a free user hits a plan limit and sees the upgrade path; a signed
checkout webhook (posted to the live server; the fake Stripe server answers the subscription
re-fetch) upgrades the plan and the limit rises; a failed invoice shows the past-due banner;
cancellation at period end downgrades.

The gated action is the stored-CV limit on CV upload: the CV optimisation feature (the other
quota-gated action) had not landed when this test was written.
"""

from __future__ import annotations

import io
import json
import re
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Tenant, User
from accounts.services import user_create_in_tenant
from billing.models import Plan, UsageCounter
from billing.selectors import calendar_month
from billing.tasks import stripe_event_process_task
from jobmentis.tenancy.context import tenant_context
from resumes.services import resume_upload
from resumes.validation import validate_resume_file
from tests.fakes import stripe as fake
from tests.fakes.stripe import FakeStripe, fake_stripe  # noqa: F401  (fixture)
from tests.resumes.files import make_pdf

pytestmark = pytest.mark.e2e

PASSWORD = "lantern-quartz-river-58"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _shot(page: Page, name: str) -> None:
    """Desktop and phone screenshots; on a phone the page must not scroll sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"billing-{name}.png"), full_page=True)
    desktop = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.screenshot(path=str(SHOTS / f"billing-{name}-phone.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px of sideways scrolling on a phone"
    finally:
        if desktop:
            page.set_viewport_size(desktop)


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label(re.compile(r"^\s*Email\W*$", re.I)).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\W*$", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*Sign In\s*$", re.I)).click()


@pytest.fixture
def worker_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Webhook processing runs as the worker would, when the webhook request commits."""
    monkeypatch.setattr(
        stripe_event_process_task,
        "apply_async",
        lambda kwargs, **options: stripe_event_process_task.apply(kwargs=kwargs, throw=True),
    )


def _post_webhook(live_server: Any, tenant: Tenant, event: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps(event)
    request = urllib.request.Request(  # noqa: S310  (the local live server)
        f"{live_server.url}/billing/webhooks/stripe/",
        data=body.encode(),
        method="POST",
        headers={
            "Host": f"{tenant.slug}.{settings.TENANT_BASE_DOMAIN}",
            "Content-Type": "application/json",
            "Stripe-Signature": fake.sign(body),
        },
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        answer: dict[str, Any] = json.loads(response.read())
    return answer


def test_free_user_upgrades_goes_past_due_and_is_downgraded_on_cancellation(
    new_session: Callable[[], Any],
    url_for: Any,
    live_server: Any,
    acme: Tenant,
    fake_stripe: FakeStripe,  # noqa: F811
    worker_inline: None,
) -> None:
    seeker: User = user_create_in_tenant(
        tenant=acme, email="ada@acme.example", password=PASSWORD, full_name="Ada Seeker"
    )
    with tenant_context(acme.pk):
        Plan.objects.create(
            name="Pro",
            sort_order=10,
            monthly_price=Decimal("9.00"),
            stripe_price_monthly="price_pro_monthly",
            cv_optimisation=50,
            stored_cv=10,
        )
        # Some history for the usage page: the last three months' use.
        month = calendar_month(timezone.now())
        for back, used in ((1, 3), (2, 2), (3, 1)):
            month = calendar_month(month.start - timedelta(days=1))
            for feature in ("cv_optimisation", "cover_letter"):
                UsageCounter.objects.create(
                    user=seeker,
                    feature=feature,
                    period_start=month.start,
                    period_end=month.end,
                    used=used + back % 2,
                )
        for index in range(3):  # the free plan keeps 3 CVs
            validated = validate_resume_file(io.BytesIO(make_pdf([[f"Person {index}"]])))
            resume_upload(user=seeker, upload=validated, original_filename=f"cv{index}.pdf")

    page = new_session().page
    _sign_in(page, url_for(acme, "/accounts/login/?next=/cvs/"), seeker.email)
    expect(page).to_have_url(re.compile(r"/cvs/$"))

    # 1. At the limit: the upload card says so and links to the plans.
    limit_note = page.get_by_test_id("quota-exhausted")
    expect(limit_note).to_be_visible()
    _shot(page, "limit-reached")
    limit_note.get_by_role("link", name="Upgrade your plan").click()
    expect(page).to_have_url(re.compile(r"/billing/#plans$"))
    expect(page.get_by_test_id("current-plan")).to_have_text("Free")
    _shot(page, "plans")

    # 2. Checkout: the browser goes to Stripe's hosted page (the fake's stand-in).
    page.get_by_role("button", name="Upgrade to Pro").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(fake_stripe.base_url)}/c/pay/cs_test_"))
    (params,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    metadata = {"tenant_id": params["metadata[tenant_id]"], "user_id": params["metadata[user_id]"]}
    assert metadata == {"tenant_id": str(acme.pk), "user_id": str(seeker.pk)}

    # Stripe completes the checkout and calls the webhook.
    customer = fake_stripe.customer_add(email=seeker.email)
    subscription = fake_stripe.subscription_set(
        customer=customer, price="price_pro_monthly", metadata=metadata
    )
    answer = _post_webhook(
        live_server, acme, fake.checkout_completed(subscription=subscription, metadata=metadata)
    )
    assert answer == {"status": "queued"}

    page.goto(url_for(acme, "/billing/?checkout=success"))
    expect(page.get_by_test_id("current-plan")).to_have_text("Pro")
    expect(page.get_by_text("Your payment went through")).to_be_visible()
    page.goto(url_for(acme, "/cvs/"))
    expect(page.get_by_test_id("quota-note")).to_contain_text("room for 7 more")
    expect(page.get_by_test_id("quota-exhausted")).to_have_count(0)
    page.goto(url_for(acme, "/billing/usage/"))
    expect(page.get_by_role("heading", name="Your usage")).to_be_visible()
    expect(page.get_by_role("img", name="Monthly use of AI features")).to_be_visible()
    _shot(page, "usage")

    # 3. A renewal fails: past-due banner across the app, with the way to fix it.
    past_due = fake_stripe.subscription_set(
        subscription_id=subscription["id"],
        customer=customer,
        price="price_pro_monthly",
        status="past_due",
        metadata=metadata,
    )
    _post_webhook(
        live_server, acme, fake.invoice_event("invoice.payment_failed", past_due, paid=False)
    )
    page.goto(url_for(acme, "/dashboard/"))
    banner = page.get_by_test_id("past-due-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Your last payment failed")
    expect(banner.get_by_role("button", name="Update payment method")).to_be_visible()
    _shot(page, "past-due-banner")

    # The payment goes through after all; then the user cancels at period end in the portal.
    fake_stripe.subscription_set(
        subscription_id=subscription["id"],
        customer=customer,
        price="price_pro_monthly",
        status="active",
        metadata=metadata,
    )
    _post_webhook(live_server, acme, fake.invoice_event("invoice.paid", past_due, paid=True))
    cancelling = fake_stripe.subscription_set(
        subscription_id=subscription["id"],
        customer=customer,
        price="price_pro_monthly",
        status="active",
        cancel_at_period_end=True,
        metadata=metadata,
    )
    _post_webhook(
        live_server, acme, fake.subscription_event("customer.subscription.updated", cancelling)
    )
    page.goto(url_for(acme, "/billing/"))
    expect(page.get_by_test_id("past-due-banner")).to_have_count(0)
    expect(page.get_by_test_id("current-plan")).to_have_text("Pro")
    expect(page.get_by_text("Cancelled: you keep it until")).to_be_visible()

    # 4. The period ends: Stripe deletes the subscription and the user is back on Free.
    ended = fake_stripe.subscription_set(
        subscription_id=subscription["id"],
        customer=customer,
        price="price_pro_monthly",
        status="canceled",
        metadata=metadata,
    )
    _post_webhook(
        live_server, acme, fake.subscription_event("customer.subscription.deleted", ended)
    )
    page.reload()
    expect(page.get_by_test_id("current-plan")).to_have_text("Free")
    page.goto(url_for(acme, "/cvs/"))
    expect(page.get_by_test_id("quota-exhausted")).to_be_visible()

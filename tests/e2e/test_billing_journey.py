"""Billing in a real browser: a free user hits the CV optimisation limit and sees the upgrade
path; a signed checkout webhook (posted to the live server; the fake Stripe server answers the
subscription re-fetch) upgrades the plan and the limit rises; a failed invoice shows the past-due
banner; cancellation at period end downgrades. The Free plan's limits are set small here (one
optimisation a month) so the limit is reached in a couple of clicks.
"""

from __future__ import annotations

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
from resumes.services import resume_import_json
from tests.fakes import stripe as fake
from tests.fakes.stripe import FakeStripe, fake_stripe  # noqa: F401  (fixture)
from tests.resumes.optimisation_samples import CV_ANALYST, JOB_DATA_ENGINEER

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


def _optimise(page: Page) -> None:
    page.get_by_role("textbox", name="Job description").fill(JOB_DATA_ENGINEER)
    page.get_by_role("button", name="Suggest improvements").click()


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
        Plan.objects.filter(is_default=True).update(cv_optimisation=1)
        Plan.objects.create(
            name="Pro",
            sort_order=10,
            monthly_price=Decimal("9.00"),
            stripe_price_monthly="price_pro_monthly",
            cv_optimisation=5,
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
        resume = resume_import_json(user=seeker, data=CV_ANALYST, original_filename="ada.json")
    optimise_url = url_for(acme, f"/cvs/{resume.pk}/optimise/")

    page = new_session().page
    _sign_in(page, url_for(acme, f"/accounts/login/?next=/cvs/{resume.pk}/optimise/"), seeker.email)
    expect(page).to_have_url(re.compile(r"/optimise/$"))

    # 1. The form says what is left; the one free optimisation of the month is used up.
    expect(page.get_by_test_id("quota-note")).to_have_text(
        re.compile(r"1 of 1 CV optimisations left this month\.")
    )
    _shot(page, "optimise-allowance")
    _optimise(page)
    expect(page.get_by_role("heading", name=re.compile("Suggestions for"))).to_be_visible()
    page.goto(optimise_url)
    limit_note = page.get_by_test_id("quota-exhausted")
    expect(limit_note).to_be_visible()
    expect(limit_note).to_contain_text(re.compile("CV optimisations for this period are used up"))
    _shot(page, "limit-reached")
    # Trying anyway: refused with the upgrade path, nothing typed is lost.
    _optimise(page)
    refusal = page.get_by_role("alert").filter(has_text=re.compile("reached your plan.s limit"))
    expect(refusal).to_be_visible()
    expect(page.get_by_role("textbox", name="Job description")).to_have_value(
        re.compile("Data Engineer", re.I)
    )
    refusal.get_by_role("link", name="See plans").click()
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
    # The limit rises: the Pro allowance counts from the subscription's own period.
    page.goto(optimise_url)
    expect(page.get_by_test_id("quota-exhausted")).to_have_count(0)
    expect(page.get_by_test_id("quota-note")).to_have_text(
        re.compile(r"5 of 5 CV optimisations left this month\.")
    )
    _optimise(page)
    expect(page.get_by_role("heading", name=re.compile("Suggestions for"))).to_be_visible()
    page.goto(optimise_url)
    expect(page.get_by_test_id("quota-note")).to_have_text(
        re.compile(r"4 of 5 CV optimisations left this month\.")
    )
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
    # Back on Free, this month's free optimisation is still used up.
    page.goto(optimise_url)
    expect(page.get_by_test_id("quota-exhausted")).to_be_visible()

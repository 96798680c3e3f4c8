"""Consent in a real browser: a visitor chooses analytics on the cookie banner of a tenant that
enabled PostHog — the PostHog script appears (and its loader fetches array.js from the tenant's
PostHog host under the page's CSP); signed in, they withdraw it in Data & Privacy — gone."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Tenant
from accounts.services import user_create_in_tenant
from tests.consent.conftest import tracking_enable
from tests.fakes.tracking import FakeTracking, fake_tracking

pytestmark = pytest.mark.e2e

__all__ = ["fake_tracking"]
PASSWORD = "lantern-quartz-river-58"
EMAIL = "ada@seeker.example"
SHOTS = Path("/tmp/shots-consent")


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_analytics_consent_loads_posthog_and_withdrawal_removes_it(
    acme: Tenant, new_session: Any, url_for: Any, fake_tracking: FakeTracking
) -> None:
    user_create_in_tenant(tenant=acme, email=EMAIL, password=PASSWORD, full_name="Ada L")
    tracking_enable(acme, posthog_host=fake_tracking.base_url)
    page = new_session(cookie_banner=True).page
    posthog = page.locator("script[data-posthog]")

    page.goto(url_for(acme, "/accounts/login/"))
    banner = page.locator("[data-consent-banner]")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("button", name="Accept all")).to_be_visible()
    expect(banner.get_by_role("button", name="Reject all")).to_be_visible()
    expect(posthog).to_have_count(0)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "consent-banner.png"))

    # Choose: analytics yes, marketing no.
    banner.get_by_role("button", name="Choose").click()
    banner.get_by_label("Analytics").check()
    page.screenshot(path=str(SHOTS / "consent-banner-choose.png"))
    expect(banner.get_by_label("Marketing")).not_to_be_checked()
    banner.get_by_role("button", name="Save choices").click()
    expect(banner).to_have_count(0)
    expect(posthog).to_have_count(1)
    _wait_for(lambda: any(r["path"] == "/static/array.js" for r in fake_tracking.requests))

    # Signed in, the choice made on this browser still holds.
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    expect(posthog).to_have_count(1)
    expect(page.locator("[data-consent-banner]")).to_have_count(0)

    # Withdraw in Data & Privacy: the script is gone from every page.
    page.goto(url_for(acme, "/settings/privacy/"))
    page.screenshot(path=str(SHOTS / "consent-settings.png"), full_page=True)
    page.get_by_label("Analytics").uncheck()
    page.get_by_role("button", name="Save cookie choices").click()
    expect(page.get_by_text("Your cookie choices were saved.")).to_be_visible()
    expect(posthog).to_have_count(0)
    page.goto(url_for(acme, "/dashboard/"))
    expect(posthog).to_have_count(0)

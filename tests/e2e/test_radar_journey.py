"""Job Radar in a real browser: a seeker creates a saved search, it runs against the offline
(curated) source, matches appear best first, and one click saves a listing to the tracker
board without a reload. Screenshots at desktop and phone width land in var/screenshots/radar-*.
Selectors are accessible names, not CSS classes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import Tenant
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application
from tests.radar.conftest import add_curated, give_cv

pytestmark = pytest.mark.e2e

PASSWORD = "lantern-quartz-river-58"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"radar-{name}.png"), full_page=True)


def test_seeker_runs_a_saved_search_and_saves_a_listing_to_the_board(
    acme: Tenant, new_session: Any, url_for: Any
) -> None:
    user = user_create_in_tenant(
        tenant=acme, email="ada@seeker.example", password=PASSWORD, full_name="Ada Seeker"
    )
    give_cv(acme, user)
    add_curated(acme)
    page = new_session().page
    page.set_viewport_size(DESKTOP)
    page.goto(url_for(acme, "/accounts/login/?next=/jobs/radar/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Job Radar", exact=True)).to_be_visible()
    _shot(page, "home-empty")

    page.get_by_role("link", name="New search").first.click()
    # An empty search is refused with the reason; nothing typed is lost.
    page.get_by_label("Name this search").fill("Python in London")
    page.get_by_role("button", name="Save and run search").click()
    expect(page.get_by_text("Give some keywords or a location")).to_be_visible()
    expect(page.get_by_label("Name this search")).to_have_value("Python in London")
    _shot(page, "form-error")

    page.get_by_label("Keywords").fill("python")
    page.get_by_label("Location").fill("London")
    page.get_by_role("button", name="Save and run search").click()
    expect(page.get_by_role("heading", name="Python in London")).to_be_visible()
    results = page.get_by_role("list").filter(
        has=page.get_by_role("link", name=re.compile("Python"))
    )
    first = results.get_by_role("listitem").first
    expect(first.get_by_role("link", name="Senior Python Developer")).to_be_visible()
    _shot(page, "results-desktop")

    # One click, no reload: the button becomes "On your board".
    page.evaluate("window.__noReload = true")
    first.get_by_role("button", name=re.compile("Save “Senior Python Developer”")).click()
    expect(first.get_by_text("On your board")).to_be_visible()
    assert page.evaluate("window.__noReload") is True
    with tenant_context(acme.pk):
        application = Application.objects.get(user=user)
    assert application.status == "wishlist" and application.title == "Senior Python Developer"
    assert "Django and PostgreSQL" in application.description

    first.get_by_role("link", name="Senior Python Developer").click()
    expect(page.get_by_role("heading", name="Why this score")).to_be_visible()
    link = page.get_by_role("link", name=re.compile("View the ad"))
    expect(link).to_have_attribute("rel", "noopener noreferrer nofollow")
    expect(link).to_have_attribute("href", re.compile(r"^https://careers\.example\.com/"))
    expect(page.get_by_text("On your board")).to_be_visible()
    _shot(page, "listing-desktop")

    page.set_viewport_size(PHONE)
    _shot(page, "listing-phone")
    page.go_back()
    expect(page.get_by_role("heading", name="Python in London")).to_be_visible()
    _shot(page, "results-phone")
    page.goto(url_for(acme, "/jobs/radar/"))
    _shot(page, "home-phone")
    page.set_viewport_size(DESKTOP)
    page.reload()
    _shot(page, "home-desktop")

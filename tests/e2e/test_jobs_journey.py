"""The job tracker in a real browser: add an application, move it across the board by keyboard
and by drag and drop (htmx, no reload), schedule an interview and download its ICS. Selectors are
accessible names, not CSS classes. Screenshots of each page land in var/screenshots/jobs/."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import Tenant
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application, Interview, Status

pytestmark = pytest.mark.e2e

PASSWORD = "lantern-quartz-river-58"
SHOTS = Path(
    os.environ.get("JOBS_SHOTS_DIR", Path(settings.BASE_DIR) / "var" / "screenshots" / "jobs")
)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _status_of(tenant: Tenant, application_id: int) -> str:
    with tenant_context(tenant.pk):
        return Application.objects.get(pk=application_id).status


def _card(page: Page, title: str) -> Any:
    return page.locator("#board li").filter(has=page.get_by_role("link", name=title))


def test_seeker_tracks_an_application_across_the_board(
    acme: Tenant, new_session: Any, url_for: Any
) -> None:
    user = user_create_in_tenant(tenant=acme, email="ada@seeker.example", password=PASSWORD)
    page = new_session().page
    page.goto(url_for(acme, "/accounts/login/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # Quick add from a pasted ad: the details are picked out, checked, saved.
    page.get_by_role("link", name="Jobs", exact=True).click()
    page.get_by_role("link", name="Quick add").click()
    page.get_by_label("Job ad URL").fill("https://jobs.lever.co/initech/123")
    page.get_by_label("Pasted job description").fill(
        "Senior Data Analyst\nCompany: Initech\nLocation: Berlin\n"
        "Hybrid, €60,000 - €75,000 per year"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Company")).to_have_value("Initech")
    expect(page.get_by_label("Job title")).to_have_value("Senior Data Analyst")
    # An invalid submit keeps everything typed and says what to fix.
    page.get_by_label("Minimum salary").fill("90000")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_text("The maximum salary must be at least the minimum")).to_be_visible()
    expect(page.get_by_label("Company")).to_have_value("Initech")
    page.get_by_label("Minimum salary").fill("60000")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("heading", name="Senior Data Analyst")).to_be_visible()
    application_id = int(re.search(r"/jobs/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    _shot(page, "detail-desktop")

    # Keyboard: focus the card's handle, → moves it to the next column without a reload.
    page.get_by_role("link", name="← Board").click()
    page.evaluate("window.__noReload = true")
    handle = page.get_by_role("button", name=re.compile(r"^Move Senior Data Analyst at Initech"))
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#board-live")).to_have_text(re.compile("to Applied"))
    expect(
        page.locator('[data-column="applied"]').get_by_role("link", name="Senior Data Analyst")
    ).to_be_visible()
    assert _status_of(acme, application_id) == Status.APPLIED
    # Focus stays on the moved card, so the next arrow keeps moving it.
    page.keyboard.press("ArrowRight")
    expect(
        page.locator('[data-column="screening"]').get_by_role("link", name="Senior Data Analyst")
    ).to_be_visible()
    assert _status_of(acme, application_id) == Status.SCREENING

    # Drag and drop onto the Interviewing column.
    _card(page, "Senior Data Analyst").drag_to(page.locator('section[data-status="interviewing"]'))
    expect(
        page.locator('[data-column="interviewing"]').get_by_role("link", name="Senior Data Analyst")
    ).to_be_visible()
    assert _status_of(acme, application_id) == Status.INTERVIEWING
    # The menu works too: the board's one Move menu opens on the card, keyboard-ready.
    _card(page, "Senior Data Analyst").get_by_role(
        "button", name="Move Senior Data Analyst", exact=True
    ).click()
    menu = _card(page, "Senior Data Analyst").get_by_role("menu")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("menuitem", name="Interviewing")).to_be_hidden()  # where it is now
    _shot(page, "board-move-menu")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    _card(page, "Senior Data Analyst").get_by_role(
        "button", name="Move Senior Data Analyst", exact=True
    ).click()
    _card(page, "Senior Data Analyst").get_by_role("menuitem", name="Offer").click()
    expect(
        page.locator('[data-column="offer"]').get_by_role("link", name="Senior Data Analyst")
    ).to_be_visible()
    assert page.evaluate("window.__noReload") is True  # never a full page load
    _shot(page, "board-desktop")
    # On a phone the tracker's tabs wrap into reachable segments; nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 812})
    tabs = page.get_by_role("navigation", name="Applications views")
    for name in ("Board", "List", "Job Radar", "Import CSV", "Export CSV"):
        box = tabs.get_by_role("link", name=name).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, name
        assert box["height"] >= 40, name  # a comfortable touch target
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, "board-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    # Schedule an interview, then download its ICS.
    page.get_by_role("link", name="Senior Data Analyst").click()
    page.get_by_text("Schedule an interview").click()
    page.get_by_label("Date").fill("2031-03-14")
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Kind").select_option("video")
    page.get_by_label("Location or link").fill("https://meet.example.com/abc")
    page.get_by_label("Interviewers").fill("Grace Hopper")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("Interview scheduled.")).to_be_visible()
    with tenant_context(acme.pk):
        assert Interview.objects.filter(application_id=application_id).count() == 1
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    download = download_info.value
    body = Path(download.path()).read_text()
    assert "BEGIN:VEVENT" in body and "DTSTART:20310314T103000Z" in body  # profile zone is UTC
    assert "Senior Data Analyst" in body
    _shot(page, "detail-with-interview-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "detail-phone")

    for path, name in (("/jobs/list/", "list"), ("/dashboard/", "dashboard")):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(url_for(acme, path))
        _shot(page, f"{name}-desktop")
        page.set_viewport_size({"width": 390, "height": 844})
        _shot(page, f"{name}-phone")


def test_a_long_column_shows_more_cards_in_place(
    acme: Tenant, new_session: Any, url_for: Any
) -> None:
    from jobs.selectors import BOARD_CARDS_PER_COLUMN
    from jobs.services import application_create

    user = user_create_in_tenant(tenant=acme, email="busy@seeker.example", password=PASSWORD)
    with tenant_context(acme.pk):
        for i in range(BOARD_CARDS_PER_COLUMN + 5):
            application_create(
                user=user, tenant=acme, company=f"Co {i}", title=f"Role {i}", status="applied"
            )
    page = new_session().page
    page.goto(url_for(acme, "/accounts/login/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(url_for(acme, "/jobs/"))
    page.evaluate("window.__noReload = true")
    column = page.locator('[data-column="applied"]')
    expect(column.locator(".job-card")).to_have_count(BOARD_CARDS_PER_COLUMN)
    column.get_by_role("link", name="Show more (5 left)").click()
    expect(column.locator(".job-card")).to_have_count(BOARD_CARDS_PER_COLUMN + 5)
    expect(column.get_by_role("link", name=re.compile("^Show more"))).to_have_count(0)
    # A card loaded later moves like any other.
    last = column.locator(".job-card").last
    title = last.locator(".job-card__title").inner_text()
    last.get_by_role("button", name=f"Move {title}", exact=True).click()
    last.get_by_role("menuitem", name="Screening").click()
    expect(
        page.locator('[data-column="screening"]').get_by_role("link", name=title)
    ).to_be_visible()
    assert page.evaluate("window.__noReload") is True

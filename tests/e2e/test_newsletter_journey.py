"""Newsletter in a real browser: a job seeker opts in from Settings, confirms through the
emailed link, support staff send a marketing email to the tenant's subscribers, and the seeker
unsubscribes with one click from the email's link, without signing in. The notification bell
shows and lists an unread notification. Screenshots land in var/screenshots/newsletter-*.png."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.celery import app as celery_app
from jobmentis.email.models import OutboxMessage
from jobmentis.tenancy.context import tenant_context
from notifications.models import MarketingSubscription
from notifications.services import notification_send

pytestmark = pytest.mark.e2e

PASSWORD = "lantern-quartz-river-58"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"newsletter-{name}.png"), full_page=True)


def _field(page: Page, label: str) -> Any:
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$", re.IGNORECASE))


def _button(page: Page, name: str) -> Any:
    return page.get_by_role("button", name=re.compile(rf"^\s*{re.escape(name)}\s*$", re.I))


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    _field(page, "Email").fill(email)
    _field(page, "Password").fill(PASSWORD)
    _button(page, "Sign In").click()


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """The live server runs in this process: its Celery tasks (campaign fan-out, one email per
    subscriber) run inline instead of needing a worker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


def _subscription(tenant: Tenant) -> MarketingSubscription:
    with tenant_context(tenant.pk):
        return MarketingSubscription.objects.get()


@pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])
def test_opt_in_confirm_receive_and_unsubscribe_with_one_click(
    new_session: Callable[[], Any],
    url_for: Any,
    live_server: Any,
    acme: Tenant,
    eager_tasks: None,
    settings: Any,
) -> None:
    # Emails carry absolute tenant URLs built from settings (Celery has no request): the live
    # server's port.
    settings.PUBLIC_PORT = live_server.url.rsplit(":", 1)[1]
    seeker = user_create_in_tenant(
        tenant=acme, email="ada@acme.example", password=PASSWORD, full_name="Ada Seeker"
    )
    support = User.objects.create_user(
        email="help@jobmentis.example", password=PASSWORD, is_support=True
    )
    EmailAddress.objects.create(user=support, email=support.email, verified=True, primary=True)
    notification_send(
        user=seeker,
        tenant=acme,
        kind="export_ready",
        title="Your data export is ready",
        body="Download it from Data & Privacy.",
        url="/settings/privacy/",
    )

    # --- the job seeker opts in from Settings ---------------------------------------------------
    page = new_session().page
    _sign_in(page, url_for(acme, "/accounts/login/?next=/settings/notifications/"), seeker.email)
    expect(page.get_by_role("heading", name="Email & notifications", level=1)).to_be_visible()

    # The bell shows one unread notification and lists it (loaded with htmx).
    bell = page.get_by_label(re.compile(r"Notifications: 1 unread"))
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("button", name=re.compile("Your data export is ready"))).to_be_visible()
    _shot(page, "bell")
    bell.click()
    page.goto(url_for(acme, "/notifications/"))
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    page.get_by_role("button", name=re.compile("Your data export is ready")).click()
    page.wait_for_url(re.compile(r"/settings/privacy/$"))
    page.goto(url_for(acme, "/notifications/"))
    expect(page.get_by_label(re.compile(r"Notifications: 1 unread"))).to_have_count(0)
    _shot(page, "centre")
    page.goto(url_for(acme, "/settings/notifications/"))

    _button(page, "Subscribe to the newsletter").click()
    expect(page.get_by_text("Almost done")).to_be_visible()
    expect(page.get_by_text("Waiting for confirmation")).to_be_visible()
    _shot(page, "pending")
    assert _subscription(acme).status == MarketingSubscription.Status.PENDING

    # --- confirmation through the emailed link ---------------------------------------------------
    confirm = next(m for m in mail.outbox if "Confirm your subscription" in m.subject)
    match = re.search(r"https?://\S+/newsletter/confirm/\S+/", str(confirm.body))
    assert match is not None and match.group(0).startswith(url_for(acme, "/newsletter/"))
    page.goto(match.group(0))
    _button(page, "Yes, subscribe me").click()
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    _shot(page, "confirmed")
    assert _subscription(acme).status == MarketingSubscription.Status.ACTIVE
    page.goto(url_for(acme, "/settings/notifications/"))
    expect(page.get_by_text("Subscribed", exact=True)).to_be_visible()

    # --- support staff send a marketing email ----------------------------------------------------
    staff = new_session().page
    _sign_in(staff, f"{live_server.url}/accounts/login/?next=/support/", support.email)
    staff.get_by_role("link", name="Send a marketing email").first.click()
    _field(staff, "Workspace").select_option(label="Acme Careers")
    _field(staff, "Subject").fill("Five ways to stand out")
    _field(staff, "Text").fill("Tip one: tailor your CV.\n\nTip two: follow up.")
    _shot(staff, "staff-send")
    # The outbox shows a failed email (provider outage) with its error and a retry button.
    OutboxMessage.objects.create(
        workspace=acme,
        subject="Reset your password",
        recipients=["bob@acme.example"],
        status=OutboxMessage.Status.FAILED,
        attempts=6,
        last_error="AnymailRequestsAPIError: Brevo API response 503 (Service Unavailable)",
        payload={},
    )
    staff.goto(f"{live_server.url}/support/email/")
    expect(staff.get_by_role("row", name=re.compile("Reset your password"))).to_contain_text(
        "Brevo API response 503"
    )
    expect(staff.get_by_role("button", name="Retry")).to_be_visible()
    _shot(staff, "staff-outbox")
    staff.get_by_role("link", name="Templates").click()
    expect(staff.get_by_role("heading", name="Email templates", level=1)).to_be_visible()
    staff.wait_for_load_state("networkidle")  # the previews are iframes
    _shot(staff, "staff-templates")
    staff.get_by_role("link", name="Send a marketing email").first.click()
    _field(staff, "Workspace").select_option(label="Acme Careers")
    _field(staff, "Subject").fill("Five ways to stand out")
    _field(staff, "Text").fill("Tip one: tailor your CV.\n\nTip two: follow up.")
    _button(staff, "Send to subscribers").click()
    expect(staff.get_by_text("is being sent to every confirmed subscriber")).to_be_visible()

    [news] = [m for m in mail.outbox if m.subject == "Five ways to stand out"]
    assert news.to == [seeker.email]
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = re.search(r"<(https?://[^>]+)>", news.extra_headers["List-Unsubscribe"])
    assert header_url is not None
    link = re.search(r"https?://\S+/u/\S+/", str(news.body))
    assert link is not None and link.group(0) == header_url.group(1)

    # --- one click from the email, in a browser that is not signed in ---------------------------
    reader = new_session().page
    reader.goto(link.group(0))
    expect(reader.get_by_role("heading", name="Unsubscribe from the newsletter?")).to_be_visible()
    _shot(reader, "unsubscribe")
    _button(reader, "Unsubscribe").click()
    expect(reader.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    _shot(reader, "unsubscribed")
    subscription = _subscription(acme)
    assert subscription.status == MarketingSubscription.Status.WITHDRAWN
    assert subscription.source == "one_click_unsubscribe"

    # A mail client's RFC 8058 one-click POST (no cookies, no CSRF token) also works.
    # (Over plain HTTP to loopback with the tenant's Host: Node's resolver lacks *.localhost.)
    one_click = header_url.group(1)
    host = one_click.split("/")[2]
    response = requests.post(
        one_click.replace(host.split(":")[0], "127.0.0.1", 1),
        data={"List-Unsubscribe": "One-Click"},
        headers={"Host": host},
        timeout=10,
    )
    assert response.status_code == 200 and "You are unsubscribed" in response.text

"""A public visitor files an access request on a tenant host, confirms it with the emailed code,
and a support agent works it in the support console before its deadline — in a real browser,
under the strict CSP (checked by the `new_session` fixture). Screenshots of the public form, the
queue and the request detail (desktop and phone) land in var/screenshots/dsr-*.png."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import AuditLog, Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from privacy.requests.models import DataSubjectRequest

pytestmark = pytest.mark.e2e

PASSWORD = "lantern-quartz-river-58"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dsr-{name}.png"), full_page=True)


def _field(page: Page, label: str) -> Any:
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$", re.IGNORECASE))


def _button(page: Page, name: str) -> Any:
    return page.get_by_role("button", name=re.compile(rf"^\s*{re.escape(name)}\s*$", re.I))


def _code_from_mail() -> str:
    message = next(m for m in reversed(mail.outbox) if "confirmation code" in m.subject)
    match = re.search(r"\b(\d{6})\b", str(message.body))
    assert match is not None
    return match.group(1)


# The console reads across tenants through the maintenance connection (BYPASSRLS).
@pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])
def test_public_access_request_is_processed_by_support_before_its_deadline(
    new_session: Callable[[], Any], url_for: Any, live_server: Any, acme: Tenant
) -> None:
    user_create_in_tenant(tenant=acme, email="ada@acme.example", password=PASSWORD)
    support = User.objects.create_user(
        email="help@jobmentis.example", password=PASSWORD, is_support=True
    )
    EmailAddress.objects.create(user=support, email=support.email, verified=True, primary=True)

    # --- the visitor (not signed in) -----------------------------------------------------------
    visitor = new_session().page
    visitor.goto(url_for(acme, "/"))
    visitor.get_by_role("link", name="Privacy request").click()
    expect(visitor.get_by_role("heading", name="Make a privacy request")).to_be_visible()
    _shot(visitor, "public-form")
    _field(visitor, "Your name").fill("Ada Lovelace")
    _field(visitor, "Email address").fill("ada@acme.example")
    _field(visitor, "What would you like us to do?").select_option("access")
    _field(visitor, "Details (optional)").fill("A copy of everything, please.")
    _button(visitor, "Send request").click()
    expect(visitor.get_by_role("heading", name="Check your email")).to_be_visible()
    _shot(visitor, "public-confirm")

    _field(visitor, "6-digit code").fill(_code_from_mail())
    _button(visitor, "Confirm request").click()
    expect(visitor.get_by_role("heading", name="Request received")).to_be_visible()
    with tenant_context(acme.pk):
        dsr = DataSubjectRequest.objects.get()
    assert dsr.status == DataSubjectRequest.Status.VERIFIED
    expect(visitor.get_by_text(dsr.reference)).to_be_visible()
    _shot(visitor, "public-done")
    assert any(dsr.reference in m.subject for m in mail.outbox)

    # --- support staff on the platform host ----------------------------------------------------
    staff = new_session().page
    staff.goto(f"{live_server.url}/accounts/login/?next=/support/")
    _field(staff, "Email").fill(support.email)
    _field(staff, "Password").fill(PASSWORD)
    _button(staff, "Sign In").click()
    staff.get_by_role("link", name="Open the request queue").click()
    row = staff.get_by_role("row", name=re.compile(dsr.reference))
    expect(row).to_contain_text("Acme Careers")
    expect(row).to_contain_text("days left")
    _shot(staff, "queue")

    staff.get_by_role("link", name=dsr.reference).click()
    expect(staff.get_by_role("heading", name=re.compile(dsr.reference))).to_be_visible()
    _field(staff, "Assign to").select_option(label=support.email)
    staff.locator("form[action$='/assign/']").get_by_role("button").click()
    expect(staff.get_by_text("Assignment saved.")).to_be_visible()
    _field(staff, "Note").fill("Identity confirmed by code; account matched.")
    _button(staff, "Add note").click()
    _field(staff, "New status").select_option("in_progress")
    _button(staff, "Change status").click()
    expect(staff.get_by_text("In progress").first).to_be_visible()
    _shot(staff, "detail")

    _field(staff, "New status").select_option("completed")
    _field(staff, "Message to the requester").fill("Your data export has been emailed to you.")
    _button(staff, "Change status").click()
    expect(staff.get_by_text("Completed").first).to_be_visible()

    with tenant_context(acme.pk):
        dsr.refresh_from_db()
        staff_actions = AuditLog.objects.filter(actor=support, object_id=str(dsr.pk)).count()
    assert dsr.status == DataSubjectRequest.Status.COMPLETED
    assert dsr.closed_at is not None and dsr.closed_at.date() <= dsr.due_on
    assert timezone.localdate() <= dsr.effective_due_on
    assert staff_actions >= 4  # view, assign, status x2 (+ views after each redirect)
    assert any("is complete" in m.subject and m.to == ["ada@acme.example"] for m in mail.outbox)

    # --- the same screens on a phone -----------------------------------------------------------
    page = new_session().page
    page.set_viewport_size(PHONE)
    page.goto(url_for(acme, "/privacy/request/"))
    _shot(page, "public-form-phone")
    page.goto(f"{live_server.url}/accounts/login/?next=/support/gdpr/")
    _field(page, "Email").fill(support.email)
    _field(page, "Password").fill(PASSWORD)
    _button(page, "Sign In").click()
    page.wait_for_url(re.compile(r"/support/gdpr/$"))
    _shot(page, "queue-phone")
    page.goto(f"{live_server.url}/support/gdpr/{dsr.pk}/")
    _shot(page, "detail-phone")

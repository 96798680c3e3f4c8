"""Tenant admin and support console in a real browser: Django admin must work under the strict
CSP (no violations, no console errors — checked by the `new_session` fixture), show one tenant
only, and the support console must lead into a tenant's admin through the audited path.
Screenshots of the main screens land in var/screenshots/admin-*.png for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import AuditLog, Membership, Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context

pytestmark = pytest.mark.e2e

PASSWORD = "lantern-quartz-river-58"
SENTINEL = "SENTINEL-B-7f3a"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"admin-{name}.png"), full_page=True)


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label(re.compile(r"^\s*Email\W*$", re.I)).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\W*$", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*Sign In\s*$", re.I)).click()


def _staff(email: str, **flags: bool) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password=PASSWORD, **flags)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_tenant_admin_manages_own_members_under_csp(
    new_session: Callable[[], Any], url_for: Any, acme: Tenant, globex: Tenant
) -> None:
    user_create_in_tenant(
        tenant=acme, email="boss@acme.example", password=PASSWORD, role=Membership.Role.ADMIN
    )
    seeker = user_create_in_tenant(
        tenant=acme, email="ada@acme.example", password=PASSWORD, full_name="Ada Seeker"
    )
    user_create_in_tenant(
        tenant=globex, email="zed@globex.example", password=PASSWORD, full_name=SENTINEL
    )
    page = new_session().page

    _sign_in(page, url_for(acme, "/accounts/login/?next=/admin/"), "boss@acme.example")
    expect(page.get_by_role("link", name="Acme Careers admin")).to_be_visible()
    _shot(page, "index")

    page.get_by_role("link", name="Users", exact=True).first.click()
    expect(page.get_by_role("link", name="ada@acme.example")).to_be_visible()
    assert SENTINEL not in page.content()
    _shot(page, "changelist")

    page.get_by_role("link", name="ada@acme.example").click()
    # Tabular inline cells have no visible label: the column header names them.
    page.locator("select[name='memberships-0-role']").select_option("admin")
    page.get_by_label(re.compile(r"^Headline:?$")).fill("Data analyst")
    _shot(page, "change-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    page.goto(url_for(acme, "/admin/accounts/auditlog/"))
    expect(page.locator("#result_list")).to_contain_text("accounts.membership")
    _shot(page, "audit-log")
    with tenant_context(acme.pk):
        assert Membership.objects.get(user=seeker).role == Membership.Role.ADMIN
        changed = sorted(
            (e.object_type, e.changed_fields) for e in AuditLog.objects.filter(action="change")
        )
    assert changed == [("accounts.membership", ["role"]), ("accounts.profile", ["headline"])]


# The console reads across tenants through the maintenance connection (BYPASSRLS).
@pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])
def test_support_console_leads_into_tenant_admin_audited(
    new_session: Callable[[], Any], live_server: Any, url_for: Any, acme: Tenant, globex: Tenant
) -> None:
    user_create_in_tenant(tenant=acme, email="ada@acme.example", password=PASSWORD)
    support = _staff("help@jobmentis.example", is_support=True)
    page = new_session().page

    _sign_in(page, f"{live_server.url}/accounts/login/?next=/support/", support.email)
    expect(page.get_by_role("heading", name="Support console")).to_be_visible()
    expect(page.get_by_role("cell", name="Globex Coaching")).to_be_visible()
    _shot(page, "support-console")

    page.get_by_label(re.compile(r"^\s*Email address\W*$", re.I)).fill("ada@acme.example")
    page.get_by_role("button", name="Look up").click()
    expect(page.get_by_role("cell", name="Acme Careers")).to_be_visible()
    _shot(page, "support-lookup")
    with tenant_context(acme.pk):
        assert list(AuditLog.objects.values_list("actor_id", "action")) == [(support.pk, "view")]

    # Sessions are host-only: the tenant admin asks the support user to sign in on that host.
    _sign_in(page, url_for(acme, "/accounts/login/?next=/admin/"), support.email)
    expect(page.get_by_text("as platform staff")).to_be_visible()
    _shot(page, "support-in-tenant")
    with tenant_context(acme.pk):
        assert AuditLog.objects.filter(action="support_access", actor=support).count() == 1

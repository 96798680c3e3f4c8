"""A job seeker's first day in a real browser: sign up, verify, enrol TOTP, sign in with it;
then the walls between tenants as a browser sees them. Selectors are accessible names
(labels, roles, allauth's English texts), never CSS classes, so restyling does not break them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import Membership, Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context

pytestmark = pytest.mark.e2e

PASSWORD = "lantern-quartz-river-58"
EMAIL = "june@seeker.example"
URL = Callable[[Tenant, str], str]


def _field(page: Page, label: str) -> Any:
    """A form field by its label, with or without a trailing colon/asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$", re.IGNORECASE))


def _button(page: Page, name: str) -> Any:
    return page.get_by_role("button", name=re.compile(rf"^\s*{re.escape(name)}\s*$", re.I))


def _link_or_button(page: Page, name: str) -> Any:
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*$", re.I)
    return page.get_by_role("link", name=pattern).or_(page.get_by_role("button", name=pattern))


def _totp_now(secret: str) -> str:
    """The current code, computed with allauth's own HOTP helper (what an authenticator app
    shows). Waits out the last seconds of a period so the code is still valid when it arrives."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def _sign_in(page: Page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(url)
    _field(page, "Email").fill(email)
    _field(page, "Password").fill(password)
    _button(page, "Sign In").click()


def _sign_out(page: Page, url: str) -> None:
    page.goto(url)
    _button(page, "Sign Out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_seeker_signs_up_verifies_enrols_totp_and_signs_in_with_it(
    new_session: Any, acme: Tenant, globex: Tenant, url_for: URL
) -> None:
    page = new_session().page

    # Sign up on Acme.
    page.goto(url_for(acme, "/accounts/signup/"))
    _field(page, "Full name").fill("June Seeker")
    _field(page, "Email").fill(EMAIL)
    _field(page, "Password").fill(PASSWORD)
    _field(page, "Password (again)").fill(PASSWORD)
    page.get_by_role("checkbox", name=re.compile("I accept the terms")).check()
    _button(page, "Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    # The verification mail links back to Acme's host.
    [message] = mail.outbox
    assert message.to == [EMAIL]
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", str(message.body))
    assert match is not None
    assert match.group(0).startswith(url_for(acme, "/accounts/confirm-email/"))
    page.goto(match.group(0))
    _button(page, "Confirm").click()
    page.wait_for_url(url_for(acme, "/dashboard/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("June Seeker")
    # Host-only session cookie: the browser will never send it to another tenant's host.
    [session_cookie] = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    assert session_cookie["domain"] == f"{acme.slug}.localhost"

    # Settings -> Security -> turn on two-factor (an authenticator app).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Security").first.click()
    page.wait_for_url(url_for(acme, "/settings/security/"))
    _link_or_button(page, "Turn on two-factor").click()
    # Signed in by the emailed link, not a password: allauth asks for it before MFA changes.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    _field(page, "Password").fill(PASSWORD)
    _button(page, "Confirm").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    secret = _field(page, "Authenticator secret").input_value().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret
    _field(page, "Authenticator code").fill(_totp_now(secret))
    _button(page, "Activate").click()

    # Recovery codes are generated with the first authenticator and shown once.
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    # allauth adds this message from an on_commit hook: it only reaches the page because the
    # tenant transaction commits before the messages middleware stores them.
    assert page.get_by_text("Authenticator app activated").count() >= 1
    codes = _field(page, "Unused codes").input_value().split()
    assert len(codes) == mfa_settings.RECOVERY_CODE_COUNT
    user = User.objects.get(email=EMAIL)
    assert {a.type for a in user.authenticator_set.all()} == {"totp", "recovery_codes"}

    # Password alone is not enough any more.
    _sign_out(page, url_for(acme, "/accounts/logout/"))
    _sign_in(page, url_for(acme, "/accounts/login/"), EMAIL)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_role("textbox", name=re.compile("code", re.I)).fill(_totp_now(secret))
    _button(page, "Sign In").click()
    page.wait_for_url(url_for(acme, "/dashboard/"))

    # Globex is invite-only: the same (global) account signs in there but is refused. The TOTP
    # code was just spent (allauth refuses replays), so this sign-in uses a recovery code.
    _sign_in(page, url_for(globex, "/accounts/login/"), EMAIL)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_role("textbox", name=re.compile("code", re.I)).fill(codes[0])
    _button(page, "Sign In").click()
    page.wait_for_url(url_for(globex, "/join/"))
    response = page.goto(url_for(globex, "/dashboard/"))
    assert response is not None
    assert response.status == 403
    assert page.url == url_for(globex, "/join/")
    expect(page.get_by_role("heading", name="You don't have access to this site")).to_be_visible()
    with tenant_context(globex.pk):
        assert not Membership.objects.filter(user=user).exists()


def test_tenant_admin_sees_only_their_tenants_users(
    new_session: Any, acme: Tenant, globex: Tenant, url_for: URL
) -> None:
    user_create_in_tenant(
        tenant=acme, email="boss@acme.example", password=PASSWORD, role=Membership.Role.ADMIN
    )
    user_create_in_tenant(tenant=acme, email="ada@acme.example", password=PASSWORD)
    user_create_in_tenant(tenant=globex, email="bea@globex.example", password=PASSWORD)
    user_create_in_tenant(
        tenant=globex, email="bob@globex.example", password=PASSWORD, role=Membership.Role.ADMIN
    )
    page = new_session().page

    # /admin/ sends an anonymous visitor to allauth's sign-in, then back.
    page.goto(url_for(acme, "/admin/"))
    page.wait_for_url(re.compile(r"/accounts/login/"))
    _field(page, "Email").fill("boss@acme.example")
    _field(page, "Password").fill(PASSWORD)
    _button(page, "Sign In").click()
    page.wait_for_url(re.compile(r"/admin/"))

    page.get_by_role("link", name=re.compile(r"^\s*Users\s*$", re.I)).first.click()
    page.wait_for_url(re.compile(r"/admin/accounts/user/"))
    listing = page.locator("#result_list")
    expect(listing).to_contain_text("ada@acme.example")
    expect(listing).to_contain_text("boss@acme.example")
    expect(listing).not_to_contain_text("globex.example")

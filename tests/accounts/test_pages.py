"""Every page of the app shell renders for a member, with strict-CSP-friendly HTML."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client

from accounts.branding import brand_palette, contrast_ratio
from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

MEMBER_PAGES = [
    "/dashboard/",
    "/cvs/",
    "/jobs/",
    "/coach/",
    "/billing/",
    "/settings/profile/",
    "/settings/security/",
    "/settings/privacy/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
]
ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]


class _PageAudit(HTMLParser):
    """Collects what the CSP and accessibility checks below need from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts_without_nonce: list[str] = []
        self.styles_without_nonce = 0
        self.style_attributes = 0
        self.inline_handlers: list[str] = []
        self.external_urls: list[str] = []
        self.inputs: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.has_main = False
        self.current_nav: list[str] = []
        self.script_has_src = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and "src" not in a and "nonce" not in a:
            self.scripts_without_nonce.append(str(a))
        if tag == "style" and "nonce" not in a:
            self.styles_without_nonce += 1
        if "style" in a:
            self.style_attributes += 1
        self.inline_handlers += [name for name in a if name.startswith("on")]
        for key in ("src", "href"):
            value = a.get(key) or ""
            if value.startswith(("http://", "https://", "//")):
                self.external_urls.append(value)
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.inputs.append(a)
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        if tag == "main":
            self.has_main = True
        if a.get("aria-current") == "page":
            self.current_nav.append(a.get("href") or "")


def _audit(html: str) -> _PageAudit:
    audit = _PageAudit()
    audit.feed(html)
    return audit


def _assert_clean(html: str) -> None:
    audit = _audit(html)
    assert audit.scripts_without_nonce == []
    assert audit.styles_without_nonce == 0
    assert audit.style_attributes == 0
    assert audit.inline_handlers == []
    assert audit.external_urls == []  # no CDN, no third-party assets
    assert audit.has_main
    unlabelled = [
        i for i in audit.inputs if i.get("id") not in audit.label_for and not i.get("aria-label")
    ]
    assert unlabelled == []


INVALID_MARKER = "!!INVALID-TEMPLATE-VAR!!"


@pytest.fixture
def strict_templates(settings: Any) -> None:
    """Make a missing template variable visible in the output instead of silently empty."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = f"{INVALID_MARKER}%s"
    settings.TEMPLATES = templates


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_page_renders_in_app_shell(
    tenant_a: Tenant, seeker_a: User, path: str, strict_templates: None
) -> None:
    response = client_for(tenant_a, seeker_a).get(path)
    assert response.status_code == 200, response
    html = response.content.decode()
    assert INVALID_MARKER not in html, html[html.index(INVALID_MARKER) - 200 :][:400]
    assert 'class="topbar"' in html
    assert "Acme Careers" in html  # tenant branding
    _assert_clean(html)


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_entrance_page_renders_branded(
    tenant_a: Tenant, path: str, strict_templates: None
) -> None:
    response = client_for(tenant_a).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert INVALID_MARKER not in html, html[html.index(INVALID_MARKER) - 200 :][:400]
    assert "entrance__card" in html
    assert "Acme Careers" in html
    _assert_clean(html)


def test_login_page_keeps_allauth_labels_and_button(tenant_a: Tenant) -> None:
    html = client_for(tenant_a).get("/accounts/login/").content.decode()
    assert '<label for="id_login">Email</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert "Sign In" in html


def test_nav_marks_current_section(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    assert _audit(client.get("/dashboard/").content.decode()).current_nav == ["/dashboard/"]
    # allauth's manage pages belong to Settings > Security.
    assert _audit(client.get("/accounts/email/").content.decode()).current_nav == [
        "/settings/profile/",
        "/settings/security/",
    ]


def test_tenant_colour_reaches_page_with_readable_text(tenant_a: Tenant, seeker_a: User) -> None:
    tenant_a.primary_colour = "#ffe066"  # light yellow: white text would fail AA
    tenant_a.save(update_fields=["primary_colour"])
    html = client_for(tenant_a, seeker_a).get("/dashboard/").content.decode()
    assert "--brand:#ffe066;--on-brand:#111827" in html


def test_style_nonce_matches_csp_header(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).get("/dashboard/")
    header = response["Content-Security-Policy"]
    nonce = header.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<style nonce="{nonce}">' in response.content.decode()
    style_src = next(d for d in header.split(";") if d.strip().startswith("style-src"))
    assert f"'nonce-{nonce}'" in style_src
    assert "unsafe-inline" not in header


def test_dashboard_shows_real_account_data(tenant_a: Tenant, seeker_a: User) -> None:
    html = client_for(tenant_a, seeker_a).get("/dashboard/").content.decode()
    assert "Ada Seeker" in html
    assert "seeker@acme.test" in html
    assert "Job seeker" in html
    assert "Free" in html
    assert "/accounts/2fa/totp/activate/" in html  # MFA is off: offer to turn it on


def test_dashboard_query_count_is_bounded(
    tenant_a: Tenant, seeker_a: User, django_assert_max_num_queries: object
) -> None:
    client = client_for(tenant_a, seeker_a)
    client.get("/dashboard/")  # warm caches (content types, site)
    # session, user, membership, profile (x2: the middleware reads it for the language), MFA
    # status, tenant lookup, RLS set_config x2 + savepoint; no per-item queries.
    # ... plus the CV card: latest CVs and their count; billing: the subscription (banner, and
    # again for the plan name) and the free plan; the tracker card: stage counts, upcoming
    # interviews, deadlines, recent activity, unread reminders (tests/jobs proves that part
    # constant in the number of applications). Consent: one query for the cookie banner and the
    # trackers (cookie policy in force, latest answers, tracking switches).
    with django_assert_max_num_queries(22):  # type: ignore[operator]
        assert client.get("/dashboard/").status_code == 200


def test_join_page_for_signed_in_non_member_of_open_tenant(
    tenant_a: Tenant, seeker_b: User
) -> None:
    client = client_for(tenant_a, seeker_b)
    response = client.get("/join/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Join Acme Careers" in html
    assert 'action="/accounts/logout/"' in html
    _assert_clean(html)


def test_join_refused_on_invite_only_tenant_is_403_without_sign_in_message(
    tenant_b: Tenant, seeker_a: User
) -> None:
    client = client_for(tenant_b, seeker_a)
    # What allauth queues after a successful sign-in, just before the refusal.
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "Successfully signed in as seeker@acme.test.")
    response_with_cookie = HttpResponse()
    storage.update(response_with_cookie)
    client.cookies.update(response_with_cookie.cookies)

    response = client.get("/join/")
    assert response.status_code == 403
    assert "Successfully signed in" not in response.content.decode()
    html = response.content.decode()
    assert "invite-only" in html
    assert 'action="/accounts/logout/"' in html
    _assert_clean(html)


def test_unknown_host_returns_standalone_404_page(db: None) -> None:
    response = Client(HTTP_HOST=f"nowhere.{settings.TENANT_BASE_DOMAIN}").get("/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no JobMentis site here" in html
    assert f"nowhere.{settings.TENANT_BASE_DOMAIN}" in html
    _assert_clean(html)


def test_missing_page_renders_branded_404(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_tenant_logo_is_served_through_view_and_404_without_logo(tenant_a: Tenant) -> None:
    assert client_for(tenant_a).get("/branding/logo/").status_code == 404


def test_anonymous_member_page_redirects_to_login(tenant_a: Tenant) -> None:
    response = client_for(tenant_a).get("/settings/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "path",
    ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/sessions/"],
)
def test_account_pages_render_on_platform_host_without_tenant_links(
    seeker_a: User, path: str
) -> None:
    client = Client(HTTP_HOST="localhost")
    client.force_login(seeker_a)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/settings/profile/" not in html
    _assert_clean(html)


def test_tenant_logo_is_shown_on_sign_in_page_and_served_privately(tenant_a: Tenant) -> None:
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (10, 20, 30)).save(buffer, format="PNG")
    tenant_a.logo.save("logo.png", ContentFile(buffer.getvalue()), save=True)

    client = client_for(tenant_a)
    html = client.get("/accounts/login/").content.decode()
    assert '<img class="brand__logo" src="/branding/logo/"' in html
    response = client.get("/branding/logo/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "colour", ["#2f5bea", "#ffe066", "#0f7b6c", "#ffffff", "#000000", "#7fdbff"]
)
def test_brand_palette_meets_wcag_aa_for_any_tenant_colour(colour: str) -> None:
    palette = brand_palette(colour)
    assert palette.brand == colour
    # Text on a brand fill: the better of white/ink; AA large-text at worst for mid-tones.
    assert contrast_ratio(palette.on_brand, palette.brand) >= 3.0
    # Brand-tinted links/text on white always pass AA for normal text.
    assert contrast_ratio(palette.brand_ink, "#ffffff") >= 4.5


def test_csrf_failure_renders_branded_explanation(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    client.handler.enforce_csrf_checks = True
    response = client.post("/settings/profile/", {"full_name": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please try again" in html
    _assert_clean(html)


def test_sign_up_on_invite_only_tenant_explains_and_offers_sign_in(tenant_b: Tenant) -> None:
    html = client_for(tenant_b).get("/accounts/signup/").content.decode()
    assert "Globex Coaching is invite-only" in html
    assert 'href="/accounts/login/"' in html
    _assert_clean(html)


def test_dashboard_lists_own_cvs_only(tenant_a: Tenant, seeker_a: User, admin_a: User) -> None:
    from resumes.models import Resume

    with tenant_context(tenant_a.pk):
        Resume.objects.create(user=seeker_a, title="Data analyst CV", kind="pdf", status="parsed")
        Resume.objects.create(user=admin_a, title="Someone else's CV", kind="pdf")
    html = client_for(tenant_a, seeker_a).get("/dashboard/").content.decode()
    assert "Data analyst CV" in html
    assert "Someone else" not in html
    assert "No CVs yet" not in html

    with tenant_context(tenant_a.pk):
        Resume.objects.filter(user=admin_a).delete()
    html = client_for(tenant_a, admin_a).get("/dashboard/").content.decode()
    assert "Upload your first CV" in html

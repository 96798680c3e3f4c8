"""Browser tests: a real headless Chromium (Debian's, via Playwright) against pytest-django's
live server, on real tenant hosts (`acme.localhost:<port>` — Chromium resolves *.localhost to
loopback). The live server runs in this process, so `django.core.mail.outbox` sees its mail.

Every page fails the test on a CSP violation or a console error, and a failing test leaves a
screenshot in var/screenshots/.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Response,
    sync_playwright,
)

from accounts.models import Tenant
from accounts.services import tenant_create

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "var" / "screenshots"
TIMEOUT_MS = 10_000

# Recorded by the page itself, before any of our scripts run: init scripts are injected by the
# browser, so CSP does not apply to them.
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an asyncio loop in this thread, which makes Django refuse ORM
    # calls as "async unsafe". The test's ORM calls are ordinary synchronous code; allow them
    # only while the browser runs (package scope: never leaks into the rest of the suite).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class BrowserProblems:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    failed_assets: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        # "Failed to load resource" is also logged for pages a test expects to be refused (403);
        # broken assets are caught from the responses instead (on_response).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_response(self, response: Response) -> None:
        # Chromium asks for /favicon.ico on its own; a 404 there is not a page defect.
        if (
            response.status >= 400
            and response.request.resource_type != "document"
            and not response.url.endswith("/favicon.ico")
        ):
            self.failed_assets.append(f"{response.status} {response.url}")


@dataclass
class Session:
    """One browser profile (cookie jar) and the problems its pages reported."""

    context: BrowserContext
    page: Page
    problems: BrowserProblems

    def csp_violations(self) -> list[str]:
        found: list[str] = []
        for page in self.context.pages:
            if not page.is_closed():
                found.extend(page.evaluate("window.__cspViolations || []"))
        return found

    def assert_clean(self) -> None:
        csp = [e for e in self.problems.console_errors if "Content Security Policy" in e]
        assert not (self.csp_violations() or csp), f"CSP violations: {self.csp_violations()} {csp}"
        assert not self.problems.page_errors, f"JavaScript errors: {self.problems.page_errors}"
        assert not self.problems.console_errors, f"console errors: {self.problems.console_errors}"
        assert not self.problems.failed_assets, f"failed assets: {self.problems.failed_assets}"


@pytest.fixture
def new_session(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Factory for fresh browser sessions; checks each for CSP/console errors at teardown and
    screenshots every open page if the test failed."""
    sessions: list[Session] = []

    def make(*, cookie_banner: bool = False) -> Session:
        """cookie_banner=False: the visitor answers the cookie banner with "Reject all" whenever
        it would stand in the way of an action, as a real visitor does; the consent journeys ask
        for the banner itself."""
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(_CSP_LISTENER)
        problems = BrowserProblems()
        page = context.new_page()
        if not cookie_banner:
            banner = page.locator("[data-consent-banner]")
            page.add_locator_handler(banner, lambda: banner.locator("button[value=reject]").click())
        page.on("console", problems.on_console)
        page.on("response", problems.on_response)
        page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
        session = Session(context=context, page=page, problems=problems)
        sessions.append(session)
        return session

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    try:
        if failed:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            for number, session in enumerate(sessions):
                if not session.page.is_closed():
                    path = SCREENSHOT_DIR / f"e2e-failure-{name}-{number}-{stamp}.png"
                    session.page.screenshot(path=str(path), full_page=True)
        else:
            for session in sessions:
                session.assert_clean()
    finally:
        for session in sessions:
            session.context.close()


@pytest.fixture
def acme(transactional_db: None) -> Tenant:
    return tenant_create(name="Acme Careers", slug="acme", primary_colour="#2f5bea")


@pytest.fixture
def globex(transactional_db: None) -> Tenant:
    return tenant_create(
        name="Globex Coaching", slug="globex", primary_colour="#0f7b6c", allow_self_signup=False
    )


@pytest.fixture
def url_for(live_server: Any) -> Any:
    """`url_for(tenant, "/path/")` -> the absolute URL on that tenant's host of the live server."""
    port = live_server.url.rsplit(":", 1)[1]

    def build(tenant: Tenant, path: str = "/") -> str:
        return f"http://{tenant.slug}.{settings.TENANT_BASE_DOMAIN}:{port}{path}"

    return build

"""The whole CV journey of issue 3 in a real browser, with no AI key configured (the local
engine): a fresh seeker uploads a real CV from the corpus, watches it being read, fixes a
field, scores it against a pasted job, optimises it for that job, accepts some suggestions and
rejects one (in place, no reload), saves a named version, and downloads it as DOCX and PDF —
files that our own reader parses back.

Celery runs eagerly here (the parse task runs right after the upload commits, in the live
server's thread): this journey is about what comes after parsing, and a real worker's start-up
is at the mercy of a loaded CI machine. The live progress with a real worker is covered by
tests/resumes/test_browser.py."""

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
from resumes.export import reparse
from resumes.models import Optimisation, Resume, ResumeVersion

pytestmark = [pytest.mark.e2e]

PASSWORD = "lantern-quartz-river-58"
CV_FILE = Path(settings.BASE_DIR) / "corpus" / "files" / "arjun-mehta.single.pdf"
JOB = """Senior Data Scientist
Requirements:
- Strong SQL, Spark and dbt skills
- Experience with causal inference and experimentation
- Python and PyTorch
Nice to have: Bayesian modelling
"""
SHOTS = Path(os.environ.get("JM_SHOTS_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots")))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _shoot(page: Page, name: str) -> None:
    """Desktop and phone screenshots of the current page (for review, not assertions)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"cv-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.fixture(autouse=True)
def _patient_expect() -> Any:
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def _card(page: Page, text: str) -> Any:
    return page.locator("article.opt-card").filter(has_text=text)


def test_seeker_uploads_scores_optimises_and_downloads_a_cv_without_an_ai_key(
    acme: Tenant, new_session: Any, url_for: Any, settings: Any, monkeypatch: Any
) -> None:
    from jobmentis.celery import app as celery_app

    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    settings.AI_PROVIDERS = ["local", "anthropic", "openai", "gemini"]
    settings.AI_API_KEYS = {}  # no key anywhere: everything runs on the local engine
    user = user_create_in_tenant(tenant=acme, email="arjun@seeker.example", password=PASSWORD)
    session = new_session()
    # Every step does real work in the live server (parsing, rendering and re-reading files):
    # generous timeouts, so a loaded CI machine does not fail a correct journey.
    session.context.set_default_timeout(45_000)
    page = session.page
    page.set_viewport_size(DESKTOP)
    page.goto(url_for(acme, "/accounts/login/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="CVs").click()

    # Upload a real CV: it is read and reviewed.
    page.get_by_label("CV file").set_input_files(str(CV_FILE))
    # The parse runs inside this request (eager): allow a loaded machine its time.
    page.get_by_role("button", name="Upload CV").click(timeout=90_000)
    expect(page).to_have_url(re.compile(r"/cvs/\d+/$"))
    expect(page.get_by_role("heading", name="What we found")).to_be_visible(timeout=30_000)

    # Fix a field.
    page.get_by_label("Headline").fill("Senior Data Scientist")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes were saved.")).to_be_visible()

    # An explained score for a pasted job.
    page.get_by_role("link", name="Score against a job").click()
    page.get_by_role("textbox", name="Job description").fill(JOB)
    page.get_by_role("button", name="Score my CV").click()
    expect(page.get_by_role("heading", name="Breakdown")).to_be_visible()
    expect(page.get_by_role("heading", name="Must-have requirements", level=2)).to_be_visible()

    # Optimise for the same job (prefilled from the score).
    page.get_by_role("link", name="Optimise my CV for this job").click()
    expect(page.get_by_role("textbox", name="Job description")).to_have_value(
        re.compile("causal inference")
    )
    _shoot(page, "optimise-form")
    page.get_by_role("button", name="Suggest improvements").click()
    expect(page.get_by_role("heading", name=re.compile("Suggestions for"))).to_be_visible()
    _shoot(page, "suggestions")

    # Decisions swap in place: a marker set on this page survives (no reload).
    page.evaluate("window.__noReload = true")
    order = _card(page, "Order of bullet points")
    order.get_by_role("button", name="Accept").click()
    expect(order).to_have_class(re.compile("opt-card--accepted"))
    groups = _card(page, "Order of skill groups")
    groups.get_by_role("button", name="Accept").click()
    expect(groups).to_have_class(re.compile("opt-card--accepted"))
    first_skills = page.locator("#suggestion-s3")
    expect(first_skills).to_contain_text("Order of skills")
    first_skills.get_by_role("button", name="Reject").click()
    expect(first_skills).to_have_class(re.compile("opt-card--rejected"))
    expect(page.get_by_text("2 accepted")).to_be_visible()
    expect(page.get_by_text("1 rejected")).to_be_visible()
    assert page.evaluate("window.__noReload") is True
    _shoot(page, "suggestions-decided")

    # Save the named version.
    page.get_by_label("Version name").fill("AstraZeneca rival — Senior DS")
    page.get_by_role("button", name="Save version").click()
    expect(page.get_by_role("heading", name="AstraZeneca rival — Senior DS")).to_be_visible()
    expect(page.get_by_role("heading", name="Round-trip check")).to_be_visible()
    _shoot(page, "version")

    # Download both formats: real files that our reader parses back.
    for name, fmt in (("Download Word (.docx)", "docx"), ("Download PDF", "pdf")):
        with page.expect_download() as info:
            page.get_by_role("link", name=name).click()
        download = info.value
        assert download.suggested_filename == f"astrazeneca-rival-senior-ds.{fmt}"
        content = Path(download.path()).read_bytes()
        parsed, text = reparse(content, fmt)
        assert parsed["basics"]["name"] == "Arjun Mehta", fmt
        assert parsed["basics"]["label"] == "Senior Data Scientist", fmt
        assert "AstraZeneca" in text and "Featurespace" in text

    # The CV page lists the version; the original is unchanged and downloadable too.
    page.get_by_role("link", name=re.compile("^← ")).click()
    expect(page.get_by_role("link", name="AstraZeneca rival — Senior DS")).to_be_visible()
    page.get_by_role("link", name="Download Word / PDF").click()
    expect(page.get_by_role("heading", name="Round-trip check")).to_be_visible()
    _shoot(page, "export")

    with tenant_context(acme.pk):
        resume = Resume.objects.get()
        optimisation = Optimisation.objects.get()
        version = ResumeVersion.objects.get()
    decisions = sorted(entry["decision"] for entry in optimisation.suggestions)
    assert decisions.count("accepted") == 2 and decisions.count("rejected") == 1
    assert optimisation.provider == "local"
    assert version.applied_count == 2
    assert resume.data is not None and version.data != resume.data
    assert resume.data["skills"] == (resume.edited_data or resume.parsed_data or {})["skills"]
    resume.file.delete(save=False)

"""AI coaching in a real browser, with no API key (the local engine): write a cover letter for a
tracked application, edit it in place, copy and export it, attach it; schedule an interview and
open its preparation pack; answer a practice question and get feedback; chat with the coach and
watch the reply stream in. Screenshots of each page land in var/screenshots/coaching/.

Letters and packs are written by a Celery worker; the journey runs Celery eagerly (the task runs
right after the request commits, in the live server). A second test leaves the task queued, opens
the letter's page while it is being written, runs the worker's task, and watches the page's poll
swap in the draft without a reload."""

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
from coaching.models import Letter
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application
from jobs.services import application_create
from resumes.models import Resume
from tests.coaching.conftest import CV, JOB

pytestmark = pytest.mark.e2e

PASSWORD = "lantern-quartz-river-58"
SHOTS = Path(
    os.environ.get(
        "COACHING_SHOTS_DIR", Path(settings.BASE_DIR) / "var" / "screenshots" / "coaching"
    )
)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_seeker_is_coached_from_letter_to_interview_to_chat(
    acme: Tenant,
    new_session: Any,
    url_for: Any,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobmentis.celery import app as celery_app

    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    settings.AI_PROVIDERS = ["local"]
    settings.AI_API_KEYS = {}
    settings.COACHING_LOCAL_STREAM_DELAY = 0.03  # slow enough to watch the answer arrive
    user = user_create_in_tenant(tenant=acme, email="ada@seeker.example", password=PASSWORD)
    with tenant_context(acme.pk):
        Resume.objects.create(
            user=user, title="Main CV", kind=Resume.Kind.JSON, status=Resume.Status.PARSED,
            is_primary=True, parsed_data=CV,
        )  # fmt: skip
    application = application_create(
        user=user, tenant=acme, company="Globex", title="Senior Data Engineer",
        description=JOB, status="applied",
    )  # fmt: skip

    session = new_session()
    page = session.page
    page.goto(url_for(acme, "/accounts/login/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # --- a cover letter for the tracked application -------------------------------------------
    page.goto(url_for(acme, f"/jobs/{application.pk}/"))
    page.get_by_role("link", name="Write a cover letter").click()
    expect(page.get_by_label("Tracked application")).to_have_value(str(application.pk))
    page.get_by_label("Tone").select_option("warm")
    _shot(page, "letter-new")
    page.get_by_role("button", name="Write the draft").click()
    expect(page).to_have_url(re.compile(r"/coach/letters/\d+/$"))
    body = page.get_by_label("Text")
    expect(body).to_have_value(re.compile(r"^Dear Globex team,"))
    expect(body).to_have_value(re.compile(r"Initrode"))
    expect(page.get_by_text("Grounded", exact=True)).to_be_visible()
    _shot(page, "letter-draft")

    # Edit in place (htmx, no reload): a claim the CV does not support is flagged.
    page.evaluate("window.__noReload = true")
    body.fill(body.input_value() + "\n\nP.S. I also led 12 engineers at Google.")
    page.get_by_role("button", name="Save as new version").click()
    expect(page.get_by_text("Saved as version 2.")).to_be_visible()
    expect(page.get_by_text("Check these claims: your CV does not state them.")).to_be_visible()
    assert page.evaluate("window.__noReload") is True
    expect(page.locator("#letter-editor")).to_contain_text("Google")
    page.get_by_role("button", name="Copy as text").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    _shot(page, "letter-edited")

    page.reload()
    expect(page.get_by_text("v2 · Edited")).to_be_visible()
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Export DOCX").click()
    docx_path = tmp_path / "letter.docx"
    docx_download.value.save_as(docx_path)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert "Dear Globex team," in text and "Google" in text
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Export PDF").click()
    assert pdf_download.value.suggested_filename.endswith("-v2.pdf")
    page.get_by_role("button", name="Attach to application").click()
    expect(page.get_by_text("Attached to your application")).to_be_visible()
    with tenant_context(acme.pk):
        assert Application.objects.get(pk=application.pk).cover_letter.endswith("Google.")
        assert Letter.objects.get().versions.count() == 2

    # --- schedule an interview and open its preparation pack ----------------------------------
    page.goto(url_for(acme, f"/jobs/{application.pk}/"))
    page.get_by_text("Schedule an interview").click()
    page.get_by_label("Date").fill("2031-03-14")
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Interviewers").fill("Grace Hopper")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("Interview scheduled.")).to_be_visible()
    _shot(page, "application-with-interview")
    # Scheduling queued the pack's preparation (run eagerly here): it is already waiting.
    page.get_by_role("link", name=re.compile(r"^Prepare")).click()
    expect(page.get_by_role("heading", name="About the role")).to_be_visible()
    question = "Tell us about a project where you used Python."
    expect(page.get_by_text(question, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Questions to ask them")).to_be_visible()
    _shot(page, "pack")

    # --- practise one question -----------------------------------------------------------------
    page.get_by_role("link", name=f"Practise — {question}").click()
    page.get_by_label("Your answer").fill(
        "In my role as data engineer at Initrode, nightly pipelines kept failing. My goal was "
        "to make them reliable. I rewrote them in Python with Airflow and added tests. As a "
        "result, failures dropped by 90% and we process 2M rows a day."
    )
    page.get_by_role("button", name="Get feedback").click()
    expect(page.get_by_role("heading", name="Feedback")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+/100$"))).to_be_visible()
    expect(page.get_by_role("heading", name="How to improve it")).to_be_visible()
    _shot(page, "practice-feedback")

    # --- chat with the coach: the answer streams in --------------------------------------------
    page.get_by_role("link", name="Coach", exact=True).click()
    page.get_by_role("link", name="Career coach").click()
    page.get_by_role("button", name="New conversation").first.click()
    expect(page.get_by_role("heading", name="What the coach knows")).to_be_visible()
    page.evaluate("window.__noReload = true")
    page.get_by_label("Your message").fill("How is my job search going?")
    with page.expect_response(re.compile(r"/stream/$")) as stream_response:
        page.get_by_role("button", name="Send").click()
        # Partial text is on the page while the answer is still being written.
        page.wait_for_function(
            "() => { const m = document.querySelector('.coach-msg--assistant');"
            " return m && m.classList.contains('coach-msg--pending')"
            " && m.querySelector('[data-stream-text]').textContent.length > 0; }"
        )
        _shot(page, "chat-streaming")
    assert stream_response.value.headers["content-type"].startswith("text/event-stream")
    answer = page.locator(".coach-msg--assistant[data-stream-state=done]")
    expect(answer).to_contain_text("You are tracking 1 application")
    expect(answer).to_contain_text("Your next interview: Senior Data Engineer at Globex")
    assert page.evaluate("window.__noReload") is True
    expect(page.get_by_label("Your message")).to_have_value("")

    # A proposed action happens only when confirmed.
    page.get_by_label("Your message").fill("Add Analytics Engineer at Hooli to my wishlist")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("[data-stream-state=done]")).to_have_count(2)
    _shot(page, "chat-done")
    with tenant_context(acme.pk):
        assert not Application.objects.filter(company="Hooli").exists()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Analytics Engineer")).to_be_visible()
    with tenant_context(acme.pk):
        assert Application.objects.get(company="Hooli").status == "wishlist"
    session.assert_clean()


def test_the_letter_page_shows_progress_then_swaps_in_the_draft(
    acme: Tenant, new_session: Any, url_for: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coaching import tasks

    settings.AI_PROVIDERS = ["local"]
    settings.AI_API_KEYS = {}
    queued: list[dict[str, Any]] = []
    # No worker yet: the task stays queued (here, in a list) until the test runs it.
    monkeypatch.setattr(
        tasks.letter_write_task, "apply_async", lambda kwargs: queued.append(kwargs)
    )
    user = user_create_in_tenant(tenant=acme, email="grace@seeker.example", password=PASSWORD)
    with tenant_context(acme.pk):
        Resume.objects.create(
            user=user, title="Main CV", kind=Resume.Kind.JSON, status=Resume.Status.PARSED,
            is_primary=True, parsed_data=CV,
        )  # fmt: skip
    application = application_create(
        user=user, tenant=acme, company="Globex", title="Senior Data Engineer",
        description=JOB, status="applied",
    )  # fmt: skip
    session = new_session()
    page = session.page
    page.goto(url_for(acme, "/accounts/login/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(url_for(acme, f"/coach/letters/new/?application={application.pk}"))
    page.get_by_role("button", name="Write the draft").click()
    expect(page.get_by_role("heading", name="Writing your letter…")).to_be_visible()
    _shot(page, "letter-writing")
    assert len(queued) == 1
    tasks.letter_write_task.apply(kwargs=queued[0], throw=True)  # the worker writes it
    # The page's poll notices and reloads itself: no click, no manual reload.
    body = page.get_by_label("Text")
    expect(body).to_have_value(re.compile(r"Initrode"), timeout=10_000)
    expect(page.get_by_role("heading", name="Writing your letter…")).to_have_count(0)
    with tenant_context(acme.pk):
        assert Letter.objects.get().status == "ready"
    session.assert_clean()

"""Coaching pages: member access, 404 for other tenants' and other users' rows, validation and
refusal messages, htmx partials, and the SSE stream consumed through the Django test client."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import Tenant, User
from coaching import services
from coaching.models import Conversation, InterviewPack, Letter, Message, Story
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application
from resumes.models import Resume
from tests.coaching.conftest import make_application, make_interview, make_resume, set_limits
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(tenant_a: Tenant, seeker_a: User) -> Client:
    return client_for(tenant_a, seeker_a)


def _generate(client: Client, application: Application, resume: Resume, **extra: str) -> Any:
    return client.post(
        "/coach/letters/new/",
        {"kind": "cover_letter", "application": application.pk, "cv": f"r:{resume.pk}",
         "tone": "formal", "length": "standard", "language": "en", **extra},
    )  # fmt: skip


@pytest.mark.parametrize(
    "url", ["/coach/", "/coach/letters/", "/coach/letters/new/", "/coach/prep/",
            "/coach/stories/", "/coach/chat/"],
)  # fmt: skip
def test_member_pages_render_with_the_coach_section_active(client_a: Client, url: str) -> None:
    response = client_a.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'href="/coach/"[^>]*aria-current="page"', html)
    assert "<script>" not in html  # no inline script without a nonce


def test_anonymous_visitor_is_sent_to_sign_in(tenant_a: Tenant) -> None:
    response = client_for(tenant_a).get("/coach/letters/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_generate_edit_attach_and_export_a_letter(
    client_a: Client,
    tenant_a: Tenant,
    resume_a: Resume,
    application_a: Application,
    worker: Any,
) -> None:
    with worker() as w:
        response = _generate(client_a, application_a, resume_a)
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        letter = Letter.objects.get()
        assert letter.status == "generating" and not letter.versions.exists()
    assert [kwargs for _task, kwargs in w.queued] == [
        {"letter_id": letter.pk, "tenant_id": tenant_a.pk}
    ]
    # Until a worker has written it, the page says so and polls a small status partial.
    waiting = client_a.get(response["Location"]).content.decode()
    assert "Writing your letter…" in waiting
    assert f'hx-get="/coach/letters/{letter.pk}/status/" hx-trigger="every 1s"' in waiting
    assert "Export DOCX" not in waiting
    poll = client_a.get(f"/coach/letters/{letter.pk}/status/", HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and "Writing your letter…" in poll.content.decode()
    assert "HX-Refresh" not in poll
    assert client_a.get(f"/coach/letters/{letter.pk}/export/pdf/").status_code == 404

    assert w.run() == ["ready"]
    done = client_a.get(f"/coach/letters/{letter.pk}/status/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"  # the poll reloads the page, which shows the draft
    page = client_a.get(response["Location"]).content.decode()
    assert "Initrode" in page and "Grounded" in page and "Copy as text" in page
    assert "Writing your letter…" not in page

    edited = client_a.post(
        f"/coach/letters/{letter.pk}/edit/",
        {"subject": "Hello", "body": "Dear team,\n\nI led 40 people at Google."},
        HTTP_HX_REQUEST="true",
    )
    assert edited.status_code == 200
    html = edited.content.decode()
    assert 'id="letter-editor"' in html and "Saved as version 2" in html
    assert "Google" in html and "your CV does not state them" in html
    # The version list beside the editor is refreshed out of band.
    assert 'id="letter-versions" hx-swap-oob="true"' in html and "v2</strong>" in html

    assert client_a.post(f"/coach/letters/{letter.pk}/attach/").status_code == 302
    with tenant_context(tenant_a.pk):
        application_a.refresh_from_db()
    assert application_a.cover_letter == "Dear team,\n\nI led 40 people at Google."

    docx = client_a.get(f"/coach/letters/{letter.pk}/export/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert 'filename="cover-letter-globex-v2.docx"' in docx["Content-Disposition"]
    pdf = client_a.get(f"/coach/letters/{letter.pk}/export/pdf/?version=1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_a.get(f"/coach/letters/{letter.pk}/export/txt/").status_code == 404


def test_letter_form_explains_what_is_missing(client_a: Client, resume_a: Resume) -> None:
    response = client_a.post(
        "/coach/letters/new/",
        {"kind": "cover_letter", "application": "", "cv": f"r:{resume_a.pk}", "tone": "formal",
         "length": "standard", "language": "en"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a tracked application or paste the job description." in html
    assert "Which company is it for?" in html


def test_letter_form_without_a_cv_asks_for_one(client_a: Client) -> None:
    html = client_a.get("/coach/letters/new/").content.decode()
    assert "You need a CV first" in html


def test_quota_exhausted_shows_the_reason_and_an_upgrade_link(
    client_a: Client, tenant_a: Tenant, resume_a: Resume, application_a: Application
) -> None:
    set_limits(tenant_a, cover_letter=0)
    response = _generate(client_a, application_a, resume_a)
    assert response.status_code == 402
    html = response.content.decode()
    assert "Your plan does not include cover letters" in html
    assert 'href="/billing/#plans"' in html


def test_restricted_ai_processing_is_explained(
    client_a: Client, resume_a: Resume, application_a: Application
) -> None:
    # The user restricts AI processing in Data & Privacy (the consent ledger).
    saved = client_a.post("/settings/privacy/restriction/", {"ai_restricted": "on"})
    assert saved.status_code == 302
    response = _generate(client_a, application_a, resume_a)
    assert response.status_code == 403
    assert "You&#x27;ve restricted AI processing" in response.content.decode()
    chat = client_a.get("/coach/chat/").content.decode()
    assert "restricted AI processing" in chat


def test_other_tenants_and_other_users_rows_are_404(
    tenant_a: Tenant, tenant_b: Tenant, seeker_a: User, admin_a: User, seeker_b: User
) -> None:
    resume_b = make_resume(tenant_b, seeker_b)
    application_b = make_application(tenant_b, seeker_b)
    interview_b = make_interview(tenant_b, seeker_b, application_b)
    with tenant_context(tenant_b.pk):
        letter = services.letter_generate(
            user=seeker_b, tenant=tenant_b, kind="cover_letter", resume=resume_b,
            cv_data=dict(resume_b.data or {}), application=application_b,
        )  # fmt: skip
        pack = services.pack_generate(user=seeker_b, tenant=tenant_b, application=application_b)
        story = Story.objects.create(user=seeker_b, title="t", situation="s", action="a",
                                     result="r")  # fmt: skip
        conversation = Conversation.objects.create(user=seeker_b, title="Mine")
        message = Message.objects.create(conversation=conversation, role="assistant",
                                         status="pending")  # fmt: skip
    # The same ids asked on tenant A, by a member of A (and by a colleague on B's rows' ids).
    client = client_for(tenant_a, seeker_a)
    urls = [
        f"/coach/letters/{letter.pk}/",
        f"/coach/letters/{letter.pk}/export/pdf/",
        f"/coach/letters/{letter.pk}/status/",
        f"/coach/prep/{pack.pk}/",
        f"/coach/prep/{pack.pk}/status/",
        f"/coach/prep/{pack.pk}/practice/q1/",
        f"/coach/prep/interview/{application_b.pk}/{interview_b.pk}/",
        f"/coach/stories/{story.pk}/",
        f"/coach/chat/{conversation.pk}/",
        f"/coach/chat/{conversation.pk}/messages/{message.pk}/stream/",
        f"/coach/letters/new/?application={application_b.pk}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    posts = [
        f"/coach/letters/{letter.pk}/attach/",
        f"/coach/letters/{letter.pk}/delete/",
        f"/coach/letters/{letter.pk}/retry/",
        f"/coach/prep/{pack.pk}/retry/",
        f"/coach/stories/{story.pk}/delete/",
        f"/coach/chat/{conversation.pk}/delete/",
        f"/coach/chat/{conversation.pk}/messages/",
        f"/coach/chat/{conversation.pk}/messages/{message.pk}/actions/a1/",
    ]
    for url in posts:
        assert client.post(url, {"text": "hi"}).status_code == 404, url
    # A colleague in the same tenant does not see a user's letters either.
    mine = make_resume(tenant_a, seeker_a)
    app_mine = make_application(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        own = services.letter_generate(
            user=seeker_a, tenant=tenant_a, kind="cover_letter", resume=mine,
            cv_data=dict(mine.data or {}), application=app_mine,
        )  # fmt: skip
    assert client_for(tenant_a, admin_a).get(f"/coach/letters/{own.pk}/").status_code == 404
    with tenant_context(tenant_b.pk):
        assert Letter.objects.filter(pk=letter.pk).exists()  # untouched


def test_interview_prep_flow_and_practice_feedback(
    client_a: Client,
    tenant_a: Tenant,
    seeker_a: User,
    resume_a: Resume,
    application_a: Application,
    worker: Any,
) -> None:
    interview = make_interview(tenant_a, seeker_a, application_a)
    detail = client_a.get(f"/jobs/{application_a.pk}/").content.decode()
    start_url = f"/coach/prep/interview/{application_a.pk}/{interview.pk}/"
    assert start_url in detail  # the application page links to the preparation
    start = client_a.get(start_url)
    assert start.status_code == 200 and "Create the preparation pack" in start.content.decode()
    with worker() as w:
        created = client_a.post(
            "/coach/prep/new/", {"application": application_a.pk, "interview": interview.pk}
        )
    with tenant_context(tenant_a.pk):
        pack = InterviewPack.objects.get()
    assert created["Location"] == f"/coach/prep/{pack.pk}/"
    assert client_a.get(start_url)["Location"] == f"/coach/prep/{pack.pk}/"  # reuses the pack
    waiting = client_a.get(f"/coach/prep/{pack.pk}/").content.decode()
    assert "Preparing your pack…" in waiting
    assert f'hx-get="/coach/prep/{pack.pk}/status/" hx-trigger="every 1s"' in waiting
    assert client_a.get(f"/coach/prep/{pack.pk}/practice/q1/").status_code == 404
    assert w.run() == ["ready"]
    assert client_a.get(f"/coach/prep/{pack.pk}/status/", HTTP_HX_REQUEST="true")["HX-Refresh"]
    html = client_a.get(f"/coach/prep/{pack.pk}/").content.decode()
    assert "Tell us about a project where you used Python." in html
    assert "Questions to ask them" in html
    too_short = client_a.post(f"/coach/prep/{pack.pk}/practice/q1/", {"answer": "hi"})
    assert too_short.status_code == 400
    answer = client_a.post(
        f"/coach/prep/{pack.pk}/practice/q1/",
        {"answer": "As a data engineer I built pipelines in Python; as a result we cut costs 30%."},
    )
    page = answer.content.decode()
    assert answer.status_code == 200 and "Feedback" in page and "/100" in page
    assert "<meter" in page and "How to improve it" in page
    # The free plan includes one pack: a second one is refused with a reason.
    refused = client_a.post("/coach/prep/new/", {"application": application_a.pk})
    assert refused.status_code == 402 and "interview packs" in refused.content.decode()


def test_story_bank_crud(client_a: Client, tenant_a: Tenant) -> None:
    invalid = client_a.post("/coach/stories/", {"title": "", "situation": "", "action": ""})
    assert invalid.status_code == 400
    client_a.post(
        "/coach/stories/",
        {"title": "Migration", "situation": "S", "task": "", "action": "A", "result": "R",
         "skills": "Airflow, SQL"},
    )  # fmt: skip
    with tenant_context(tenant_a.pk):
        story = Story.objects.get()
    assert story.skill_list == ["Airflow", "SQL"]
    client_a.post(
        f"/coach/stories/{story.pk}/",
        {"title": "Migration 2", "situation": "S", "action": "A", "result": "R"},
    )
    with tenant_context(tenant_a.pk):
        story.refresh_from_db()
    assert story.title == "Migration 2"
    client_a.post(f"/coach/stories/{story.pk}/delete/")
    with tenant_context(tenant_a.pk):
        assert not Story.objects.exists()


def _sse_events(response: Any) -> list[tuple[str, str]]:
    raw = b"".join(response.streaming_content).decode()
    events = []
    for block in raw.split("\n\n"):
        match = re.match(r"event: (\w+)\ndata: (.*)", block)
        if match:
            events.append((match.group(1), json.loads(match.group(2))["text"]))
    return events


def test_chat_send_then_stream_the_answer_over_sse(
    client_a: Client, tenant_a: Tenant, seeker_a: User, resume_a: Resume,
    application_a: Application,
) -> None:  # fmt: skip
    client_a.post("/coach/chat/new/")
    with tenant_context(tenant_a.pk):
        conversation = Conversation.objects.get()
    sent = client_a.post(
        f"/coach/chat/{conversation.pk}/messages/",
        {"text": "How is my search going?"},
        HTTP_HX_REQUEST="true",
    )
    html = sent.content.decode()
    stream_url = re.search(r'data-stream-url="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert "How is my search going?" in html

    response = client_a.get(stream_url)
    assert response.streaming and response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    # The body is produced only now, after the view returned and the request's tenant
    # transaction closed: the generator sets its own tenant context to save the answer.
    events = _sse_events(response)
    assert events[-1] == ("done", "")
    deltas = [text for kind, text in events if kind == "delta"]
    assert len(deltas) > 5 and "You are tracking 1 application" in "".join(deltas)
    with tenant_context(tenant_a.pk):
        answer = Message.objects.get(role="assistant")
    assert answer.status == "done" and answer.content == "".join(deltas)

    page = client_a.get(f"/coach/chat/{conversation.pk}/").content.decode()
    assert "What the coach knows" in page and "Main CV" in page
    assert "data-stream-url" not in page  # nothing left to stream


def test_chat_rename_delete_and_validation(client_a: Client, tenant_a: Tenant) -> None:
    client_a.post("/coach/chat/new/")
    with tenant_context(tenant_a.pk):
        conversation = Conversation.objects.get()
    empty = client_a.post(
        f"/coach/chat/{conversation.pk}/messages/", {"text": ""}, HTTP_HX_REQUEST="true"
    )
    assert empty.status_code == 400 and "Type a message first" in empty.content.decode()
    client_a.post(f"/coach/chat/{conversation.pk}/rename/", {"title": "Offer talk"})
    with tenant_context(tenant_a.pk):
        conversation.refresh_from_db()
    assert conversation.title == "Offer talk"
    client_a.post(f"/coach/chat/{conversation.pk}/delete/")
    with tenant_context(tenant_a.pk):
        assert not Conversation.objects.exists()


def test_coach_quota_is_shown_in_the_conversation(client_a: Client, tenant_a: Tenant) -> None:
    set_limits(tenant_a, coach_message=0)
    client_a.post("/coach/chat/new/")
    with tenant_context(tenant_a.pk):
        conversation = Conversation.objects.get()
    response = client_a.post(
        f"/coach/chat/{conversation.pk}/messages/", {"text": "Hi"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 402
    assert "coach messages" in response.content.decode()
    with tenant_context(tenant_a.pk):
        assert not Message.objects.exists()


def test_confirming_a_proposed_action_through_the_page(
    client_a: Client, tenant_a: Tenant, resume_a: Resume
) -> None:
    client_a.post("/coach/chat/new/")
    with tenant_context(tenant_a.pk):
        conversation = Conversation.objects.get()
    client_a.post(
        f"/coach/chat/{conversation.pk}/messages/",
        {"text": "Add Data Engineer at Hooli to my wishlist"},
    )
    with tenant_context(tenant_a.pk):
        message = Message.objects.get(role="assistant")
        assert not Application.objects.filter(company="Hooli").exists()
    page = client_a.get(f"/coach/chat/{conversation.pk}/").content.decode()
    assert "Add “Data Engineer” at Hooli to your wishlist" in page
    assert (
        client_a.get(f"/coach/chat/{conversation.pk}/messages/{message.pk}/actions/a1/").status_code
        == 405
    )  # GET never acts
    response = client_a.post(
        f"/coach/chat/{conversation.pk}/messages/{message.pk}/actions/a1/",
        {"decision": "confirm"},
    )
    with tenant_context(tenant_a.pk):
        created = Application.objects.get(company="Hooli")
    assert response["Location"] == f"/jobs/{created.pk}/"


@pytest.mark.django_db(transaction=True)
def test_stream_saves_the_answer_after_the_request_transaction_committed(
    tenant_a: Tenant, seeker_a: User
) -> None:
    """Real commits (no wrapping test transaction): the stream's body runs after the tenancy
    middleware has left its tenant context and committed, and must still save under RLS."""
    client = client_for(tenant_a, seeker_a)
    client.post("/coach/chat/new/")
    with tenant_context(tenant_a.pk):
        conversation = Conversation.objects.get()
    html = client.post(
        f"/coach/chat/{conversation.pk}/messages/", {"text": "Any advice on salary?"},
        HTTP_HX_REQUEST="true",
    ).content.decode()  # fmt: skip
    stream_url = re.search(r'data-stream-url="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    response = client.get(stream_url)
    with tenant_context(tenant_a.pk):
        assert Message.objects.get(role="assistant").status == "pending"  # nothing ran yet
    events = _sse_events(response)
    assert events[-1] == ("done", "")
    with tenant_context(tenant_a.pk):
        answer = Message.objects.get(role="assistant")
    assert answer.status == "done" and "Salary expectations" in answer.content


def test_bursts_of_ai_requests_are_slowed_down(
    client_a: Client, tenant_a: Tenant, settings: Any, unlimited: None
) -> None:
    settings.COACHING_AI_REQUESTS_PER_MINUTE = 2
    client_a.post("/coach/chat/new/")
    with tenant_context(tenant_a.pk):
        conversation = Conversation.objects.get()
    url = f"/coach/chat/{conversation.pk}/messages/"
    for _ in range(2):
        assert client_a.post(url, {"text": "Hi"}, HTTP_HX_REQUEST="true").status_code == 200
    third = client_a.post(url, {"text": "Hi"}, HTTP_HX_REQUEST="true")
    assert third.status_code == 429 and "wait a minute" in third.content.decode()


def test_thank_you_email_from_the_interview_link(
    client_a: Client, tenant_a: Tenant, seeker_a: User, resume_a: Resume,
    application_a: Application, worker: Any,
) -> None:  # fmt: skip
    interview = make_interview(tenant_a, seeker_a, application_a)
    form = client_a.get(
        f"/coach/letters/new/?application={application_a.pk}&interview={interview.pk}"
        "&kind=thank_you"
    ).content.decode()
    assert f'name="interview" value="{interview.pk}"' in form
    assert '<option value="thank_you" selected>' in form
    with worker() as w:
        response = _generate(client_a, application_a, resume_a, kind="thank_you",
                             interview=str(interview.pk))  # fmt: skip
    assert response.status_code == 302
    w.run()
    with tenant_context(tenant_a.pk):
        letter = Letter.objects.get()
        assert letter.interview == interview
        assert letter.versions.get().body.startswith("Dear Maria Rossi,")


def test_follow_up_without_an_application_is_refused_with_a_reason(
    client_a: Client, resume_a: Resume
) -> None:
    response = client_a.post(
        "/coach/letters/new/",
        {"kind": "follow_up", "cv": f"r:{resume_a.pk}", "company": "Hooli", "job_title": "DE",
         "job_description": "SQL", "tone": "formal", "length": "short", "language": "en"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "written for a tracked application" in response.content.decode()

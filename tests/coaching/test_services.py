"""Coaching services: generation through the AI layer, grounding, versions, attach, export,
quotas, packs, practice, the coach's conversations and confirmed actions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.http import Http404

from accounts.models import Tenant, User
from billing.models import UsageCounter
from coaching import services
from coaching.models import Generation, Letter, LetterVersion, Message, PracticeAttempt
from jobmentis.ai.models import AIUsageEvent
from jobmentis.ai.providers import local
from jobmentis.tenancy.context import tenant_context
from jobs.models import Activity, Application
from resumes.models import Resume
from tests.coaching.conftest import (
    CV,
    make_application,
    make_interview,
    make_resume,
    set_limits,
)

pytestmark = pytest.mark.django_db


def _letter(
    tenant: Tenant, user: User, resume: Resume, application: Application, **kw: Any
) -> Letter:
    return services.letter_generate(
        user=user,
        tenant=tenant,
        kind=kw.pop("kind", Letter.Kind.COVER_LETTER),
        resume=resume,
        cv_data=dict(resume.data or {}),
        application=application,
        **kw,
    )


def test_cover_letter_from_application_is_grounded_and_records_its_provenance(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    letter = _letter(in_tenant, seeker_a, resume_a, application_a, tone="warm", language="en")
    version = letter.versions.get()
    assert (letter.company, letter.job_title) == ("Globex", "Senior Data Engineer")
    assert "Initrode" in version.body and "Dear Globex team," in version.body
    assert version.flags == []
    assert (version.provider, version.model_name) == ("local", "local")
    assert version.prompt_version.startswith("letter-")
    assert version.source == LetterVersion.Source.GENERATED
    assert AIUsageEvent.objects.filter(feature="coaching.letter", status="ok").count() == 1
    assert UsageCounter.objects.get(user=seeker_a, feature="cover_letter").used == 1


def test_cover_letter_from_a_pasted_job_description(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume
) -> None:
    letter = services.letter_generate(
        user=seeker_a,
        tenant=in_tenant,
        kind=Letter.Kind.COVER_LETTER,
        resume=resume_a,
        cv_data=CV,
        company="Hooli",
        job_title="Analytics Engineer",
        job_description="We need SQL and Tableau skills.",
        language="fr",
    )
    body = letter.versions.get().body
    assert letter.application is None
    assert "Hooli" in body and "SQL" in body and "Madame, Monsieur" in body


def test_quota_refusal_creates_nothing(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    set_limits(in_tenant, cover_letter=0)
    with pytest.raises(services.QuotaReached) as caught:
        _letter(in_tenant, seeker_a, resume_a, application_a)
    assert caught.value.upgrade_url.startswith("/billing/")
    assert "cover letters" in caught.value.message
    assert not Letter.objects.exists()


def test_provider_failure_gives_the_quota_unit_back(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    from jobmentis.ai.exceptions import AIUnavailable

    def broken(request: Any) -> dict[str, Any]:
        raise AIUnavailable("down")

    with local.override("coaching.letter", broken), pytest.raises(services.CoachUnavailable):
        _letter(in_tenant, seeker_a, resume_a, application_a)
    assert not Letter.objects.exists()
    assert not UsageCounter.objects.filter(feature="cover_letter", used__gt=0).exists()


def test_restricted_ai_processing_refuses_generation(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    from privacy.consent.interfaces import restriction_set

    assert services._ai_restricted(seeker_a, in_tenant) is False
    restriction_set(user=seeker_a, tenant=in_tenant, restricted=True, source="settings")
    with pytest.raises(services.AIRestricted):
        _letter(in_tenant, seeker_a, resume_a, application_a)
    assert not UsageCounter.objects.filter(used__gt=0).exists()


def test_edits_are_new_versions_checked_for_unsupported_claims(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    letter = _letter(in_tenant, seeker_a, resume_a, application_a)
    original = letter.versions.get()
    edited = services.letter_edit(
        letter=letter,
        subject="My application",
        body=original.body + "\n\nAt Google I managed 12 people with Kubernetes.",
    )
    assert edited.number == 2 and edited.source == LetterVersion.Source.EDITED
    values = {flag["value"] for flag in edited.flags}
    assert {"Google", "12", "Kubernetes"} <= values
    assert services.letter_edit(letter=letter, subject="My application", body=edited.body) == edited
    restored = services.letter_restore(letter=letter, version=original)
    assert restored.number == 3 and restored.body == original.body
    assert list(letter.versions.values_list("number", flat=True)) == [3, 2, 1]


def test_attach_copies_the_current_text_to_the_application(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    letter = _letter(in_tenant, seeker_a, resume_a, application_a)
    services.letter_edit(letter=letter, subject="", body="Dear team,\n\nShort and true.")
    services.letter_attach(letter=letter, user=seeker_a)
    application_a.refresh_from_db()
    letter.refresh_from_db()
    assert application_a.cover_letter == "Dear team,\n\nShort and true."
    assert letter.attached_at is not None
    assert Activity.objects.filter(application=application_a, body="Cover letter").exists()


def test_docx_and_pdf_exports_reopen_with_the_letters_text(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    import docx
    from pypdf import PdfReader

    letter = _letter(in_tenant, seeker_a, resume_a, application_a, language="fr")
    version = letter.versions.get()
    document = docx.Document(io.BytesIO(services.letter_export(letter=letter, version=version,
                                                               fmt="docx")))  # fmt: skip
    docx_text = "\n".join(p.text for p in document.paragraphs)
    assert "Madame, Monsieur," in docx_text and "Initrode" in docx_text
    pdf = PdfReader(io.BytesIO(services.letter_export(letter=letter, version=version, fmt="pdf")))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "réalisations" in pdf_text and "Initrode" in pdf_text


def test_thank_you_email_after_an_interview(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    interview = make_interview(in_tenant, seeker_a, application_a)
    letter = _letter(
        in_tenant, seeker_a, resume_a, application_a, kind=Letter.Kind.THANK_YOU,
        interview=interview,
    )  # fmt: skip
    version = letter.versions.get()
    assert version.body.startswith("Dear Maria Rossi,")
    assert version.flags == []  # the interview's date and interviewer are known context


def test_pack_and_practice_are_kept_with_their_provenance(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    interview = make_interview(in_tenant, seeker_a, application_a)
    services.story_create(
        user=seeker_a,
        data={"title": "Airflow migration", "situation": "Cron jobs failed.", "task": "",
              "action": "I moved them to Airflow.", "result": "No failures since.",
              "skills": "Airflow"},
    )  # fmt: skip
    pack = services.pack_generate(
        user=seeker_a, tenant=in_tenant, application=application_a, interview=interview
    )
    assert pack.resume == resume_a and pack.provider == "local"
    assert pack.prompt_version.startswith("pack-")
    assert any(q["answer"].get("story") == "Airflow migration" for q in pack.questions)
    assert UsageCounter.objects.get(user=seeker_a, feature="interview_pack").used == 1
    assert [q["id"] for q in pack.questions] == [f"q{i}" for i in range(1, len(pack.questions) + 1)]
    first = pack.questions[0]
    attempt = services.practice_submit(
        user=seeker_a, tenant=in_tenant, pack=pack, question_id=first["id"],
        answer="I am a data engineer.",
    )  # fmt: skip
    assert attempt.total < 50 and attempt.suggestions
    assert set(attempt.scores) == {"structure", "relevance", "evidence", "length"}
    assert PracticeAttempt.objects.filter(pack=pack).count() == 1
    with pytest.raises(ValueError):
        services.practice_submit(
            user=seeker_a, tenant=in_tenant, pack=pack, question_id="q999", answer="x" * 20
        )


def test_second_pack_on_the_free_plan_is_refused(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    services.pack_generate(user=seeker_a, tenant=in_tenant, application=application_a)
    with pytest.raises(services.QuotaReached):
        services.pack_generate(user=seeker_a, tenant=in_tenant, application=application_a)


def _drain(events: Any) -> list[tuple[str, str]]:
    return list(events)


def test_coach_message_streams_and_is_saved_with_provenance(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    conversation = services.conversation_create(user=seeker_a)
    sent = services.message_send(
        user=seeker_a, tenant=in_tenant, conversation=conversation, text="How is my search going?"
    )
    assert sent.answer.status == Message.Status.PENDING
    events = _drain(services.message_stream(user=seeker_a, tenant=in_tenant, message=sent.answer))
    assert events[-1] == ("done", "")
    text = "".join(data for kind, data in events if kind == "delta")
    assert len([e for e in events if e[0] == "delta"]) > 5  # streamed in pieces
    assert "You are tracking 1 application" in text
    sent.answer.refresh_from_db()
    assert sent.answer.content == text and sent.answer.status == Message.Status.DONE
    assert (sent.answer.provider, sent.answer.prompt_version[:6]) == ("local", "coach-")
    conversation.refresh_from_db()
    assert conversation.title == "How is my search going?"
    assert UsageCounter.objects.get(user=seeker_a, feature="coach_message").used == 1
    # A finished answer does not stream again (EventSource reconnects are harmless).
    again = services.message_stream(user=seeker_a, tenant=in_tenant, message=sent.answer)
    assert list(again) == [("done", "")]


def test_long_conversations_are_summarised(
    in_tenant: Tenant, seeker_a: User, unlimited: None
) -> None:
    conversation = services.conversation_create(user=seeker_a)
    for index in range(9):
        sent = services.message_send(
            user=seeker_a, tenant=in_tenant, conversation=conversation,
            text=f"Question number {index} about salary?",
        )  # fmt: skip
        _drain(services.message_stream(user=seeker_a, tenant=in_tenant, message=sent.answer))
    conversation.refresh_from_db()
    # At the 9th question: 16 finished messages + the question; all but the last 12 folded.
    assert conversation.summarised_count == 17 - 12
    assert "User asked: Question number 0 about salary?" in conversation.summary
    history = services.coach_history(conversation=conversation, until=sent.answer)
    assert len(history) == 12


def test_actions_happen_only_when_confirmed(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, unlimited: None
) -> None:
    conversation = services.conversation_create(user=seeker_a)
    sent = services.message_send(
        user=seeker_a, tenant=in_tenant, conversation=conversation,
        text="Add Data Engineer at Hooli to my wishlist",
    )  # fmt: skip
    _drain(services.message_stream(user=seeker_a, tenant=in_tenant, message=sent.answer))
    assert not Application.objects.filter(company="Hooli").exists()
    action = sent.answer.actions[0]
    result = services.action_confirm(
        user=seeker_a, tenant=in_tenant, message=sent.answer, action_id=action["id"]
    )
    assert result.application is not None and result.application.status == "wishlist"
    assert Application.objects.filter(company="Hooli", user=seeker_a).count() == 1
    with pytest.raises(ValueError):  # confirmed once: not again
        services.action_confirm(
            user=seeker_a, tenant=in_tenant, message=sent.answer, action_id=action["id"]
        )


def test_follow_up_action_drafts_a_follow_up_email(
    in_tenant: Tenant,
    seeker_a: User,
    resume_a: Resume,
    application_a: Application,
    worker: Any,
) -> None:
    conversation = services.conversation_create(user=seeker_a)
    sent = services.message_send(
        user=seeker_a, tenant=in_tenant, conversation=conversation,
        text="Please draft a follow-up for Globex",
    )  # fmt: skip
    action = sent.answer.actions[0]
    assert action["kind"] == "draft_follow_up"
    with worker() as w:
        result = services.action_confirm(
            user=seeker_a, tenant=in_tenant, message=sent.answer, action_id=action["id"]
        )
    assert result.letter is not None and result.letter.kind == Letter.Kind.FOLLOW_UP
    assert result.letter.status == Generation.GENERATING  # a worker writes it
    assert w.run() == [Generation.READY]
    assert "follow up on my application" in result.letter.versions.get().body


def test_a_tampered_action_cannot_reach_another_users_application(
    tenant_a: Tenant, seeker_a: User, admin_a: User, resume_a: Resume
) -> None:
    other = make_application(tenant_a, admin_a, company="Secret Corp")
    make_resume(tenant_a, admin_a)
    with tenant_context(tenant_a.pk):
        conversation = services.conversation_create(user=seeker_a)
        message = Message.objects.create(
            conversation=conversation,
            role=Message.Role.ASSISTANT,
            actions=[{"id": "a1", "kind": "draft_follow_up", "status": "proposed",
                      "label": "x", "params": {"application_id": other.pk}}],
        )  # fmt: skip
        with pytest.raises(Http404):
            services.action_confirm(user=seeker_a, tenant=tenant_a, message=message, action_id="a1")
        assert not Letter.objects.exists()


def test_coach_context_holds_only_the_users_own_data(
    tenant_a: Tenant, tenant_b: Tenant, seeker_a: User, admin_a: User, seeker_b: User
) -> None:
    make_application(tenant_a, seeker_a, company="Mine Ltd")
    make_application(tenant_a, admin_a, company="Colleague Corp")
    make_application(tenant_b, seeker_b, company="Other Tenant Inc")
    with tenant_context(tenant_a.pk):
        context = services.coach_context(user=seeker_a)
    companies = {a["company"] for a in context["applications"]}
    assert companies == {"Mine Ltd"}
    assert context["pipeline"]["total"] == 1


def test_thank_you_email_in_italian_writes_the_date_in_italian(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application
) -> None:
    interview = make_interview(in_tenant, seeker_a, application_a)
    letter = _letter(
        in_tenant, seeker_a, resume_a, application_a, kind=Letter.Kind.THANK_YOU,
        interview=interview, language="it",
    )  # fmt: skip
    version = letter.versions.get()
    months = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
              "agosto", "settembre", "ottobre", "novembre", "dicembre"]  # fmt: skip
    assert version.body.startswith("Gentile Maria Rossi,")
    assert any(f" {month} " in version.body.lower() for month in months)
    assert version.flags == []


def test_letter_from_an_external_model_is_checked_and_records_its_model(
    in_tenant: Tenant,
    seeker_a: User,
    resume_a: Resume,
    application_a: Application,
    settings: Any,
) -> None:
    """The real OpenAI SDK against the fake server: the model's letter is stored as a suggestion
    with its provider, model and prompt version, and its invented claims are flagged."""
    import json as json_module

    from tests.ai.fakes import FakeAIServer, openai_ok

    server = FakeAIServer().start()
    try:
        settings.AI_PROVIDERS = ["openai"]
        settings.AI_API_KEYS = {"openai": "sk-test"}
        settings.AI_BASE_URLS = {"openai": server.url + "/v1"}
        settings.AI_MODELS = {"openai": "gpt-5-mini", "local": "local"}
        invented = "Dear team,\n\nAt Initrode I built pipelines. I ran Google's 50-person team."
        server.queue(openai_ok(json_module.dumps({"subject": "Application", "body": invented})))
        letter = _letter(in_tenant, seeker_a, resume_a, application_a)
    finally:
        server.stop()
    version = letter.versions.get()
    assert (version.provider, version.model_name) == ("openai", "gpt-5-mini-2025-08-07")
    assert version.prompt_version == "letter-2026-11.1"
    assert {flag["value"] for flag in version.flags} >= {"Google's", "50"}
    sent = server.requests[0].json
    assert sent["response_format"]["json_schema"]["schema"]["required"] == ["subject", "body"]
    assert "ada@example.com" not in json_module.dumps(sent)  # contact details never sent


def test_scheduling_an_interview_prepares_its_pack_in_the_background(
    in_tenant: Tenant,
    seeker_a: User,
    resume_a: Resume,
    application_a: Application,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from coaching.models import InterviewPack
    from coaching.tasks import pack_prepare_for_interview_task

    queued: list[dict[str, Any]] = []
    monkeypatch.setattr(
        pack_prepare_for_interview_task, "apply_async", lambda kwargs, **o: queued.append(kwargs)
    )
    with django_capture_on_commit_callbacks(execute=True):
        interview = make_interview(in_tenant, seeker_a, application_a)
    assert queued == [{"tenant_id": in_tenant.pk, "interview_id": interview.pk}]

    pack_prepare_for_interview_task.apply(kwargs=queued[0], throw=True)
    pack = InterviewPack.objects.get(interview=interview)
    assert pack.questions and pack.resume == resume_a
    # A redelivered task, or a second interview once the free plan's pack is used: no pack, no
    # error (the interview's "Prepare" link then says why).
    assert services.pack_prepare_for_scheduled_interview(interview_id=interview.pk) is None
    second = make_interview(in_tenant, seeker_a, application_a)
    assert services.pack_prepare_for_scheduled_interview(interview_id=second.pk) is None
    assert InterviewPack.objects.count() == 1
    assert UsageCounter.objects.get(user=seeker_a, feature="interview_pack").used == 1

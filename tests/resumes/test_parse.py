"""Parsing CVs in Celery tasks: text in the bounded sandbox, structure by the local extractor,
idempotent, and every failure a clear status the user can retry from."""

from __future__ import annotations

from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from resumes import tasks
from resumes.models import Resume
from tests.conftest import client_for
from tests.resumes.conftest import upload_cv
from tests.resumes.files import make_docx, make_pdf, make_pdf_decompression_bomb

pytestmark = pytest.mark.django_db


def _run_parse(tenant: Tenant, resume: Resume) -> Resume:
    """Both tasks, in order, as a worker runs them (eagerly, in the tenant's context)."""
    tasks.resume_parse_start_task.apply(kwargs={"tenant_id": tenant.pk, "resume_id": resume.pk})
    result = tasks.resume_parse_task.apply(kwargs={"tenant_id": tenant.pk, "resume_id": resume.pk})
    result.get()  # re-raises anything the task raised
    with tenant_context(tenant.pk):
        return Resume.objects.get(pk=resume.pk)


def test_pdf_is_parsed_into_json_resume(
    tenant_a: Tenant, seeker_a: User, media: Any, extractor: None
) -> None:
    resume = _run_parse(tenant_a, upload_cv(tenant_a, seeker_a))
    assert resume.status == Resume.Status.PARSED
    assert resume.error_code == ""
    assert resume.parse_attempts == 1
    assert resume.parse_engine == "local"
    assert "Ada Lovelace" in resume.extracted_text
    data = resume.parsed_data
    assert data is not None
    assert data["basics"]["name"] == "Ada Lovelace"
    assert data["basics"]["email"] == "ada.lovelace@example.com"
    assert data["work"][0]["position"] == "Senior Data Analyst"
    assert data["work"][0]["highlights"] == [
        "Built forecasting models in Python and SQL",
        "Led a team of 4 analysts",
    ]
    assert {entry["language"]: entry["cefr"] for entry in data["languages"]} == {
        "English": "Native",
        "French": "B2",
    }
    assert resume.edited_data is None
    assert resume.data == data


def test_docx_is_parsed(tenant_a: Tenant, seeker_a: User, media: Any, extractor: None) -> None:
    resume = _run_parse(tenant_a, upload_cv(tenant_a, seeker_a, make_docx(), name="cv.docx"))
    assert resume.status == Resume.Status.PARSED
    assert resume.parsed_data is not None
    assert resume.parsed_data["education"][0]["institution"] == "University of London"


def test_parsing_again_is_a_no_op(
    tenant_a: Tenant, seeker_a: User, media: Any, extractor: None
) -> None:
    resume = _run_parse(tenant_a, upload_cv(tenant_a, seeker_a))
    again = _run_parse(tenant_a, resume)
    assert again.parsed_at == resume.parsed_at
    assert again.parse_attempts == 1


def test_start_task_commits_reading_status_before_the_work(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    tasks.resume_parse_start_task.apply(kwargs={"tenant_id": tenant_a.pk, "resume_id": resume.pk})
    with tenant_context(tenant_a.pk):
        resume.refresh_from_db()
    assert resume.status == Resume.Status.EXTRACTING
    assert resume.parse_started_at is not None


def test_file_without_text_fails_with_clear_message_and_can_be_retried(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    resume = _run_parse(tenant_a, upload_cv(tenant_a, seeker_a, make_pdf([[]])))
    assert resume.status == Resume.Status.FAILED
    assert resume.error_code == "no_text"

    client = client_for(tenant_a, seeker_a)
    html = client.get(f"/cvs/{resume.pk}/").content.decode()
    assert "We found no text in this file" in html
    assert f'action="/cvs/{resume.pk}/retry/"' in html

    assert client.post(f"/cvs/{resume.pk}/retry/").status_code == 302
    with tenant_context(tenant_a.pk):
        resume.refresh_from_db()
    assert resume.status == Resume.Status.UPLOADED
    assert resume.error_code == ""


def test_sandbox_timeout_marks_cv_failed(
    tenant_a: Tenant, seeker_a: User, media: Any, settings: Any
) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    settings.RESUME_SANDBOX_TIMEOUT = 0.001  # the child is killed long before it answers
    resume = _run_parse(tenant_a, resume)
    assert resume.status == Resume.Status.FAILED
    assert resume.error_code == "timeout"


def test_soft_time_limit_marks_cv_failed(
    tenant_a: Tenant, seeker_a: User, media: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(**kwargs: Any) -> None:
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(tasks, "resume_parse", slow)
    resume = _run_parse(tenant_a, upload_cv(tenant_a, seeker_a))
    assert resume.status == Resume.Status.FAILED
    assert resume.error_code == "timeout"


def test_redelivery_after_a_worker_died_fails_instead_of_looping(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    from resumes.services import resume_parse

    resume = upload_cv(tenant_a, seeker_a)
    tasks.resume_parse_start_task.apply(kwargs={"tenant_id": tenant_a.pk, "resume_id": resume.pk})
    with tenant_context(tenant_a.pk):
        result = resume_parse(resume_id=resume.pk, redelivered=True)
    assert result is not None
    assert result.status == Resume.Status.FAILED
    assert result.error_code == "timeout"


def test_hostile_file_cannot_exhaust_memory(tenant_a: Tenant, seeker_a: User, media: Any) -> None:
    from resumes.errors import ResumeError
    from resumes.sandbox import SandboxLimits, run_sandboxed

    # 10 MB of address space is not enough for the child to read the file: it must fail
    # cleanly with an error we report, never take the parent down.
    with pytest.raises(ResumeError) as raised:
        run_sandboxed(
            "extract_pdf", make_pdf(), limits=SandboxLimits(timeout=10, cpu_seconds=5, memory_mb=10)
        )
    # Usually reported as "resources"; where the allocation failure surfaces inside a
    # library's own error handling it may read as an unreadable file. Never a success.
    assert raised.value.code in ("resources", "corrupt", "internal")


def test_pdf_decompression_bomb_fails_cleanly(tenant_a: Tenant, seeker_a: User, media: Any) -> None:
    # ~0.4 MB on disk, 200 MB once its content stream is inflated.
    resume = _run_parse(tenant_a, upload_cv(tenant_a, seeker_a, make_pdf_decompression_bomb(200)))
    assert resume.status == Resume.Status.FAILED
    assert resume.error_code in ("corrupt", "resources", "timeout")


def test_transient_engine_failure_is_retried_then_reported(
    tenant_a: Tenant, seeker_a: User, media: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resumes import services
    from resumes.errors import TransientParseError

    def unavailable(**kwargs: Any) -> Any:
        raise TransientParseError()

    monkeypatch.setattr(services, "resume_structure", unavailable)
    resume = upload_cv(tenant_a, seeker_a)
    tasks.resume_parse_start_task.apply(kwargs={"tenant_id": tenant_a.pk, "resume_id": resume.pk})
    result = tasks.resume_parse_task.apply(
        kwargs={"tenant_id": tenant_a.pk, "resume_id": resume.pk}, retries=4
    )
    assert result.get() == Resume.Status.FAILED
    with tenant_context(tenant_a.pk):
        resume.refresh_from_db()
    assert resume.error_code == "engine_unavailable"


def test_structured_extraction_goes_through_the_ai_layer_and_records_usage(
    tenant_a: Tenant, seeker_a: User, media: Any, extractor: None
) -> None:
    from jobmentis.ai.models import AIUsageEvent

    _run_parse(tenant_a, upload_cv(tenant_a, seeker_a))
    with tenant_context(tenant_a.pk):
        events = list(AIUsageEvent.objects.values_list("feature", "provider", "user_id"))
    assert events == [("cv.extract", "local", seeker_a.pk)]


def test_a_stuck_parse_can_be_retried(
    tenant_a: Tenant,
    seeker_a: User,
    media: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    resume = upload_cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    assert "taking much longer than usual" not in client.get(f"/cvs/{resume.pk}/").content.decode()
    # Its task was lost: still queued ten minutes later.
    with tenant_context(tenant_a.pk):
        Resume.objects.filter(pk=resume.pk).update(
            updated_at=timezone.now() - timedelta(minutes=10)
        )
    html = client.get(f"/cvs/{resume.pk}/").content.decode()
    assert "taking much longer than usual" in html

    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(
        tasks.resume_parse_start_task, "apply_async", lambda kwargs: sent.append(kwargs)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/cvs/{resume.pk}/retry/").status_code == 302
    assert sent == [{"resume_id": resume.pk, "tenant_id": tenant_a.pk}]


def test_retry_of_a_cv_being_read_normally_does_nothing(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    tasks.resume_parse_start_task.apply(kwargs={"tenant_id": tenant_a.pk, "resume_id": resume.pk})
    client_for(tenant_a, seeker_a).post(f"/cvs/{resume.pk}/retry/")
    with tenant_context(tenant_a.pk):
        resume.refresh_from_db()
    assert resume.status == Resume.Status.EXTRACTING

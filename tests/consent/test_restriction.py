"""Restriction of AI processing: recorded in the ledger, enforced by the AI layer, explained on
the CV pages."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Tenant, User
from jobmentis.ai.exceptions import AIError, AIProcessingRestricted
from jobmentis.ai.models import AIUsageEvent
from jobmentis.ai.services import ai_complete
from jobmentis.ai.types import AIRequest
from jobmentis.tenancy.context import tenant_context
from privacy.consent.interfaces import ai_processing_restricted, restriction_set
from privacy.consent.models import Source
from resumes.models import Optimisation
from resumes.services import resume_import_json
from tests.conftest import client_for
from tests.resumes.optimisation_samples import CV_ANALYST, JOB_DATA_ENGINEER

pytestmark = pytest.mark.django_db

MESSAGE = "You&#x27;ve restricted AI processing of your CVs — change this in Data &amp; Privacy"


def _request() -> AIRequest:
    return AIRequest(
        feature="cv.optimise",
        instructions="x",
        output_schema={"type": "object", "properties": {}},
    )


def test_restriction_is_recorded_and_can_be_lifted(tenant_a: Tenant, seeker_a: User) -> None:
    assert ai_processing_restricted(user=seeker_a, tenant=tenant_a) is False
    restriction_set(user=seeker_a, tenant=tenant_a, restricted=True, source=Source.SETTINGS)
    assert ai_processing_restricted(user=seeker_a, tenant=tenant_a) is True
    restriction_set(user=seeker_a, tenant=tenant_a, restricted=False, source=Source.SETTINGS)
    assert ai_processing_restricted(user=seeker_a, tenant=tenant_a) is False


def test_restriction_is_per_tenant(tenant_a: Tenant, tenant_b: Tenant, seeker_a: User) -> None:
    restriction_set(user=seeker_a, tenant=tenant_a, restricted=True, source=Source.SETTINGS)
    assert ai_processing_restricted(user=seeker_a, tenant=tenant_b) is False


def test_the_ai_layer_refuses_a_restricted_users_request(tenant_a: Tenant, seeker_a: User) -> None:
    restriction_set(user=seeker_a, tenant=tenant_a, restricted=True, source=Source.SETTINGS)
    with tenant_context(tenant_a.pk), pytest.raises(AIProcessingRestricted) as raised:
        ai_complete(request=_request(), user_id=seeker_a.pk)
    assert isinstance(raised.value, AIError)
    assert raised.value.retryable is False


def test_settings_form_sets_the_restriction(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    response = client.post("/settings/privacy/restriction/", {"ai_restricted": "on"})
    assert response.status_code == 302
    assert ai_processing_restricted(user=seeker_a, tenant=tenant_a) is True
    page = client.get("/settings/privacy/").content.decode()
    assert "AI processing of your CVs is restricted" in page
    client.post("/settings/privacy/restriction/", {})
    assert ai_processing_restricted(user=seeker_a, tenant=tenant_a) is False


def test_cv_optimise_page_explains_the_restriction_instead_of_crashing(
    tenant_a: Tenant, seeker_a: User
) -> None:
    with tenant_context(tenant_a.pk):
        resume = resume_import_json(user=seeker_a, data=CV_ANALYST, original_filename="ada.json")
    restriction_set(user=seeker_a, tenant=tenant_a, restricted=True, source=Source.SETTINGS)
    response = client_for(tenant_a, seeker_a).post(
        f"/cvs/{resume.pk}/optimise/",
        {"job_description": JOB_DATA_ENGINEER, "job_title": "Data Engineer"},
    )
    assert response.status_code == 403
    assert MESSAGE in response.content.decode()
    with tenant_context(tenant_a.pk):
        assert not Optimisation.objects.exists()
        assert not AIUsageEvent.objects.exists()


def test_cv_parse_fails_with_the_restriction_message(tenant_a: Tenant, seeker_a: User) -> None:
    from resumes.errors import ParseFailed
    from resumes.structuring import cv_extract

    restriction_set(user=seeker_a, tenant=tenant_a, restricted=True, source=Source.SETTINGS)
    with tenant_context(tenant_a.pk), pytest.raises(ParseFailed) as raised:
        cv_extract(text="Ada Seeker\nData analyst", user_id=seeker_a.pk)
    assert raised.value.code == "ai_restricted"
    assert "restricted AI processing of your CVs" in raised.value.message


def test_a_cv_uploaded_while_restricted_fails_with_the_message_on_its_page(
    tenant_a: Tenant, seeker_a: User, settings: Any, tmp_path: Any
) -> None:
    from resumes import tasks
    from resumes.models import Resume
    from tests.resumes.conftest import upload_cv

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }
    restriction_set(user=seeker_a, tenant=tenant_a, restricted=True, source=Source.SETTINGS)
    resume = upload_cv(tenant_a, seeker_a)
    for task in (tasks.resume_parse_start_task, tasks.resume_parse_task):
        task.apply(kwargs={"tenant_id": tenant_a.pk, "resume_id": resume.pk}).get()
    with tenant_context(tenant_a.pk):
        resume = Resume.objects.get(pk=resume.pk)
    assert resume.status == Resume.Status.FAILED
    assert resume.error_code == "ai_restricted"
    page = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/").content.decode()
    assert MESSAGE in page

"""The whole pipeline through a real Celery worker (a subprocess over Redis, not eager mode):
upload in the browser's request, parsing queued on commit, the worker reads the CV."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from resumes.models import Resume
from tests.conftest import client_for
from tests.resumes.files import make_pdf
from tests.tenancy.test_celery_worker import celery_worker

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

__all__ = ["celery_worker"]


def test_uploaded_cv_is_parsed_by_a_real_worker(
    celery_worker: str, tenant_a: Tenant, seeker_a: User, extractor: None
) -> None:
    client = client_for(tenant_a, seeker_a)
    upload = SimpleUploadedFile("cv.pdf", make_pdf(), content_type="application/pdf")
    assert client.post("/cvs/upload/", {"file": upload}).status_code == 302

    deadline = time.monotonic() + 30
    seen: set[str] = set()
    while True:
        with tenant_context(tenant_a.pk):
            resume = Resume.objects.get()
        seen.add(resume.status)
        if not resume.is_pending or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert resume.status == Resume.Status.PARSED, (resume.status, resume.error_code)
    assert resume.parsed_data is not None
    assert resume.parsed_data["basics"]["name"] == "Ada Lovelace"
    html = client.get(f"/cvs/{resume.pk}/").content.decode()
    assert "What we found" in html
    if resume.file:
        resume.file.delete(save=False)

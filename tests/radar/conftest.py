"""Fixtures for Job Radar: a fake Adzuna, a tenant in context, curated listings, a seeker with a
primary CV (the Python developer of jobs.radar.demo)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.radar.demo import DEMO_CV, LISTINGS, _listing
from jobs.radar.models import Listing
from resumes.models import Resume
from resumes.services import resume_import_json
from tests.radar.fake_adzuna import FakeAdzuna


@pytest.fixture
def adzuna(settings: Any) -> Iterator[FakeAdzuna]:
    server = FakeAdzuna()
    settings.ADZUNA_APP_ID = "test-app-id"
    settings.ADZUNA_APP_KEY = "test-app-key"
    settings.ADZUNA_BASE_URL = server.base_url
    settings.ADZUNA_TIMEOUT_SECONDS = 2.0
    settings.ADZUNA_CALLS_PER_MINUTE = 100
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def in_tenant_a(tenant_a: Tenant) -> Iterator[Tenant]:
    with tenant_context(tenant_a.pk):
        yield tenant_a


def add_curated(tenant: Tenant, refs: list[str] | None = None) -> list[Listing]:
    from django.utils import timezone

    now = timezone.now()
    created = []
    with tenant_context(tenant.pk):
        for spec in LISTINGS:
            if refs is None or spec["ref"] in refs:
                listing = _listing(spec, now)
                listing.save()
                created.append(listing)
    return created


def give_cv(tenant: Tenant, user: User) -> Resume:
    with tenant_context(tenant.pk):
        return resume_import_json(user=user, data=DEMO_CV, original_filename="cv.json")


@pytest.fixture
def curated_a(tenant_a: Tenant) -> list[Listing]:
    return add_curated(tenant_a)


@pytest.fixture
def cv_a(tenant_a: Tenant, seeker_a: User) -> Resume:
    return give_cv(tenant_a, seeker_a)

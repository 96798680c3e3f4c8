"""Board, list, dashboard and search run a fixed number of queries whatever the number of
applications (and tags and interviews) the user has."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.services import application_add_note, interview_create
from tests.conftest import client_for
from tests.jobs.conftest import make_application

pytestmark = pytest.mark.django_db

STATUSES = ["wishlist", "applied", "screening", "interviewing", "offer", "rejected"]


def _seed(tenant: Tenant, user: User, n: int) -> None:
    for i in range(n):
        app = make_application(
            tenant,
            user,
            company=f"Company {i}",
            title=f"Analyst {i}",
            status=STATUSES[i % len(STATUSES)],
            tags=[f"tag{i % 3}", "common"],
            deadline=timezone.localdate() + timedelta(days=i + 1),
        )
        with tenant_context(tenant.pk):
            application_add_note(application=app, user=user, body=f"note {i}")
            interview_create(
                application=app,
                user=user,
                data={"starts_at": timezone.now() + timedelta(days=i + 1), "time_zone": "UTC"},
            )


def _count(client: Any, path: str, django_assert_max_num_queries: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/jobs/",
        "/jobs/list/",
        "/dashboard/",
        "/jobs/list/?q=analyst",
        "/jobs/list/?tag=&sort=-salary",
    ],
)
def test_page_queries_do_not_grow_with_applications(
    tenant_a: Tenant, seeker_a: User, path: str, django_assert_num_queries: Any
) -> None:
    client = client_for(tenant_a, seeker_a)
    _seed(tenant_a, seeker_a, 2)
    client.get(path)  # warm per-process caches (content types, site config)
    small = _count(client, path, None)
    _seed(tenant_a, seeker_a, 14)
    with django_assert_num_queries(small):
        assert client.get(path).status_code == 200

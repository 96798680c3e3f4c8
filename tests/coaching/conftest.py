"""Fixtures for coaching: a parsed CV, a tracked application with a job description, and
settings that keep the local engine instant."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Tenant, User
from billing.models import Plan
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application, Interview
from jobs.services import application_create, interview_create
from resumes.models import Resume

CV: dict[str, Any] = {
    "basics": {
        "name": "Ada Lovelace",
        "label": "Data Engineer",
        "email": "ada@example.com",
        "summary": "Data engineer building reliable pipelines.",
    },
    "work": [
        {
            "name": "Initrode",
            "position": "Data Engineer",
            "startDate": "2021-03",
            "highlights": [
                "Built ETL pipelines in Python and Airflow processing 2M rows a day",
                "Reduced warehouse costs by 30% by tuning SQL queries",
                "Mentored two junior engineers",
            ],
        },
        {
            "name": "Acme Analytics",
            "position": "Data Analyst",
            "startDate": "2018-01",
            "endDate": "2020-02",
            "highlights": [
                "Designed Tableau dashboards for the sales team",
                "Automated weekly reports with Python",
            ],
        },
    ],
    "education": [
        {"institution": "University of Turin", "studyType": "MSc", "area": "Computer Science"}
    ],
    "skills": [{"name": "Data", "keywords": ["Python", "SQL", "Airflow", "Tableau"]}],
}

JOB = """Senior Data Engineer
We are looking for a data engineer to build and run our data pipelines.
Requirements:
- 3+ years of Python and SQL
- Experience with Airflow and dbt
- Kubernetes is a plus
"""


@pytest.fixture(autouse=True)
def _coaching_settings(settings: Any) -> None:
    settings.AI_PROVIDERS = ["local"]
    settings.COACHING_LOCAL_STREAM_DELAY = 0


@pytest.fixture
def in_tenant(tenant_a: Tenant) -> Iterator[Tenant]:
    with tenant_context(tenant_a.pk):
        yield tenant_a


def make_resume(tenant: Tenant, user: User, data: dict[str, Any] | None = None) -> Resume:
    with tenant_context(tenant.pk):
        return Resume.objects.create(
            user=user,
            title="Main CV",
            kind=Resume.Kind.JSON,
            status=Resume.Status.PARSED,
            is_primary=True,
            parsed_data=data or CV,
        )


def make_application(tenant: Tenant, user: User, **kw: Any) -> Application:
    kw.setdefault("company", "Globex")
    kw.setdefault("title", "Senior Data Engineer")
    kw.setdefault("description", JOB)
    kw.setdefault("status", "applied")
    return application_create(user=user, tenant=tenant, **kw)


def make_interview(tenant: Tenant, user: User, application: Application) -> Interview:
    with tenant_context(tenant.pk):
        return interview_create(
            application=application,
            user=user,
            data={
                "starts_at": timezone.now() + timedelta(days=3),
                "kind": "video",
                "interviewers": "Maria Rossi",
            },
        )


@pytest.fixture
def resume_a(tenant_a: Tenant, seeker_a: User) -> Resume:
    return make_resume(tenant_a, seeker_a)


@pytest.fixture
def application_a(tenant_a: Tenant, seeker_a: User) -> Application:
    return make_application(tenant_a, seeker_a)


@pytest.fixture
def unlimited(tenant_a: Tenant) -> None:
    """The default plan without coaching limits (tests that generate a lot)."""
    with tenant_context(tenant_a.pk):
        Plan.objects.filter(is_default=True).update(
            cover_letter=None, interview_pack=None, coach_message=None
        )


def set_limits(tenant: Tenant, **limits: int | None) -> None:
    with tenant_context(tenant.pk):
        Plan.objects.filter(is_default=True).update(**limits)


class Worker:
    """The coaching tasks as a worker would run them. `queued` holds what was sent to the
    broker (the view's transaction committed, `enqueue_on_commit` fired); `run()` runs it
    (the task in the tenant's context, through Celery's `apply`), as many times as asked."""

    def __init__(self) -> None:
        self.queued: list[tuple[Any, dict[str, Any]]] = []

    def run(self, *, times: int = 1) -> list[Any]:
        results = []
        for task, kwargs in self.queued:
            for _ in range(times):
                results.append(task.apply(kwargs=kwargs, throw=True).get())
        self.queued = []
        return results


@pytest.fixture
def worker(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> Callable[[], Any]:
    """`with worker() as w: client.post(...)` — on leaving the block the on-commit callbacks
    run (the tasks are queued into `w.queued`, not run); `w.run()` then runs them."""
    from coaching import tasks

    state = Worker()
    for task in (tasks.letter_write_task, tasks.pack_write_task):
        monkeypatch.setattr(
            task,
            "apply_async",
            lambda kwargs, _task=task: state.queued.append((_task, kwargs)),
        )

    @contextmanager
    def capture() -> Iterator[Worker]:
        with django_capture_on_commit_callbacks(execute=True):
            yield state

    return capture

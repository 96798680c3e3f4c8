"""Demo applications for `bin/run` (accounts.demo calls this): a board with something in most
columns, an interview tomorrow, a deadline this week. Idempotent: only seeds an empty tracker."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application
from jobs.services import application_add_note, application_create, interview_create

DEMO_APPLICATIONS: tuple[dict[str, object], ...] = (
    {
        "company": "Initech",
        "title": "Senior Data Analyst",
        "status": "interviewing",
        "location": "Berlin",
        "workplace_type": "hybrid",
        "salary_min": 60000,
        "salary_max": 75000,
        "salary_currency": "EUR",
        "salary_period": "year",
        "source": "LinkedIn",
        "tags": ["dream job", "python"],
        "priority": 3,
    },
    {
        "company": "Globex",
        "title": "BI Developer",
        "status": "applied",
        "location": "Remote",
        "workplace_type": "remote",
        "source": "Company site",
        "tags": ["remote"],
    },
    {
        "company": "Umbrella Analytics",
        "title": "Analytics Engineer",
        "status": "screening",
        "location": "Milan",
        "workplace_type": "onsite",
        "source": "Referral",
    },
    {
        "company": "Hooli",
        "title": "Product Analyst",
        "status": "wishlist",
        "location": "Dublin",
        "source": "Adzuna",
    },
    {
        "company": "Stark Industries",
        "title": "Data Scientist",
        "status": "rejected",
        "closing_reason": "role_filled",
        "location": "London",
        "source": "Indeed",
    },
    {
        "company": "Wayne Enterprises",
        "title": "Reporting Analyst",
        "status": "offer",
        "location": "Paris",
        "salary_min": 52000,
        "salary_max": 58000,
        "salary_currency": "EUR",
        "salary_period": "year",
    },
)


def jobs_demo_seed(*, tenant: Tenant, email: str) -> None:
    user = User.objects.filter(email=email).first()
    if user is None:
        return
    with tenant_context(tenant.pk):
        if Application.objects.filter(user=user).exists():
            return
        today = timezone.localdate()
        for spec in DEMO_APPLICATIONS:
            data = dict(spec)
            if data["status"] == "wishlist":
                data["deadline"] = today + timedelta(days=3)
            application = application_create(user=user, tenant=tenant, **data)  # type: ignore[arg-type]
            if application.company == "Initech":
                application_add_note(
                    application=application,
                    user=user,
                    body="Recruiter call went well; technical interview next.",
                )
                starts = timezone.make_aware(
                    datetime.combine(today + timedelta(days=1), time(10, 30))
                )
                interview_create(
                    application=application,
                    user=user,
                    data={
                        "starts_at": starts,
                        "time_zone": timezone.get_current_timezone_name(),
                        "kind": "technical",
                        "duration_minutes": 60,
                        "location": "https://meet.example.com/initech",
                        "interviewers": "Bill Lumbergh",
                    },
                )

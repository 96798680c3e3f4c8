from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.models import AuditLog, Membership, Profile, Tenant, User
from accounts.services import membership_join
from jobmentis.ai.models import AIUsageEvent
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application, Contact
from jobs.services import application_create
from resumes.models import MatchScore, Resume

CV_BYTES = b"%PDF-1.4 Ada's CV sentinel"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }
    settings.PRIVACY_LEDGER_DIR = tmp_path / "ledger"
    return tmp_path / "media"


def stored_files(media: Any) -> list[str]:
    if not media.exists():
        return []
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


@dataclass
class Seeded:
    user: User
    tenant: Tenant
    other_tenant: Tenant
    resumes: list[Resume]


def seed_user_data(
    *, user: User, tenant: Tenant, cvs: int = 2, title: str = "Ada CV"
) -> list[Resume]:
    """CVs with files, scores, AI usage and an audit entry in `tenant`."""
    resumes: list[Resume] = []
    with tenant_context(tenant.pk):
        for i in range(cvs):
            resume = Resume(
                user=user,
                title=f"{title} {i}",
                kind=Resume.Kind.PDF,
                original_filename=f"ada-lovelace-{i}.pdf",
                size=len(CV_BYTES),
                status=Resume.Status.PARSED,
                parsed_data={"basics": {"name": "Ada Lovelace", "email": user.email}},
            )
            resume.save()
            resume.file.save(f"cv{i}.pdf", ContentFile(CV_BYTES), save=True)
            MatchScore.objects.create(
                resume=resume,
                user=user,
                job_title="Analyst",
                job_description="Sentinel job description",
                score=71,
                engine_version="1",
            )
            resumes.append(resume)
        application = application_create(
            user=user,
            tenant=tenant,
            company=f"{title} Sentinel Corp",
            title="Analyst",
            tags=["dream job"],
        )
        Contact.objects.create(application=application, name="Rita Recruiter", email="r@x.test")
        AIUsageEvent.objects.create(user=user, feature="cv", provider="local", status="ok")
        AuditLog.objects.create(actor=user, action="view", object_type="resume")
        profile = Profile.objects.get(user=user)
        profile.picture.save("me.png", ContentFile(b"\x89PNG sentinel"), save=True)
    return resumes


@pytest.fixture
def seeded(tenant_a: Tenant, tenant_b: Tenant, seeker_a: User) -> Iterator[Seeded]:
    """Ada in two tenants, with data in both, a session, a verified address."""
    EmailAddress.objects.get_or_create(
        user=seeker_a, email=seeker_a.email, defaults={"verified": True, "primary": True}
    )
    session = SessionStore()
    session["_auth_user_id"] = str(seeker_a.pk)
    session.create()
    UserSession.objects.create(
        user=seeker_a, session_key=session.session_key, ip="192.0.2.7", user_agent="Firefox"
    )
    resumes = seed_user_data(user=seeker_a, tenant=tenant_a)
    with tenant_context(tenant_b.pk):
        membership_join(user=seeker_a)
        Profile.objects.get_or_create(user=seeker_a, defaults={"full_name": "Ada in Globex"})
    resumes += seed_user_data(user=seeker_a, tenant=tenant_b, cvs=1, title="Globex CV")
    yield Seeded(user=seeker_a, tenant=tenant_a, other_tenant=tenant_b, resumes=resumes)


def rows_of(user_id: int, tenant: Tenant) -> dict[str, int]:
    with tenant_context(tenant.pk):
        return {
            "membership": Membership.objects.filter(user_id=user_id).count(),
            "profile": Profile.objects.filter(user_id=user_id).count(),
            "resume": Resume.objects.filter(user_id=user_id).count(),
            "score": MatchScore.objects.filter(user_id=user_id).count(),
            "ai": AIUsageEvent.objects.filter(user_id=user_id).count(),
            "audit": AuditLog.objects.filter(actor_id=user_id).count(),
            "application": Application.objects.filter(user_id=user_id).count(),
            "contact": Contact.objects.filter(application__user_id=user_id).count(),
        }


__all__ = ["default_storage"]

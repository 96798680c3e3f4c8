"""The match-score pages: paste a job ad, get a stored score with its breakdown and history —
and only the CV's owner ever reaches any of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from resumes import matching
from resumes.models import MatchScore, Resume
from resumes.scoring import ENGINE_VERSION, MAX_JOB_CHARS, engine
from resumes.services import match_score_create, resume_import_json
from tests.conftest import client_for
from tests.resumes.conftest import upload_cv
from tests.resumes.scoring_samples import CV_CHEF, CV_DEVELOPER, JOB_EN, JOB_IT

pytestmark = pytest.mark.django_db


def _cv(tenant: Tenant, user: User, data: dict[str, Any] = CV_DEVELOPER) -> Resume:
    with tenant_context(tenant.pk):
        return resume_import_json(user=user, data=data, original_filename="cv.json")


def _score(tenant: Tenant, user: User, resume: Resume, job: str = JOB_EN) -> MatchScore:
    with tenant_context(tenant.pk):
        return match_score_create(user=user, resume=resume, job_description=job)


def _scores(tenant: Tenant) -> list[MatchScore]:
    with tenant_context(tenant.pk):
        return list(MatchScore.objects.order_by("id"))


def test_every_engine_reason_has_a_translatable_sentence() -> None:
    assert set(matching.MESSAGES) == set(engine.MESSAGES)


def test_cv_page_offers_scoring_against_a_job(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    response = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/")
    assert f'href="/cvs/{resume.pk}/match/"' in response.content.decode()


def test_form_page_shows_the_job_description_field(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    response = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/match/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="job_description"' in html and 'for="id_job_description"' in html
    assert 'name="job_title"' in html
    assert 'maxlength="20000"' not in html  # a long paste is refused with a message, not cut


def test_posting_a_job_stores_a_score_and_shows_it(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    response = client.post(f"/cvs/{resume.pk}/match/", {"job_description": JOB_EN})
    [match] = _scores(tenant_a)
    assert response.status_code == 302
    assert response["Location"] == f"/cvs/{resume.pk}/match/{match.pk}/"
    assert match.score > 80
    assert match.user_id == seeker_a.pk and match.resume_id == resume.pk
    assert match.job_title == "Senior Python Developer"
    assert match.engine_version == ENGINE_VERSION
    assert "AWS" in match.missing_keywords

    html = client.get(response["Location"]).content.decode()
    assert f"<strong>{match.score}</strong>" in html
    assert "Must-have requirements" in html
    assert "Meets 7 of 7 must-have requirements" in html
    assert "Requires 5+ years; CV shows about" in html
    assert '<li class="chip chip--missing">AWS</li>' in html
    assert "Strong experience with Django and PostgreSQL" in html


def test_mismatched_cv_shows_missing_must_haves(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a, CV_CHEF)
    match = _score(tenant_a, seeker_a, resume)
    html = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/match/{match.pk}/")
    content = html.content.decode()
    assert match.score < 40
    assert "Weak match" in content
    assert "match-check--missing" in content
    assert '<li class="chip chip--missing">Kubernetes</li>' in content


def test_entered_job_title_is_used(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    client_for(tenant_a, seeker_a).post(
        f"/cvs/{resume.pk}/match/", {"job_description": JOB_EN, "job_title": "Platform engineer"}
    )
    assert _scores(tenant_a)[0].job_title == "Platform engineer"


def test_the_users_edited_data_is_what_gets_scored(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a, CV_CHEF)
    with tenant_context(tenant_a.pk):
        resume.edited_data = CV_DEVELOPER
        resume.save(update_fields=["edited_data"])
    assert _score(tenant_a, seeker_a, resume).score > 80


@pytest.mark.parametrize(
    ("job", "message"),
    [
        ("", "Paste the job description to score your CV against."),
        ("   ", "Paste the job description to score your CV against."),
        ("Python dev", "This is too short to be a job description."),
        ("x" * (MAX_JOB_CHARS + 1), "This is longer than 20000 characters"),
    ],
)
def test_invalid_job_description_is_refused_with_a_message(
    tenant_a: Tenant, seeker_a: User, job: str, message: str
) -> None:
    resume = _cv(tenant_a, seeker_a)
    response = client_for(tenant_a, seeker_a).post(
        f"/cvs/{resume.pk}/match/", {"job_description": job}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _scores(tenant_a) == []


def test_history_lists_previous_scores_newest_first(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    first = _score(tenant_a, seeker_a, resume, JOB_EN)
    second = _score(tenant_a, seeker_a, resume, JOB_IT)
    other_cv = _cv(tenant_a, seeker_a)
    elsewhere = _score(tenant_a, seeker_a, other_cv, JOB_EN)
    html = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/match/{first.pk}/")
    content = html.content.decode()
    assert content.index(f"/match/{second.pk}/") < content.index(f"/match/{first.pk}/")
    assert "Sviluppatore Python" in content
    assert f"/match/{elsewhere.pk}/" not in content  # another CV's score
    assert 'aria-current="page"' in content


def test_score_page_reads_in_the_users_language(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    match = _score(tenant_a, seeker_a, resume)
    client = client_for(tenant_a, seeker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    response = client.get(f"/cvs/{resume.pk}/match/{match.pk}/")
    content = response.content.decode()
    assert "Requisiti obbligatori" in content
    assert "Ottima corrispondenza" in content


def test_cv_not_yet_read_cannot_be_scored(tenant_a: Tenant, seeker_a: User, media: Any) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    assert client.get(f"/cvs/{resume.pk}/match/").status_code == 404
    assert client.post(f"/cvs/{resume.pk}/match/", {"job_description": JOB_EN}).status_code == 404


def test_other_user_gets_404_for_match_pages(
    tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    resume = _cv(tenant_a, seeker_a)
    match = _score(tenant_a, seeker_a, resume)
    client = client_for(tenant_a, admin_a)
    assert client.get(f"/cvs/{resume.pk}/match/").status_code == 404
    assert client.post(f"/cvs/{resume.pk}/match/", {"job_description": JOB_EN}).status_code == 404
    assert client.get(f"/cvs/{resume.pk}/match/{match.pk}/").status_code == 404
    assert len(_scores(tenant_a)) == 1


def test_match_id_of_another_cv_gets_404(tenant_a: Tenant, seeker_a: User, admin_a: User) -> None:
    mine = _cv(tenant_a, seeker_a)
    theirs = _cv(tenant_a, admin_a)
    their_match = _score(tenant_a, admin_a, theirs)
    response = client_for(tenant_a, seeker_a).get(f"/cvs/{mine.pk}/match/{their_match.pk}/")
    assert response.status_code == 404


def test_user_of_other_tenant_gets_404_for_match_pages(
    tenant_a: Tenant, seeker_a: User, tenant_b: Tenant, seeker_b: User
) -> None:
    resume = _cv(tenant_a, seeker_a)
    match = _score(tenant_a, seeker_a, resume)
    client = client_for(tenant_b, seeker_b)
    assert client.get(f"/cvs/{resume.pk}/match/").status_code == 404
    assert client.get(f"/cvs/{resume.pk}/match/{match.pk}/").status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    response = client_for(tenant_a).get(f"/cvs/{resume.pk}/match/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_score_page_query_count_does_not_grow_with_history(
    tenant_a: Tenant, seeker_a: User
) -> None:
    resume = _cv(tenant_a, seeker_a)
    match = _score(tenant_a, seeker_a, resume)
    client = client_for(tenant_a, seeker_a)
    url = f"/cvs/{resume.pk}/match/{match.pk}/"
    client.get(url)  # warm caches (session, tenant, membership)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        _score(tenant_a, seeker_a, resume)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 15  # 14, plus consent's one query for the cookie banner and trackers

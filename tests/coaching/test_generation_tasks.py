"""Letters and packs written off the request path: the start takes the quota unit and queues a
tenant task on commit; the task fills the row, or marks it failed and gives the unit back; a
redelivered task is harmless; a failed row can be tried again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from accounts.models import Tenant, User
from billing.models import UsageCounter
from coaching import services, tasks
from coaching.engine.interviews import PACK_FEATURE
from coaching.engine.letters import FEATURE as LETTER_FEATURE
from coaching.models import Generation, InterviewPack, Letter
from jobmentis.ai.exceptions import AIUnavailable
from jobmentis.ai.models import AIUsageEvent
from jobmentis.ai.providers import local
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application
from resumes.models import Resume
from tests.coaching.conftest import set_limits
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _broken(request: Any) -> dict[str, Any]:
    raise AIUnavailable("down")


@pytest.fixture
def letter_provider_down() -> Iterator[None]:
    with local.override(LETTER_FEATURE, _broken):
        yield


def _used(user: User, feature: str) -> int:
    counter = UsageCounter.objects.filter(user=user, feature=feature).first()
    return counter.used if counter is not None else 0


def _start_letter(tenant: Tenant, user: User, resume: Resume, application: Application) -> Letter:
    return services.letter_start(
        user=user, tenant=tenant, kind=Letter.Kind.COVER_LETTER, resume=resume,
        application=application,
    )  # fmt: skip


def test_tasks_ack_late_so_a_killed_worker_is_redelivered() -> None:
    assert tasks.letter_write_task.acks_late is True
    assert tasks.pack_write_task.acks_late is True


def test_start_takes_the_unit_and_queues_the_write_with_ids(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    with worker() as w:
        letter = _start_letter(in_tenant, seeker_a, resume_a, application_a)
        assert w.queued == []  # nothing is sent before the transaction commits
    assert letter.status == Generation.GENERATING and not letter.versions.exists()
    assert _used(seeker_a, "cover_letter") == 1
    assert w.queued == [
        (tasks.letter_write_task, {"letter_id": letter.pk, "tenant_id": in_tenant.pk})
    ]
    assert w.run() == [Generation.READY]
    letter.refresh_from_db()
    version = letter.versions.get()
    assert letter.status == Generation.READY
    assert "Initrode" in version.body and version.number == 1
    assert (version.provider, version.prompt_version[:7]) == ("local", "letter-")
    assert _used(seeker_a, "cover_letter") == 1


def test_a_redelivered_write_does_nothing_more(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    with worker() as w:
        letter = _start_letter(in_tenant, seeker_a, resume_a, application_a)
    # Delivered three times (a worker killed after writing, acks_late): one text, one call.
    assert w.run(times=3) == [Generation.READY] * 3
    assert letter.versions.count() == 1
    assert AIUsageEvent.objects.filter(feature=LETTER_FEATURE).count() == 1
    assert _used(seeker_a, "cover_letter") == 1


def test_a_write_interrupted_before_saving_is_written_when_redelivered(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    with worker() as w:
        letter = _start_letter(in_tenant, seeker_a, resume_a, application_a)
    queued = list(w.queued)
    # The first delivery dies (worker killed) before it saved anything: the row still waits.
    letter.refresh_from_db()
    assert letter.status == Generation.GENERATING
    w.queued = queued
    assert w.run() == [Generation.READY]
    assert letter.versions.count() == 1


def test_provider_failure_in_the_worker_marks_failed_and_gives_the_unit_back(
    in_tenant: Tenant,
    seeker_a: User,
    resume_a: Resume,
    application_a: Application,
    worker: Any,
    letter_provider_down: None,
) -> None:
    set_limits(in_tenant, cover_letter=1)
    with worker() as w:
        letter = _start_letter(in_tenant, seeker_a, resume_a, application_a)
    assert _used(seeker_a, "cover_letter") == 1
    queued = list(w.queued)
    assert w.run() == [Generation.FAILED]
    letter.refresh_from_db()
    assert letter.status == Generation.FAILED and not letter.versions.exists()
    assert _used(seeker_a, "cover_letter") == 0
    # Redelivered: still failed, and the unit is not given back twice.
    w.queued = queued
    assert w.run() == [Generation.FAILED]
    assert _used(seeker_a, "cover_letter") == 0


def test_a_failed_letter_can_be_tried_again(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    set_limits(in_tenant, cover_letter=1)
    with local.override(LETTER_FEATURE, _broken):
        with worker() as w:
            letter = _start_letter(in_tenant, seeker_a, resume_a, application_a)
        w.run()
    with worker() as w:
        services.letter_retry(letter=letter, user=seeker_a, tenant=in_tenant)
    assert _used(seeker_a, "cover_letter") == 1  # the one unit, taken again
    letter.refresh_from_db()
    assert letter.status == Generation.GENERATING
    assert w.run() == [Generation.READY]
    assert letter.versions.count() == 1
    # A ready letter is not queued again.
    with worker() as w:
        services.letter_retry(letter=letter, user=seeker_a, tenant=in_tenant)
    assert w.queued == []


def test_quota_reached_is_refused_at_the_start(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    set_limits(in_tenant, cover_letter=0)
    with worker() as w, pytest.raises(services.QuotaReached):
        _start_letter(in_tenant, seeker_a, resume_a, application_a)
    assert w.queued == [] and not Letter.objects.exists()


def test_an_unexpected_error_in_the_worker_fails_the_row_and_gives_the_unit_back(
    in_tenant: Tenant,
    seeker_a: User,
    resume_a: Resume,
    application_a: Application,
    worker: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with worker() as w:
        letter = _start_letter(in_tenant, seeker_a, resume_a, application_a)

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(services, "_letter_version_from", crash)
    # Logged, not re-raised: the task's transaction keeps the failure (the page stops waiting).
    assert w.run() == [Generation.FAILED]
    letter.refresh_from_db()
    assert letter.status == Generation.FAILED
    assert _used(seeker_a, "cover_letter") == 0


def test_pack_is_prepared_by_the_worker_and_a_failure_gives_the_unit_back(
    in_tenant: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    with local.override(PACK_FEATURE, _broken):
        with worker() as w:
            pack = services.pack_start(user=seeker_a, tenant=in_tenant, application=application_a)
        assert _used(seeker_a, "interview_pack") == 1
        assert w.run() == [Generation.FAILED]
    assert _used(seeker_a, "interview_pack") == 0
    pack.refresh_from_db()
    assert pack.status == Generation.FAILED and pack.questions == []
    with worker() as w:
        services.pack_retry(pack=pack, user=seeker_a, tenant=in_tenant)
    assert w.run(times=2) == [Generation.READY] * 2
    pack.refresh_from_db()
    assert pack.status == Generation.READY and pack.resume == resume_a
    assert pack.question("q1") is not None and pack.questions_to_ask
    assert pack.prompt_version and pack.provider == "local"
    assert _used(seeker_a, "interview_pack") == 1
    assert InterviewPack.objects.count() == 1


# --- pages ----------------------------------------------------------------------------------------


def test_failed_letter_page_explains_and_tries_again(
    tenant_a: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    set_limits(tenant_a, cover_letter=1)
    client = client_for(tenant_a, seeker_a)
    form = {"kind": "cover_letter", "application": application_a.pk, "cv": f"r:{resume_a.pk}",
            "tone": "formal", "length": "standard", "language": "en"}  # fmt: skip
    with local.override(LETTER_FEATURE, _broken):
        with worker() as w:
            response = client.post("/coach/letters/new/", form)
        w.run()
    with tenant_context(tenant_a.pk):
        letter = Letter.objects.get()
    assert response["Location"] == f"/coach/letters/{letter.pk}/"
    poll = client.get(f"/coach/letters/{letter.pk}/status/", HTTP_HX_REQUEST="true")
    assert poll["HX-Refresh"] == "true"
    page = client.get(f"/coach/letters/{letter.pk}/").content.decode()
    assert "We could not write this letter" in page
    assert "Nothing was used up from your plan" in page
    assert f'action="/coach/letters/{letter.pk}/retry/"' in page and "Try again" in page
    # The unit came back, so the free plan's one letter can be tried again.
    with worker() as w:
        retried = client.post(f"/coach/letters/{letter.pk}/retry/")
    assert retried["Location"] == f"/coach/letters/{letter.pk}/"
    assert "Writing your letter…" in client.get(retried["Location"]).content.decode()
    w.run()
    page = client.get(f"/coach/letters/{letter.pk}/").content.decode()
    assert "Initrode" in page and "Try again" not in page


def test_retry_refused_by_the_quota_is_explained(
    tenant_a: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    client = client_for(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk), local.override(PACK_FEATURE, _broken):
        with worker() as w:
            pack = services.pack_start(user=seeker_a, tenant=tenant_a, application=application_a)
        w.run()
    set_limits(tenant_a, interview_pack=0)
    refused = client.post(f"/coach/prep/{pack.pk}/retry/")
    assert refused.status_code == 402
    html = refused.content.decode()
    assert "We could not prepare this pack" in html and 'href="/billing/#plans"' in html


def test_status_partial_without_htmx_renders_the_progress(
    tenant_a: Tenant, seeker_a: User, application_a: Application, worker: Any, client: Client
) -> None:
    with tenant_context(tenant_a.pk), worker():
        pack = services.pack_start(user=seeker_a, tenant=tenant_a, application=application_a)
    response = client_for(tenant_a, seeker_a).get(f"/coach/prep/{pack.pk}/status/")
    assert response.status_code == 200 and "Preparing your pack…" in response.content.decode()
    assert "HX-Refresh" not in response


def test_a_lost_task_is_offered_again_without_a_second_unit(
    tenant_a: Tenant, seeker_a: User, resume_a: Resume, application_a: Application, worker: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    client = client_for(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        with worker() as w:
            letter = _start_letter(tenant_a, seeker_a, resume_a, application_a)
        w.queued = []  # the broker lost it: no worker will ever run it
        fresh = client.get(f"/coach/letters/{letter.pk}/status/").content.decode()
        assert "much longer than usual" not in fresh
        # A fresh generation is not queued twice by an eager Try again.
        with worker() as w:
            services.letter_retry(letter=letter, user=seeker_a, tenant=tenant_a)
        assert w.queued == []
        Letter.objects.filter(pk=letter.pk).update(queued_at=timezone.now() - timedelta(minutes=5))
    page = client.get(f"/coach/letters/{letter.pk}/").content.decode()
    assert "much longer than usual" in page and f"/coach/letters/{letter.pk}/retry/" in page
    with worker() as w:
        assert client.post(f"/coach/letters/{letter.pk}/retry/").status_code == 302
    with tenant_context(tenant_a.pk):
        assert _used(seeker_a, "cover_letter") == 1  # still the one unit
        assert w.run() == [Generation.READY]
        letter.refresh_from_db()
        assert letter.status == Generation.READY and letter.versions.count() == 1

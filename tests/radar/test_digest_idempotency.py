"""A digest is never sent twice: not by a retried task, not after a crash before or after the
commit; a refused send is retried and then sent once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.radar.models import DigestDelivery, Listing, ListingScore
from jobs.radar.services import (
    digest_period,
    digest_send,
    radar_settings_update,
    saved_search_create,
    saved_search_refresh_request,
)
from jobs.radar.tasks import radar_digest_send
from resumes.models import Resume

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """The process dies (not an exception anything catches)."""


@pytest.fixture
def due(tenant_a: Tenant, seeker_a: User, curated_a: list[Listing], cv_a: Resume) -> None:
    with tenant_context(tenant_a.pk):
        search = saved_search_create(user=seeker_a, data={"name": "All", "location": "London"})
        saved_search_refresh_request(search=search)
        radar_settings_update(user=seeker_a, digest="daily", threshold=0)


def _run_task(tenant: Tenant, user: User, capture: Any) -> None:
    with capture(execute=True):
        radar_digest_send.apply(kwargs={"tenant_id": tenant.pk, "user_id": user.pk}, throw=True)


def _delivery(tenant: Tenant) -> DigestDelivery:
    with tenant_context(tenant.pk):
        return DigestDelivery.objects.get()


def test_a_retried_digest_task_sends_one_email(
    tenant_a: Tenant, seeker_a: User, due: None, django_capture_on_commit_callbacks: Any
) -> None:
    _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)
    _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)  # the broker redelivers
    assert len(mail.outbox) == 1
    delivery = _delivery(tenant_a)
    assert delivery.status == DigestDelivery.Status.SENT and delivery.attempts == 1
    assert delivery.sent_at is not None


def test_a_duplicate_task_in_the_same_transaction_window_sends_one_email(
    tenant_a: Tenant, seeker_a: User, due: None, django_capture_on_commit_callbacks: Any
) -> None:
    # Two runs commit before either delivers: the second finds the pending row and queues the
    # same delivery; only the worker that claims it sends.
    with django_capture_on_commit_callbacks(execute=True):
        with tenant_context(tenant_a.pk):
            first = digest_send(user_id=seeker_a.pk)
        with tenant_context(tenant_a.pk):
            second = digest_send(user_id=seeker_a.pk)
    assert first == second > 0
    assert len(mail.outbox) == 1


def test_a_crash_before_the_commit_leaves_nothing_and_the_retry_sends_once(
    tenant_a: Tenant, seeker_a: User, due: None, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(WorkerKilled),
        tenant_context(tenant_a.pk),
    ):
        digest_send(user_id=seeker_a.pk)
        raise WorkerKilled
    assert mail.outbox == []
    with tenant_context(tenant_a.pk):
        assert not DigestDelivery.objects.exists()
        assert not ListingScore.objects.filter(notified_at__isnull=False).exists()
    _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_a_crash_after_the_email_left_never_sends_it_again(
    tenant_a: Tenant,
    seeker_a: User,
    due: None,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    real_send = EmailMultiAlternatives.send

    def send_then_die(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        real_send(self)
        raise WorkerKilled

    monkeypatch.setattr(EmailMultiAlternatives, "send", send_then_die)
    with pytest.raises(WorkerKilled):
        _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert _delivery(tenant_a).status == DigestDelivery.Status.SENDING

    _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)  # acks_late redelivery
    assert len(mail.outbox) == 1


def test_a_refused_send_is_retried_and_then_sent_once(
    tenant_a: Tenant,
    seeker_a: User,
    due: None,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    real_send = EmailMultiAlternatives.send

    def refuse(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    with pytest.raises(OSError):
        _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)
    failed = _delivery(tenant_a)
    assert failed.status == DigestDelivery.Status.FAILED
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)

    _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)
    _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    delivery = _delivery(tenant_a)
    assert delivery.status == DigestDelivery.Status.SENT and delivery.attempts == 2
    assert delivery.score_ids == failed.score_ids  # the same digest, not a new one


def test_digest_periods_are_days_or_iso_weeks() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 25, 23, 59, tzinfo=UTC)
    assert digest_period(digest="daily", now=now) == "2026-11-25"
    assert digest_period(digest="weekly", now=now) == "2026-W48"


def test_an_unsent_digest_is_picked_up_by_the_next_beat_run(
    tenant_a: Tenant,
    seeker_a: User,
    due: None,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from jobs.radar.services import due_digest_user_ids

    real_send = EmailMultiAlternatives.send

    def refuse(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    with pytest.raises(OSError):
        _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    with tenant_context(tenant_a.pk):
        assert due_digest_user_ids() == []  # just failed: the task's own retry comes first
        DigestDelivery.objects.update(created_at=timezone.now() - timedelta(minutes=11))
        assert due_digest_user_ids() == [seeker_a.pk]  # its retries ran out: beat sends it
    _run_task(tenant_a, seeker_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert _delivery(tenant_a).status == DigestDelivery.Status.SENT

"""The Stripe customer in the privacy manifest: erased and verified by the erasure runner, with
the real `stripe` SDK against the fake Stripe server."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from accounts.models import Tenant, User
from accounts.services import membership_join
from billing.models import Subscription, TenantBillingSettings
from billing.privacy_adapters import SYSTEM, stripe_configured
from jobmentis.tenancy.context import tenant_context
from privacy import erasure as runner
from privacy.erasure import ErasureStepError, erasure_run
from privacy.manifest import Manifest, load_manifest
from privacy.models import ErasureReceipt, ErasureRequest, ErasureStep
from privacy.services import erasure_request
from tests.billing.conftest import free_plan_for
from tests.fakes.stripe import FakeStripe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ledger(settings: Any, tmp_path: Any) -> None:
    settings.PRIVACY_LEDGER_DIR = tmp_path / "ledger"


def _paying(user: User, tenant: Tenant, customer_id: str) -> None:
    with tenant_context(tenant.pk):
        Subscription.objects.create(
            user=user,
            plan=free_plan_for(tenant),
            source=Subscription.Source.STRIPE,
            stripe_customer_id=customer_id,
            stripe_subscription_id=f"sub_of_{customer_id}",
        )


@pytest.fixture
def customers(
    tenant_a: Tenant, tenant_b: Tenant, seeker_a: User, fake_stripe: FakeStripe
) -> list[str]:
    """Ada pays in two workspaces: one Stripe customer in each."""
    with tenant_context(tenant_b.pk):
        membership_join(user=seeker_a)
    ids = [fake_stripe.customer_add(email=seeker_a.email) for _ in range(2)]
    _paying(seeker_a, tenant_a, ids[0])
    _paying(seeker_a, tenant_b, ids[1])
    return ids


def _request(user: User, tenant: Tenant, capture: Any) -> ErasureRequest:
    with capture(execute=False):
        return erasure_request(user=user, tenant=tenant)


def _deletes(fake: FakeStripe) -> Counter[str]:
    return Counter(
        path.rsplit("/", 1)[-1] for method, path, _p in fake.requests if method == "DELETE"
    )


def test_stripe_is_listed_to_a_workspace_only_when_keys_are_set(
    tenant_a: Tenant, settings: Any
) -> None:
    system = load_manifest().external[SYSTEM]
    assert system.adapter == "billing.privacy_adapters.StripeCustomerAdapter"
    settings.STRIPE_SECRET_KEY = ""
    with tenant_context(tenant_a.pk):
        assert not stripe_configured()
        TenantBillingSettings.objects.create(stripe_secret_key="sk_test_tenant_own")
        assert stripe_configured()  # the tenant sells under its own Stripe account
    # The erasure planner (no tenant) always snapshots: a tenant's own account may hold one.
    assert stripe_configured()
    settings.STRIPE_SECRET_KEY = "sk_test_platform"
    with tenant_context(tenant_a.pk):
        TenantBillingSettings.objects.update(stripe_secret_key="")
        assert system.configured()


def test_without_any_stripe_customer_the_erasure_makes_no_stripe_call(
    tenant_a: Tenant,
    seeker_a: User,
    fake_stripe: FakeStripe,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _request(seeker_a, tenant_a, django_capture_on_commit_callbacks)
    erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)
    assert fake_stripe.requests == []
    with tenant_context(tenant_a.pk):
        request.refresh_from_db()
    assert request.status == ErasureRequest.Status.COMPLETED


def test_erasure_deletes_every_stripe_customer_and_verifies_they_are_gone(
    tenant_a: Tenant,
    seeker_a: User,
    customers: list[str],
    fake_stripe: FakeStripe,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _request(seeker_a, tenant_a, django_capture_on_commit_callbacks)
    erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)

    assert _deletes(fake_stripe) == Counter(customers)
    assert all(fake_stripe.customers[c].get("deleted") for c in customers)
    with tenant_context(tenant_a.pk):
        request.refresh_from_db()
        receipt = ErasureReceipt.objects.get(request=request)
        assert not Subscription.objects.filter(user_id=seeker_a.pk).exists()
    assert request.status == ErasureRequest.Status.COMPLETED
    counts = {c["target"]: c["count"] for c in receipt.counts if c["tenant"] is None}
    assert counts[SYSTEM] == 2
    # The verification pass retrieved each customer after the deletion.
    retrieved = [p for m, p, _ in fake_stripe.requests if m == "GET"]
    assert {f"/v1/customers/{c}" for c in customers} <= set(retrieved)
    # The receipt and the finished request keep no Stripe id.
    assert not any(c in str(receipt.counts) for c in customers)
    assert request.snapshot == []


def test_a_customer_already_gone_at_stripe_counts_as_erased(
    tenant_a: Tenant,
    seeker_a: User,
    customers: list[str],
    fake_stripe: FakeStripe,
    django_capture_on_commit_callbacks: Any,
) -> None:
    del fake_stripe.customers[customers[0]]  # deleted in Stripe's dashboard: a 404 now
    request = _request(seeker_a, tenant_a, django_capture_on_commit_callbacks)
    erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)

    assert _deletes(fake_stripe) == Counter([customers[1]])
    with tenant_context(tenant_a.pk):
        request.refresh_from_db()
    assert request.status == ErasureRequest.Status.COMPLETED


def test_stripe_down_fails_the_step_and_the_resumed_run_deletes_each_customer_once(
    tenant_a: Tenant,
    seeker_a: User,
    customers: list[str],
    fake_stripe: FakeStripe,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _request(seeker_a, tenant_a, django_capture_on_commit_callbacks)
    fake_stripe.fail_next = 1000  # every call (and the SDK's own retries) answers 500
    with pytest.raises(ErasureStepError):
        erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)
    with tenant_context(tenant_a.pk):
        failed = request.steps.get(status=ErasureStep.Status.FAILED)
        assert failed.target == SYSTEM
        assert not request.steps.filter(kind=ErasureStep.Kind.ROWS, status="done").exists()
        assert Subscription.objects.filter(user_id=seeker_a.pk).exists()  # nothing lost yet

    fake_stripe.fail_next = 0
    erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)

    assert _deletes(fake_stripe) == Counter(customers)
    with tenant_context(tenant_a.pk):
        request.refresh_from_db()
    assert request.status == ErasureRequest.Status.COMPLETED


def test_a_crash_after_the_stripe_step_never_deletes_a_customer_twice(
    tenant_a: Tenant,
    seeker_a: User,
    customers: list[str],
    fake_stripe: FakeStripe,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _request(seeker_a, tenant_a, django_capture_on_commit_callbacks)
    real_step = runner._run_step
    state = {"failed": False}

    def crash_on_subscriptions(req: ErasureRequest, step: ErasureStep, manifest: Manifest) -> int:
        if step.target == "billing.Subscription" and not state["failed"]:
            state["failed"] = True
            raise ConnectionError("worker killed")
        return real_step(req, step, manifest)

    monkeypatch.setattr(runner, "_run_step", crash_on_subscriptions)
    with pytest.raises(ErasureStepError):
        erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)
    assert _deletes(fake_stripe) == Counter(customers)

    erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)

    assert _deletes(fake_stripe) == Counter(customers)  # still exactly once each
    with tenant_context(tenant_a.pk):
        request.refresh_from_db()
    assert request.status == ErasureRequest.Status.COMPLETED

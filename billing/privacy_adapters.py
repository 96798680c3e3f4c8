"""Erase adapter for the Stripe customer of each of the user's subscriptions (privacy manifest).

The customer ids are snapshotted up front from the user's `Subscription` rows in every tenant
they belong to (the rows are deleted later in the run, the Stripe customer first). Each id is
erased with the Stripe account of the tenant it came from (a tenant may sell under its own
account). All Stripe calls go through `billing.stripe_gateway`; "already gone" (404) is success
for erase and verify, any other Stripe failure raises and the erasure step is retried.
"""

from __future__ import annotations

from django.conf import settings

from billing.models import Subscription, TenantBillingSettings
from billing.selectors import stripe_credentials
from billing.stripe_gateway import StripeCredentials, customer_delete, customer_is_deleted
from jobmentis.tenancy.context import current_tenant_id, tenant_context
from privacy.manifest import ExternalRef

SYSTEM = "stripe_customers"


class StripeCustomerUnreachable(RuntimeError):
    """A snapshotted customer's tenant no longer has Stripe keys: it cannot be erased now."""


def stripe_configured() -> bool:
    """Does Stripe hold customers of ours? Yes with the platform's keys. Inside a tenant context
    (the Art. 15 facts page) the tenant's own keys also count. Outside one (the erasure planner)
    the answer stays yes: a tenant may sell under its own Stripe account, which only its own
    context can see, and skipping a customer would be a silent failure; the snapshot is empty
    for a user without a Stripe customer, so the step then costs nothing."""
    if settings.STRIPE_SECRET_KEY:
        return True
    if current_tenant_id() is None:
        return True
    return TenantBillingSettings.objects.exclude(stripe_secret_key="").exists()


def _credentials(ref: ExternalRef) -> StripeCredentials:
    """The Stripe account of the tenant the customer id came from (its own keys or the
    platform's), read in that tenant's context; the Stripe call itself happens outside it."""
    if ref.tenant_id is None:
        raise StripeCustomerUnreachable("a Stripe customer reference without its tenant")
    with tenant_context(ref.tenant_id):
        credentials = stripe_credentials()
    if credentials is None:
        raise StripeCustomerUnreachable(f"no Stripe keys for tenant {ref.tenant_id}")
    return credentials


class StripeCustomerAdapter:
    def snapshot(self, *, user_id: int, tenant_ids: list[int]) -> list[ExternalRef]:
        refs: list[ExternalRef] = []
        for tenant_id in tenant_ids:
            with tenant_context(tenant_id):
                customer_ids = (
                    Subscription.objects.filter(user_id=user_id)
                    .exclude(stripe_customer_id="")
                    .values_list("stripe_customer_id", flat=True)
                )
                refs.extend(
                    ExternalRef(system=SYSTEM, ref=customer_id, tenant_id=tenant_id)
                    for customer_id in sorted(set(customer_ids))
                )
        return refs

    def erase(self, ref: ExternalRef) -> int:
        credentials = _credentials(ref)
        if customer_is_deleted(credentials=credentials, customer_id=ref.ref):
            return 0  # already gone (a resumed run, or deleted at Stripe): success
        customer_delete(credentials=credentials, customer_id=ref.ref)
        return 1

    def verify(self, ref: ExternalRef) -> bool:
        return customer_is_deleted(credentials=_credentials(ref), customer_id=ref.ref)

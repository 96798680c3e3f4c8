"""Celery tasks for billing: webhook event processing. (Usage counters follow the privacy
manifest's 12-month retention rule, applied by the privacy engine's daily retention job.)"""

from __future__ import annotations

from billing.stripe_gateway import StripeGatewayError
from jobmentis.tenancy.tasks import tenant_task


@tenant_task(
    name="billing.stripe_event_process",
    autoretry_for=(StripeGatewayError,),
    max_retries=8,
)
def stripe_event_process_task(*, tenant_id: int, event_pk: int) -> str:
    from billing.webhooks import stripe_event_process

    return stripe_event_process(event_pk=event_pk)


@tenant_task(
    name="billing.subscription_cancel_for_closure",
    autoretry_for=(StripeGatewayError,),
    max_retries=8,
)
def subscription_cancel_for_closure_task(*, tenant_id: int, subscription_id: int) -> bool:
    from billing.services import subscription_cancel_for_closure

    return subscription_cancel_for_closure(subscription_id=subscription_id)

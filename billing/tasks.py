"""Celery tasks for billing: webhook event processing and usage-log retention."""

from __future__ import annotations

from celery import shared_task

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


@tenant_task(name="billing.usage_prune")
def usage_prune_task(*, tenant_id: int) -> int:
    from billing.services import usage_counters_prune

    return usage_counters_prune()


@shared_task(name="billing.usage_prune_all")
def usage_prune_all() -> int:
    """Daily (beat): one retention task per tenant."""
    from accounts.models import Tenant

    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        usage_prune_task.apply_async(kwargs={"tenant_id": tenant_id})
    return len(tenant_ids)

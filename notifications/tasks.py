"""Celery side of notifications: Brevo list sync and marketing sends. Tenant tasks (explicit
tenant_id), retried with backoff on Brevo/provider errors."""

from __future__ import annotations

from jobmentis.tenancy.tasks import tenant_task
from notifications.brevo import BrevoError


@tenant_task(
    name="notifications.marketing_sync",
    autoretry_for=(BrevoError,),
    max_retries=8,
)
def marketing_sync(*, tenant_id: int, subscription_id: int) -> str:
    from notifications.services import marketing_sync_subscription

    return marketing_sync_subscription(subscription_id=subscription_id)


@tenant_task(name="notifications.marketing_campaign_send")
def marketing_campaign_send(*, tenant_id: int, campaign_id: int) -> int:
    from notifications.services import campaign_fan_out

    return campaign_fan_out(campaign_id=campaign_id)


@tenant_task(name="notifications.marketing_email_send")
def marketing_email_send(*, tenant_id: int, campaign_id: int, subscription_id: int) -> bool:
    from notifications.services import campaign_send_one

    return campaign_send_one(campaign_id=campaign_id, subscription_id=subscription_id)

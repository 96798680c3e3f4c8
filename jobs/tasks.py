"""Celery side of the tracker: beat fans reminders out one task per tenant; each tenant task
raises that tenant's reminders and queues one email task per reminder (so one failing address
retries alone)."""

from __future__ import annotations

from celery import shared_task

from accounts.models import Tenant
from jobmentis.tenancy.tasks import enqueue_on_commit, tenant_task


@shared_task(name="jobs.reminders_dispatch")
def reminders_dispatch() -> int:
    """Beat entry point: one `jobs.reminders_for_tenant` per active tenant (Tenant is global)."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("id", flat=True))
    for tenant_id in tenant_ids:
        reminders_for_tenant.apply_async(kwargs={"tenant_id": tenant_id})
    return len(tenant_ids)


@tenant_task(name="jobs.reminders_for_tenant")
def reminders_for_tenant(*, tenant_id: int) -> int:
    from jobs.reminders import reminder_pending_email_ids, reminders_raise

    created = reminders_raise()
    # Pending ones include emails left unsent by an earlier failed run, not just today's.
    for reminder_id in reminder_pending_email_ids():
        enqueue_on_commit(reminder_email, reminder_id=reminder_id, tenant_id=tenant_id)
    return len(created)


@tenant_task(
    name="jobs.reminder_email",
    autoretry_for=(OSError,),
    max_retries=5,
)
def reminder_email(*, tenant_id: int, reminder_id: int) -> bool:
    from jobs.reminders import reminder_send_email

    tenant = Tenant.objects.get(pk=tenant_id)
    return reminder_send_email(reminder_id=reminder_id, tenant=tenant)

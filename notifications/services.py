"""Notifications (in-app + email, by preference) and marketing email (double opt-in, Brevo
sync, campaigns with one-click unsubscribe). Functions run inside a tenant context unless they
take a tenant and open it themselves."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import Tenant, User
from accounts.selectors import profile_for_user, tenant_base_url
from jobmentis.email.rendering import email_send, tenant_reverse
from jobmentis.tenancy.context import require_tenant_id, tenant_context
from jobmentis.tenancy.tasks import enqueue_on_commit
from notifications import brevo
from notifications.models import (
    Channel,
    Kind,
    MarketingCampaign,
    MarketingSubscription,
    Notification,
    NotificationPreference,
)
from notifications.selectors import (
    Delivery,
    forget_unread_count,
    marketing_active_subscriptions,
    marketing_settings_current,
    notification_channels_for_user,
)
from privacy.consent.interfaces import newsletter_consent_record

logger = logging.getLogger(__name__)

CONFIRM_SALT = "notifications.newsletter-confirm"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _language(user: User) -> str:
    profile = profile_for_user(user=user)
    return (profile.language if profile and profile.language else "") or settings.LANGUAGE_CODE


# --- notifications -----------------------------------------------------------------------------


def notification_preference_set(*, user: User, kind: str, channel: str) -> None:
    if kind not in Kind.values or channel not in Channel.values:
        raise ValueError(f"unknown kind/channel {kind}/{channel}")
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"channel": channel}
    )


def notification_send(
    *,
    user: User,
    tenant: Tenant,
    kind: str,
    title: str | Promise,
    body: str | Promise = "",
    url: str = "",
    email_template: str | None = None,
    context: dict[str, Any] | None = None,
) -> Notification | None:
    """Notify `user` on `tenant` as their preference for `kind` says: an in-app row and/or an
    email (only when `email_template` is given; callers that already send their own email pass
    none). Account notices are always emailed. Returns the in-app row, if one was made.

    Pass lazy strings (gettext_lazy): they are rendered here in the recipient's language, as
    the row is stored and the email written in it (tasks run in the default language)."""
    with tenant_context(tenant.pk):
        language = _language(user)
        with translation.override(language):
            title, body = str(title), str(body)
        channel = notification_channels_for_user(user=user)[kind]
        if kind == Kind.ACCOUNT and channel in (Channel.IN_APP, Channel.OFF):
            channel = Channel.EMAIL if channel == Channel.OFF else Channel.ALL
        delivery = Delivery(channel)
        row = None
        if delivery.in_app:
            row = Notification.objects.create(
                user=user, kind=kind, title=title[:200], body=body, url=url[:500]
            )
            forget_unread_count(user=user)
        if email_template and delivery.email:
            base = tenant_base_url(tenant=tenant)
            email_send(
                to=user.email,
                template=email_template,
                context={
                    "title": title,
                    "body": body,
                    "action_url": (base + url) if url.startswith("/") else url,
                    "action_label": _("Open"),
                    **(context or {}),
                },
                tenant=tenant,
                language=language,
            )
        return row


def notification_mark_read(*, user: User, notification_id: int) -> Notification | None:
    row = Notification.objects.filter(user=user, pk=notification_id).first()
    if row is not None and row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
        forget_unread_count(user=user)
    return row


def notifications_mark_all_read(*, user: User) -> int:
    updated = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_unread_count(user=user)
    return updated


# --- marketing: consent ledger seam ---


def _ledger_record(*, user: User, tenant: Tenant, granted: bool, source: str) -> None:
    """Record the newsletter decision in the consent ledger: MarketingSubscription is the
    operational state (sending, Brevo sync), the ledger is the proof (Art. 7(1))."""
    newsletter_consent_record(user=user, tenant=tenant, granted=granted, source=source)


# --- marketing: tokens ---


def unsubscribe_token_make(*, tenant_id: int, user_id: int) -> str:
    """Long-lived (an unsubscribe link must keep working), signed, and bound to the tenant."""
    return signing.dumps({"t": tenant_id, "u": user_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return int(data["t"]), int(data["u"])


def unsubscribe_url(*, tenant: Tenant, user_id: int) -> str:
    token = unsubscribe_token_make(tenant_id=tenant.pk, user_id=user_id)
    return tenant_base_url(tenant=tenant) + tenant_reverse("marketing_unsubscribe", args=[token])


def _confirm_token(subscription: MarketingSubscription) -> str:
    return signing.dumps(
        {
            "s": subscription.pk,
            "t": subscription.tenant_id,
            "r": subscription.requested_at.isoformat(),
        },
        salt=CONFIRM_SALT,
    )


# --- marketing: subscription lifecycle ---


def marketing_request(*, user: User, tenant: Tenant) -> MarketingSubscription:
    """Opt-in step 1: a pending subscription and an email with a signed confirmation link.
    Nothing is sent to the user's inbox as marketing until they confirm (double opt-in)."""
    now = timezone.now()
    subscription, _created = MarketingSubscription.objects.select_for_update().get_or_create(
        user=user,
        defaults={
            "status": MarketingSubscription.Status.PENDING,
            "policy_version": settings.MARKETING_POLICY_VERSION,
            "requested_at": now,
            "source": "settings",
        },
    )
    if subscription.status == MarketingSubscription.Status.ACTIVE:
        return subscription
    subscription.status = MarketingSubscription.Status.PENDING
    subscription.policy_version = settings.MARKETING_POLICY_VERSION
    subscription.requested_at = now
    subscription.source = "settings"
    subscription.save(update_fields=["status", "policy_version", "requested_at", "source"])
    confirm_url = tenant_base_url(tenant=tenant) + tenant_reverse(
        "marketing_confirm", args=[_confirm_token(subscription)]
    )
    email_send(
        to=user.email,
        template="notifications/email/newsletter_confirm",
        context={
            "action_url": confirm_url,
            "action_label": _("Yes, subscribe me"),
            "name": user.get_full_name() if hasattr(user, "get_full_name") else "",
        },
        tenant=tenant,
        language=_language(user),
    )
    return subscription


def marketing_confirm(*, tenant: Tenant, token: str) -> MarketingSubscription | None:
    """Opt-in step 2 (the emailed link): the subscription becomes active. None when the link
    is forged, expired, for another tenant, or superseded by a newer request."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    if int(data["t"]) != tenant.pk:
        return None
    subscription = (
        MarketingSubscription.objects.select_for_update()
        .select_related("user")
        .filter(pk=int(data["s"]))
        .first()
    )
    if subscription is None or subscription.requested_at.isoformat() != data["r"]:
        return None
    if subscription.status == MarketingSubscription.Status.ACTIVE:
        return subscription
    if subscription.status != MarketingSubscription.Status.PENDING:
        return None
    subscription.status = MarketingSubscription.Status.ACTIVE
    subscription.confirmed_at = timezone.now()
    subscription.source = "email_confirmation"
    subscription.save(update_fields=["status", "confirmed_at", "source"])
    _ledger_record(user=subscription.user, tenant=tenant, granted=True, source="double_opt_in")
    _sync_later(subscription)
    return subscription


def marketing_withdraw(*, user: User, tenant: Tenant, source: str) -> bool:
    """Unsubscribe (settings, one-click link, erasure). True when something changed."""
    subscription = MarketingSubscription.objects.select_for_update().filter(user=user).first()
    if subscription is None or subscription.status == MarketingSubscription.Status.WITHDRAWN:
        return False
    was_active = subscription.status == MarketingSubscription.Status.ACTIVE
    subscription.status = MarketingSubscription.Status.WITHDRAWN
    subscription.withdrawn_at = timezone.now()
    subscription.source = source[:30]
    subscription.save(update_fields=["status", "withdrawn_at", "source"])
    _ledger_record(user=user, tenant=tenant, granted=False, source=source)
    if was_active:
        _sync_later(subscription)
    return True


def marketing_withdraw_everywhere(*, user_id: int, source: str) -> None:
    """Erasure hook: withdraw on every tenant the user belongs to. Runs outside any tenant
    context (like jobs' reminders_suspend)."""
    from privacy.erasure import user_tenant_ids

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    for tenant in Tenant.objects.filter(pk__in=list(user_tenant_ids(user_id))):
        with tenant_context(tenant.pk):
            marketing_withdraw(user=user, tenant=tenant, source=source)


def _sync_later(subscription: MarketingSubscription) -> None:
    from notifications.tasks import marketing_sync

    enqueue_on_commit(marketing_sync, subscription_id=subscription.pk)


def marketing_sync_subscription(*, subscription_id: int) -> str:
    """Make the tenant's Brevo list match the subscription: active -> on the list, otherwise
    off it. Idempotent; BrevoError propagates so the task retries."""
    subscription = (
        MarketingSubscription.objects.select_related("user").filter(pk=subscription_id).first()
    )
    config = marketing_settings_current()
    if subscription is None or config is None or not config.brevo_list_id:
        return "skipped"
    try:
        if subscription.status == MarketingSubscription.Status.ACTIVE:
            brevo.brevo_contact_upsert(
                email=subscription.user.email,
                list_id=config.brevo_list_id,
                attributes={"FIRSTNAME": getattr(subscription.user, "first_name", "") or ""},
            )
            result = "added"
        else:
            brevo.brevo_contact_remove_from_list(
                email=subscription.user.email, list_id=config.brevo_list_id
            )
            result = "removed"
    except brevo.BrevoNotConfigured:
        return "skipped"
    subscription.synced_at = timezone.now()
    subscription.save(update_fields=["synced_at"])
    return result


# --- marketing: campaigns ---


def campaign_create(
    *, tenant: Tenant, subject: str, body: str, created_by: User | None
) -> MarketingCampaign:
    """Staff: send `subject`/`body` to every confirmed subscriber of `tenant`, in Celery."""
    with tenant_context(tenant.pk):
        campaign = MarketingCampaign.objects.create(
            subject=subject, body=body, created_by=created_by
        )
        campaign_queue(campaign=campaign)
    return campaign


def campaign_queue(*, campaign: MarketingCampaign) -> None:
    """Queue the fan-out of a saved campaign (tenant admin's add form saves it first)."""
    from notifications.tasks import marketing_campaign_send

    enqueue_on_commit(marketing_campaign_send, campaign_id=campaign.pk)


def campaign_fan_out(*, campaign_id: int) -> int:
    """One task per recipient: a failure or a slow provider never holds up the others."""
    from notifications.tasks import marketing_email_send

    campaign = MarketingCampaign.objects.filter(pk=campaign_id, sent_at__isnull=True).first()
    if campaign is None:
        return 0
    ids = list(marketing_active_subscriptions().values_list("pk", flat=True))
    for subscription_id in ids:
        enqueue_on_commit(
            marketing_email_send, campaign_id=campaign.pk, subscription_id=subscription_id
        )
    campaign.sent_at = timezone.now()
    campaign.recipients_count = len(ids)
    campaign.save(update_fields=["sent_at", "recipients_count"])
    return len(ids)


def campaign_send_one(*, campaign_id: int, subscription_id: int) -> bool:
    campaign = MarketingCampaign.objects.filter(pk=campaign_id).first()
    subscription = (
        MarketingSubscription.objects.select_related("user").filter(pk=subscription_id).first()
    )
    if campaign is None or subscription is None:
        return False
    # Re-checked here: whoever unsubscribed after the fan-out gets nothing.
    if subscription.status != MarketingSubscription.Status.ACTIVE:
        return False
    tenant = Tenant.objects.get(pk=require_tenant_id())
    link = unsubscribe_url(tenant=tenant, user_id=subscription.user_id)
    email_send(
        to=subscription.user.email,
        template="notifications/email/marketing",
        context={"campaign": campaign, "unsubscribe_url": link},
        tenant=tenant,
        language=_language(subscription.user),
        headers={
            "List-Unsubscribe": f"<{link}>, <mailto:{settings.EMAIL_UNSUBSCRIBE_MAILTO}"
            f"?subject=unsubscribe>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return True


def marketing_request_or_withdraw(*, user: User, tenant: Tenant, subscribe: bool) -> str:
    """The settings toggle. Returns "pending", "active", "withdrawn" or "unchanged"."""
    with transaction.atomic():
        if subscribe:
            return marketing_request(user=user, tenant=tenant).status
        return (
            "withdrawn"
            if marketing_withdraw(user=user, tenant=tenant, source="settings")
            else ("unchanged")
        )

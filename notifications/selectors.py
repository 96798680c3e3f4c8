from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from jobmentis.email.suppression import suppressed_addresses
from jobmentis.tenancy.context import require_tenant_id
from notifications.models import (
    Channel,
    Kind,
    MarketingSettings,
    MarketingSubscription,
    Notification,
    NotificationPreference,
)

# Account and security notices always reach the user by email; only the in-app copy can go.
CONFIGURABLE_KINDS = [kind for kind in Kind if kind != Kind.ACCOUNT]


def notification_channels_for_user(*, user: User) -> dict[str, str]:
    """Every kind -> channel in the current tenant (Channel.ALL when never set)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind.value: chosen.get(kind.value, Channel.ALL.value) for kind in Kind}


class Delivery(str):
    """A channel value that answers "email?" and "in the app?"."""

    @property
    def email(self) -> bool:
        return self in (Channel.ALL, Channel.EMAIL)

    @property
    def in_app(self) -> bool:
        return self in (Channel.ALL, Channel.IN_APP)


def notification_channels_for_users(*, user_ids: set[int], kind: str) -> dict[int, Delivery]:
    """For a batch job (reminders, digests): how each user wants `kind`, in the current tenant."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "channel"
        )
    )
    return {user_id: Delivery(chosen.get(user_id, Channel.ALL.value)) for user_id in user_ids}


def notifications_for_user(*, user: User, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


UNREAD_CACHE_SECONDS = 300


def _unread_key(user: User) -> str:
    # Cache keys carry the tenant (DESIGN.md): the same user has one count per tenant.
    return f"notifications:unread:{require_tenant_id()}:{user.pk}"


def notifications_unread_count(*, user: User) -> int:
    """Shown in the top bar of every page: cached (Redis), so pages pay no query for it.
    Writes call forget_unread_count; retention deletes are seen within UNREAD_CACHE_SECONDS."""
    key = _unread_key(user)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return int(count)


def forget_unread_count(*, user: User) -> None:
    key = _unread_key(user)
    cache.delete(key)
    # Again after commit: a page rendered meanwhile may have cached the pre-commit count.
    transaction.on_commit(lambda: cache.delete(key))


def marketing_subscription_for_user(*, user: User) -> MarketingSubscription | None:
    return MarketingSubscription.objects.filter(user=user).first()


def marketing_settings_current() -> MarketingSettings | None:
    return MarketingSettings.objects.filter(tenant_id=require_tenant_id()).first()


def marketing_active_subscriptions() -> QuerySet[MarketingSubscription]:
    return MarketingSubscription.objects.filter(
        status=MarketingSubscription.Status.ACTIVE
    ).select_related("user")


def email_address_bounces(*, user: User) -> bool:
    """The user's address is on the suppression list for this tenant (or everywhere)."""
    return bool(
        suppressed_addresses(addresses=[user.email], tenant_id=require_tenant_id(), marketing=False)
    )

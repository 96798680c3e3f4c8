"""Personal data held by notifications and marketing (format: privacy/manifest.py)."""

from __future__ import annotations

from datetime import timedelta

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    AppManifest,
    Category,
    Hooks,
    ModelEntry,
    Retention,
    observed,
    provided,
)


def marketing_suspend_hook(user_id: int) -> None:
    """Erasure requested: stop marketing at once (withdraw and remove from the Brevo list)."""
    from notifications.services import marketing_withdraw_everywhere

    marketing_withdraw_everywhere(user_id=user_id, source="erasure")


MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="notifications.Notification",
            purpose="Notifications shown in your notification centre.",
            subject="user",
            fields={
                "user": INTERNAL,
                "kind": TECHNICAL,
                "title": observed(Category.COMMUNICATION),
                "body": observed(Category.COMMUNICATION),
                "url": TECHNICAL,
                "read_at": observed(Category.USAGE),
                "created_at": TECHNICAL,
            },
            retention=Retention(
                age=timedelta(days=180),
                timestamp_field="created_at",
                description="Notifications are deleted after 6 months.",
            ),
        ),
        ModelEntry(
            model="notifications.NotificationPreference",
            purpose="Where you want each type of notification: email, the app, or nowhere.",
            subject="user",
            fields={
                "user": INTERNAL,
                "kind": provided(Category.PROFILE),
                "channel": provided(Category.PROFILE),
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="notifications.MarketingSubscription",
            purpose="Whether you subscribed to the newsletter and product tips (double opt-in).",
            subject="user",
            legal_basis="consent (Art. 6(1)(a))",
            fields={
                "user": INTERNAL,
                "status": provided(Category.CONSENT),
                "policy_version": observed(Category.CONSENT),
                "requested_at": observed(Category.CONSENT),
                "confirmed_at": observed(Category.CONSENT),
                "withdrawn_at": observed(Category.CONSENT),
                "source": observed(Category.CONSENT),
                "synced_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="notifications.MarketingSettings",
            purpose="The tenant's mailing-list configuration.",
            personal=False,
            fields={"brevo_list_id": INTERNAL, "updated_at": INTERNAL},
        ),
        ModelEntry(
            model="notifications.MarketingCampaign",
            purpose="Marketing emails staff sent to the tenant's subscribers.",
            personal=False,
            fields={
                "subject": INTERNAL,
                "body": INTERNAL,
                "created_by": INTERNAL,
                "created_at": INTERNAL,
                "sent_at": INTERNAL,
                "recipients_count": INTERNAL,
            },
        ),
    ],
    hooks=Hooks(suspend=(marketing_suspend_hook,)),
)

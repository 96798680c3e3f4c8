"""Personal data held by consent and tracking (format: privacy/manifest.py), and the two
trackers as external systems: PostHog (a person to delete) and Meta (nothing to erase: we stop
sending; Meta keeps Conversions API events under its own terms as a separate controller)."""

from __future__ import annotations

from datetime import timedelta

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    Anonymise,
    AppManifest,
    Category,
    ExternalSystem,
    Hooks,
    ModelEntry,
    Retention,
    observed,
)

CONSENT = observed(Category.CONSENT)


def _posthog_configured() -> bool:
    from privacy.consent.posthog_adapter import posthog_configured_anywhere

    return posthog_configured_anywhere()


def _suspend_tracking(user_id: int) -> None:
    from privacy.consent.tracking import tracking_suspend

    tracking_suspend(user_id=user_id)


MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="consent.PolicyVersion",
            purpose="The privacy policy, terms and cookie policy versions a workspace published.",
            personal=False,
            fields=dict.fromkeys(
                ["kind", "version", "title", "body", "content_hash", "effective_at", "created_at"],
                INTERNAL,
            ),
        ),
        ModelEntry(
            model="consent.Processor",
            purpose="The processors listed on the privacy policy.",
            personal=False,
            fields=dict.fromkeys(
                ["name", "purpose", "data_categories", "location", "link", "sort_order"],
                INTERNAL,
            ),
        ),
        ModelEntry(
            model="consent.TrackingSettings",
            purpose="A workspace's analytics and ads switches.",
            personal=False,
            fields=dict.fromkeys(
                [
                    "posthog_enabled",
                    "posthog_api_key",
                    "posthog_host",
                    "posthog_project_id",
                    "posthog_personal_api_key",
                    "meta_enabled",
                    "meta_pixel_id",
                    "meta_access_token",
                    "meta_test_event_code",
                    "updated_at",
                ],
                INTERNAL,
            ),
        ),
        ModelEntry(
            model="consent.ConsentRecord",
            purpose=(
                "Your consent decisions (cookies, policies accepted at sign-up, restriction of "
                "AI processing), with the policy version each was given under."
            ),
            subject="user",
            legal_basis=(
                "legal obligation: proof of consent (Art. 7(1)) and of restrictions honoured "
                "(Art. 5(2))"
            ),
            # The decision stays as evidence; who made it does not (the ledger's trigger allows
            # exactly this update: user and device set to NULL).
            erasure=Anonymise(strategy="detach subject", values={"user": None, "device_id": None}),
            retention=Retention(
                age=timedelta(days=5 * 365),
                timestamp_field="created_at",
                action="anonymise",
                description=(
                    "Consent records are detached from the person after 5 years (the limitation "
                    "period for proving consent); the anonymous decision remains."
                ),
            ),
            fields={
                "user": INTERNAL,
                "device_id": INTERNAL,
                "purpose": CONSENT,
                "granted": CONSENT,
                "policy_version": CONSENT,
                "source": CONSENT,
                "created_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="consent.AnalyticsIdentity",
            purpose="The random id analytics (PostHog) knows you by, instead of your email.",
            subject="user",
            legal_basis="consent (Art. 6(1)(a))",
            fields={
                "user": INTERNAL,
                "distinct_id": observed(Category.TECHNICAL),
                "created_at": TECHNICAL,
            },
        ),
    ],
    external=[
        ExternalSystem(
            name="posthog",
            purpose="Product analytics, only with your consent and when the workspace enables it.",
            holds="A person with your random analytics id and the events you generated.",
            retention="Until you withdraw consent and your account is erased (person deleted).",
            recipient="PostHog (product analytics), when enabled by the workspace",
            adapter="privacy.consent.posthog_adapter.PostHogErasureAdapter",
            configured=_posthog_configured,
        ),
        ExternalSystem(
            name="meta",
            purpose="Ads measurement (Meta Pixel, Conversions API), only with marketing consent.",
            holds=(
                "Nothing we can erase: events with hashed identifiers are sent to Meta, which "
                "keeps them as a separate controller; erasure stops all further sending."
            ),
            retention="Per Meta's terms; we stop sending at once on withdrawal or erasure.",
            recipient="Meta Platforms Ireland (Pixel, Conversions API), when enabled",
            stores_personal_data=False,
        ),
    ],
    hooks=Hooks(suspend=(_suspend_tracking,)),
)

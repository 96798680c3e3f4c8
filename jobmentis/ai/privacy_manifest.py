"""Personal data held by the AI layer (format: privacy/manifest.py)."""

from __future__ import annotations

from datetime import timedelta

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    Anonymise,
    AppManifest,
    Category,
    ModelEntry,
    Retention,
    observed,
)

MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="ai.TenantAISettings",
            purpose="A workspace's choice of AI providers and models.",
            personal=False,
            fields={
                "provider_order": INTERNAL,
                "anthropic_model": INTERNAL,
                "openai_model": INTERNAL,
                "gemini_model": INTERNAL,
                "updated_at": INTERNAL,
            },
        ),
        ModelEntry(
            model="ai.AIUsageEvent",
            purpose="Usage log of AI features (cost, quotas, outages); no prompt or output text.",
            subject="user",
            legal_basis="legitimate interest: cost control and abuse prevention (Art. 6(1)(f))",
            # Kept as unlinked counts so the workspace's cost totals stay correct.
            erasure=Anonymise(strategy="unlink user", values={"user": None}),
            retention=Retention(
                age=timedelta(days=365),
                timestamp_field="created_at",
                description="Usage logs are deleted after 12 months.",
            ),
            fields={
                "user": INTERNAL,
                "feature": observed(Category.USAGE),
                "provider": observed(Category.USAGE),
                "model": observed(Category.USAGE),
                "input_tokens": observed(Category.USAGE),
                "output_tokens": observed(Category.USAGE),
                "latency_ms": TECHNICAL,
                "cost_usd": TECHNICAL,
                "status": TECHNICAL,
                "error_type": TECHNICAL,
                "created_at": observed(Category.USAGE),
            },
        ),
    ],
)

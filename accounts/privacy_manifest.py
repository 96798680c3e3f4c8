"""Personal data held by the accounts app (format: privacy/manifest.py)."""

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
    hidden,
    observed,
    provided,
)

MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="accounts.Tenant",
            purpose="The workspace (career centre or coaching brand) itself.",
            personal=False,
            fields={
                "name": INTERNAL,
                "slug": INTERNAL,
                "display_name": INTERNAL,
                "logo": INTERNAL,
                "primary_colour": INTERNAL,
                "is_active": INTERNAL,
                "allow_self_signup": INTERNAL,
                "created_at": INTERNAL,
            },
        ),
        ModelEntry(
            model="accounts.TenantDomain",
            purpose="Host names that serve a workspace.",
            personal=False,
            fields={"domain": INTERNAL, "is_primary": INTERNAL},
        ),
        ModelEntry(
            model="accounts.User",
            purpose="Your sign-in identity, shared by every workspace you belong to.",
            subject="",
            fields={
                "email": provided(Category.IDENTITY),
                "password": hidden(Category.SECURITY),
                "last_login": observed(Category.SECURITY),
                "is_active": TECHNICAL,
                "is_staff": TECHNICAL,
                "is_superuser": TECHNICAL,
                "is_support": TECHNICAL,
                "date_joined": TECHNICAL,
                "groups": INTERNAL,
                "user_permissions": INTERNAL,
            },
        ),
        ModelEntry(
            model="accounts.Membership",
            purpose="Which workspaces you belong to, and your role there.",
            subject="user",
            fields={"user": INTERNAL, "role": TECHNICAL, "created_at": TECHNICAL},
        ),
        ModelEntry(
            model="accounts.Profile",
            purpose="What you tell this workspace about yourself.",
            subject="user",
            fields={
                "user": INTERNAL,
                "full_name": provided(Category.IDENTITY),
                "picture": provided(Category.DOCUMENT),
                "headline": provided(Category.PROFILE),
                "target_roles": provided(Category.PROFILE),
                "location": provided(Category.CONTACT),
                "timezone": provided(Category.PROFILE),
                "language": provided(Category.PROFILE),
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="accounts.AuditLog",
            purpose="Who viewed or changed personal data through admin and support tools.",
            subject="actor",
            legal_basis="legal obligation / accountability (Art. 5(2), Art. 32)",
            # Entries hold field names, never values; kept (unlinked) as the security record.
            erasure=Anonymise(strategy="unlink actor", values={"actor": None, "actor_role": ""}),
            retention=Retention(
                age=timedelta(days=730),
                timestamp_field="created_at",
                description="Audit trail kept 24 months.",
            ),
            fields={
                "actor": observed(Category.USAGE),
                "actor_role": observed(Category.USAGE),
                "action": observed(Category.USAGE),
                "object_type": observed(Category.USAGE),
                "object_id": INTERNAL,
                "changed_fields": observed(Category.USAGE),
                "path": observed(Category.USAGE),
                "created_at": TECHNICAL,
            },
        ),
    ],
)

"""The fixture app's manifest: each entry (or omission) trips exactly one coverage check."""

from __future__ import annotations

from privacy.manifest import (
    INTERNAL,
    AppManifest,
    Category,
    Delete,
    ExternalSystem,
    ModelEntry,
    Retain,
    provided,
)

MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="privacy_fixtures.HalfClassified",
            purpose="fixture",
            subject="user",
            fields={"user": INTERNAL, "name": provided(Category.IDENTITY)},
        ),
        ModelEntry(
            model="privacy_fixtures.Orphan",
            purpose="fixture",
            fields={"email": provided(Category.CONTACT)},
        ),
        ModelEntry(
            model="privacy_fixtures.WrongPath",
            purpose="fixture",
            subject="owner",
            fields={"user": INTERNAL},
        ),
        ModelEntry(
            model="privacy_fixtures.KeptButCascade",
            purpose="fixture",
            subject="user",
            erasure=Retain(legal_basis="tax law", until="10 years"),
            fields={"user": INTERNAL},
        ),
        ModelEntry(
            model="privacy_fixtures.DeletedButSetNull",
            purpose="fixture",
            subject="user",
            erasure=Delete(),
            fields={"user": INTERNAL},
        ),
    ],
    external=[
        ExternalSystem(
            name="fixture_crm",
            purpose="fixture",
            holds="contacts",
            retention="forever",
            configured=lambda: True,
        ),
        ExternalSystem(
            name="fixture_half_adapter",
            purpose="fixture",
            holds="contacts",
            retention="forever",
            adapter="tests.privacy.fixtures_app.adapters.EraseOnlyAdapter",
        ),
        ExternalSystem(
            name="fixture_unconfigured",
            purpose="fixture",
            holds="contacts",
            retention="forever",
            configured=lambda: False,
        ),
    ],
)

"""The manifest covers every installed model and external system; each check is proven able to
fail by a fixture app of deliberately broken models (installed only in these tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.conf import settings
from django.test import override_settings

from privacy.coverage import (
    all_problems,
    external_adapter_problems,
    missing_models,
    on_delete_contradictions,
    unclassified_fields,
    unreachable_models,
)
from privacy.manifest import Manifest, build_manifest, load_manifest, manifest_modules

FIXTURE_APP = "tests.privacy.fixtures_app"


def test_every_installed_model_and_system_is_covered_by_the_manifest() -> None:
    assert all_problems(load_manifest(), apps.get_models()) == []


def test_every_app_with_models_ships_a_manifest_module() -> None:
    declared = {label.split(".")[0] for label in load_manifest().entries}
    with_models = {m._meta.app_label for m in apps.get_models()}
    assert with_models <= declared


def test_manifest_version_changes_when_the_manifest_changes() -> None:
    manifest = load_manifest()
    entries = dict(manifest.entries)
    entries.pop("resumes.MatchScore")
    smaller = Manifest(
        entries=entries, external=manifest.external, hooks=manifest.hooks, sources={}
    )
    assert smaller.version != manifest.version


@pytest.fixture
def broken() -> Iterator[Manifest]:
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, FIXTURE_APP]):
        yield build_manifest(manifest_modules())


def _fixture_models() -> list[type]:
    return list(apps.get_app_config("privacy_fixtures").get_models())


def test_a_model_missing_from_every_manifest_is_reported(broken: Manifest) -> None:
    problems = missing_models(broken, _fixture_models())
    assert problems == ["privacy_fixtures.Unlisted: not declared in any privacy_manifest.py"]


def test_an_unclassified_field_is_reported(broken: Manifest) -> None:
    problems = unclassified_fields(broken, _fixture_models())
    assert problems == ["privacy_fixtures.HalfClassified.secret_note: field not classified"]


def test_personal_models_unreachable_from_the_user_are_reported(broken: Manifest) -> None:
    problems = [p for p in unreachable_models(broken) if p.startswith("privacy_fixtures.")]
    assert len(problems) == 2
    assert any("Orphan: personal data with no subject path" in p for p in problems)
    assert any("WrongPath: subject path 'owner' is unreachable" in p for p in problems)


def test_on_delete_contradicting_the_manifest_is_reported(broken: Manifest) -> None:
    problems = [p for p in on_delete_contradictions(broken) if p.startswith("privacy_fixtures.")]
    assert len(problems) == 2
    assert any("KeptButCascade: erasure is retain" in p and "CASCADE" in p for p in problems)
    assert any("DeletedButSetNull: erasure is delete" in p and "SET_NULL" in p for p in problems)


def test_configured_external_system_without_erase_and_verify_is_reported(
    broken: Manifest,
) -> None:
    problems = sorted(external_adapter_problems(broken))
    assert problems == [
        "fixture_crm: configured, holds personal data, but has no erase adapter",
        "fixture_half_adapter: adapter tests.privacy.fixtures_app.adapters.EraseOnlyAdapter "
        "has no verify()",
    ]

"""Wall 2: every model is tenant-owned (and shaped like one) or listed as global with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.apps.registry import Apps
from django.db import models

from accounts.models import Membership
from jobmentis.tenancy.context import TenantContextMissing
from jobmentis.tenancy.models import TenantManager, TenantOwnedModel
from jobmentis.tenancy.registry import (
    GLOBAL_MODELS,
    classification_problems,
    tenant_owned_models,
)

ALL_MODELS = apps.get_models(include_auto_created=True)


def _throwaway_apps() -> Apps:
    """An isolated registry holding accounts.Tenant's shape, so throwaway models can point at
    a `Tenant` without touching the project's registry."""
    isolated = Apps(["django.contrib.contenttypes"])

    class Tenant(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "accounts"
            apps = isolated

    return isolated


def _model(isolated: Apps, name: str, bases: tuple[type, ...], **attrs: Any) -> type:
    meta = type("Meta", (), {"app_label": "scratch", "apps": isolated})
    return type(name, bases, {"__module__": __name__, "Meta": meta, **attrs})


def test_every_installed_model_is_tenant_owned_or_global_with_a_reason() -> None:
    assert classification_problems(ALL_MODELS) == []


def test_global_registry_lists_only_installed_models_with_reasons() -> None:
    installed = {model._meta.label for model in ALL_MODELS}
    assert set(GLOBAL_MODELS) <= installed, set(GLOBAL_MODELS) - installed
    assert all(reason.strip() for reason in GLOBAL_MODELS.values())


def test_users_and_tenants_are_global_and_membership_is_tenant_owned() -> None:
    assert "accounts.User" in GLOBAL_MODELS
    assert "accounts.Tenant" in GLOBAL_MODELS
    assert Membership in tenant_owned_models(ALL_MODELS)


def test_checker_reports_a_new_unclassified_model() -> None:
    isolated = _throwaway_apps()
    shiny = _model(isolated, "Shiny", (models.Model,), title=models.CharField(max_length=10))
    problems = classification_problems([shiny], global_models={})
    assert len(problems) == 1
    assert problems[0].startswith("scratch.Shiny: unclassified")


def test_checker_reports_a_global_model_listed_without_a_reason() -> None:
    isolated = _throwaway_apps()
    shiny = _model(isolated, "Shiny", (models.Model,))
    assert classification_problems([shiny], global_models={"scratch.Shiny": " "}) == [
        "scratch.Shiny: listed as global without a reason"
    ]
    assert classification_problems([shiny], global_models={"scratch.Shiny": "platform"}) == []


def test_checker_reports_a_tenant_model_whose_first_manager_does_not_fail_closed() -> None:
    isolated = _throwaway_apps()
    leaky = _model(
        isolated,
        "Leaky",
        (TenantOwnedModel,),
        everything=models.Manager(),
        objects=TenantManager(),
    )
    problems = classification_problems([leaky], global_models={})
    assert problems == ["scratch.Leaky: the first manager must be a TenantManager (fails closed)"]


def test_checker_reports_an_auto_created_through_table_between_tenant_models() -> None:
    isolated = _throwaway_apps()
    tag = _model(isolated, "Tag", (TenantOwnedModel,))
    note = _model(isolated, "Note", (TenantOwnedModel,), tags=models.ManyToManyField(tag))
    through = note._meta.get_field("tags").remote_field.through
    problems = classification_problems([tag, note, through], global_models={})
    assert len(problems) == 1
    assert "scratch.Note_tags: auto-created M2M through table" in problems[0]


def test_auto_created_through_table_between_global_models_needs_no_listing() -> None:
    group_permissions = apps.get_model("auth", "Group").permissions.through
    assert classification_problems([group_permissions], global_models={}) == []


@pytest.mark.parametrize(
    "model", tenant_owned_models(ALL_MODELS), ids=lambda model: model._meta.label
)
def test_tenant_model_first_manager_raises_without_a_tenant(model: type[models.Model]) -> None:
    # No database needed: the manager refuses before building SQL.
    with pytest.raises(TenantContextMissing):
        model._default_manager.all()
    assert model._meta.pk is not None
    assert model._meta.pk.get_internal_type() == "BigAutoField"
    assert not model._meta.get_field("tenant").null
    assert hasattr(model, "cross_tenant")

"""Checks that keep the manifest honest: the coverage tests call these with every installed
model, and with deliberately broken fixture models to prove each check can fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from privacy.manifest import IMPLICIT_FIELDS, Anonymise, Delete, Manifest, ModelEntry


def _concrete_models(model_list: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    return [
        m
        for m in model_list
        if not m._meta.abstract and not m._meta.proxy and not m._meta.auto_created
    ]


def missing_models(manifest: Manifest, model_list: Iterable[type[models.Model]]) -> list[str]:
    return [
        f"{m._meta.label}: not declared in any privacy_manifest.py"
        for m in _concrete_models(model_list)
        if m._meta.label not in manifest.entries
    ]


def declared_field_names(model: type[models.Model]) -> set[str]:
    """Fields a manifest must classify: concrete columns and many-to-many relations."""
    names = {f.name for f in model._meta.concrete_fields}
    names |= {f.name for f in model._meta.local_many_to_many}
    return names - IMPLICIT_FIELDS


def unclassified_fields(manifest: Manifest, model_list: Iterable[type[models.Model]]) -> list[str]:
    problems: list[str] = []
    for model in _concrete_models(model_list):
        entry = manifest.entries.get(model._meta.label)
        if entry is None:
            continue
        actual = declared_field_names(model)
        for name in sorted(actual - set(entry.fields)):
            problems.append(f"{model._meta.label}.{name}: field not classified")
        for name in sorted(set(entry.fields) - actual - IMPLICIT_FIELDS):
            problems.append(f"{model._meta.label}.{name}: declared but no such field")
    return problems


def _user_model_label() -> str:
    return str(settings.AUTH_USER_MODEL)


def subject_hops(entry: ModelEntry) -> list[Any]:
    """The foreign keys walked by `entry.subject`, first hop first. Raises ValueError when the
    path does not resolve to the user model through forward FK/one-to-one fields."""
    model = entry.model_class
    if entry.subject is None:
        raise ValueError("no subject path")
    if entry.subject == "":
        if model._meta.label != _user_model_label():
            raise ValueError("empty subject path on a model that is not the user model")
        return []
    hops: list[Any] = []
    current: type[models.Model] = model
    for name in entry.subject.split("__"):
        try:
            fk = current._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise ValueError(f"{current._meta.label} has no field {name!r}") from exc
        if not (fk.many_to_one or fk.one_to_one) or fk.related_model is None:
            raise ValueError(f"{current._meta.label}.{name} is not a forward foreign key")
        if fk.auto_created and not fk.concrete:
            raise ValueError(f"{current._meta.label}.{name} is a reverse relation")
        hops.append(fk)
        current = fk.related_model  # type: ignore[assignment,unused-ignore]
    if current._meta.label != _user_model_label():
        raise ValueError(f"path ends at {current._meta.label}, not the user model")
    return hops


def unreachable_models(manifest: Manifest) -> list[str]:
    problems: list[str] = []
    for label, entry in manifest.entries.items():
        if not entry.personal or entry.lookup is not None:
            continue
        if entry.subject is None:
            problems.append(
                f"{label}: personal data with no subject path and no explicit lookup function"
            )
            continue
        try:
            subject_hops(entry)
        except ValueError as exc:
            problems.append(f"{label}: subject path {entry.subject!r} is unreachable ({exc})")
    return problems


def on_delete_contradictions(manifest: Manifest) -> list[str]:
    """A CASCADE would destroy rows the manifest keeps; a SET_NULL/PROTECT would keep (or block)
    rows the manifest says are deleted when the user row goes outside the erasure runner."""
    problems: list[str] = []
    for label, entry in manifest.entries.items():
        if entry.lookup is not None or not entry.subject:
            continue
        try:
            hops = subject_hops(entry)
        except ValueError:
            continue  # reported by unreachable_models
        for fk in hops:
            on_delete = fk.remote_field.on_delete
            hop = f"{fk.model._meta.label}.{fk.name}"
            if isinstance(entry.erasure, Delete):
                if on_delete is not models.CASCADE:
                    problems.append(
                        f"{label}: erasure is delete but {hop} is on_delete="
                        f"{on_delete.__name__}, so deleting the user would leave the row behind"
                    )
            elif on_delete is models.CASCADE:
                problems.append(
                    f"{label}: erasure is {entry.erasure.kind} but {hop} is on_delete=CASCADE, "
                    "so deleting the user would delete the row"
                )
            elif on_delete is models.PROTECT:
                problems.append(f"{label}: {hop} is on_delete=PROTECT: it would block erasure")
        if isinstance(entry.erasure, Anonymise) and hops:
            first = hops[0].name
            if first not in entry.erasure.values:
                problems.append(
                    f"{label}: anonymisation must clear the subject link {first!r}, or the row "
                    "stays attached to the user"
                )
    return problems


def external_adapter_problems(manifest: Manifest) -> list[str]:
    problems: list[str] = []
    for name, system in manifest.external.items():
        if not system.stores_personal_data or not system.configured():
            continue
        if not system.adapter:
            problems.append(f"{name}: configured, holds personal data, but has no erase adapter")
            continue
        try:
            adapter = system.load_adapter()
        except ImportError as exc:
            problems.append(f"{name}: adapter {system.adapter} cannot be imported ({exc})")
            continue
        for method in ("snapshot", "erase", "verify"):
            if not callable(getattr(adapter, method, None)):
                problems.append(f"{name}: adapter {system.adapter} has no {method}()")
    return problems


def all_problems(manifest: Manifest, model_list: Iterable[type[models.Model]]) -> list[str]:
    model_list = list(model_list)
    return [
        *missing_models(manifest, model_list),
        *unclassified_fields(manifest, model_list),
        *unreachable_models(manifest),
        *on_delete_contradictions(manifest),
        *external_adapter_problems(manifest),
    ]

"""The privacy manifest: what personal data every model and external system holds, and what
export, erasure and retention do with it.

Each app declares its own part in `<app_package>/privacy_manifest.py`, a module with one
top-level `MANIFEST = AppManifest(...)`. The privacy app finds them through the app registry
(`load_manifest`), so a new app needs no registration step; third-party models (Django, allauth)
are declared by privacy's own manifest. `tests/privacy/test_manifest_coverage.py` fails when an
installed model is missing, a field is unclassified, a personal model cannot be reached from the
user, an `on_delete` contradicts the declared erasure, or a configured external system has no
erase + verify adapter.

Format, per model (`ModelEntry`):
  * `model`: "app_label.ModelName".
  * `fields`: every concrete field name -> `Field(category, export)`. `id` and `tenant` are
    implicit (technical, not exported); every other field must be listed.
  * `subject`: how a row is reached from the user: an ORM path ending at the user model
    ("user", "resume__user"; "" for the user model itself), or `lookup`, a function
    `(user_id) -> QuerySet` for rows with no foreign-key path (e.g. Django sessions).
    Non-personal models (`personal=False`) need neither.
  * `erasure`: `Delete()`, `Anonymise(strategy, values)` (an UPDATE of the listed fields), or
    `Retain(legal_basis, until)`.
  * `retention`: optional `Retention(age, timestamp_field, action)`, applied daily.
Per external system (`ExternalSystem`): a name, what it holds, whether it is configured, and the
dotted path of an `ErasureAdapter` (snapshot ids, erase one id, verify it is gone).
Apps can also register `hooks` run when an erasure is requested (suspend: cancel reminders, stop
tracking) or cancelled (resume).
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from functools import cache
from typing import Any, Protocol

from django.apps import apps
from django.db import models
from django.utils.module_loading import import_string

MANIFEST_MODULE = "privacy_manifest"
# Bumped when the export document's shape changes (the JSON Schema carries it too).
EXPORT_FORMAT_VERSION = "1.0"
IMPLICIT_FIELDS = frozenset({"id", "tenant"})


class Category(StrEnum):
    """Data categories (what a field is about), used in the export and the Art. 15 facts."""

    IDENTITY = "identity"  # name, email, login identifiers
    CONTACT = "contact"  # addresses, phone numbers
    PROFILE = "profile"  # what the user tells about themselves
    CAREER = "career"  # CV content, applications, job descriptions
    DOCUMENT = "document"  # uploaded original files
    USAGE = "usage"  # what the user did in the product
    SECURITY = "security"  # credentials, MFA secrets, sessions
    TECHNICAL = "technical"  # ids, timestamps, status flags: no meaning on their own
    FINANCIAL = "financial"  # payments, subscriptions
    CONSENT = "consent"  # consent decisions
    COMMUNICATION = "communication"  # messages exchanged with the user


class Export(StrEnum):
    """How a field appears in an access/portability export (Art. 15 / Art. 20)."""

    PROVIDED = "provided"  # the user gave it to us
    OBSERVED = "observed"  # recorded from the user's use of the service
    INFERRED = "inferred"  # derived by us (scores, parses)
    NOT_EXPORTED = "not_exported"  # secrets and internals: never in an export


@dataclass(frozen=True)
class Field:
    category: Category
    export: Export


def provided(category: Category) -> Field:
    return Field(category, Export.PROVIDED)


def observed(category: Category) -> Field:
    return Field(category, Export.OBSERVED)


def inferred(category: Category) -> Field:
    return Field(category, Export.INFERRED)


def hidden(category: Category) -> Field:
    return Field(category, Export.NOT_EXPORTED)


TECHNICAL = observed(Category.TECHNICAL)
INTERNAL = hidden(Category.TECHNICAL)


@dataclass(frozen=True)
class Delete:
    kind: str = "delete"

    def describe(self) -> str:
        return "deleted"


@dataclass(frozen=True)
class Anonymise:
    """Keep the row (aggregates, audit) but cut it from the person: `values` replaces fields."""

    strategy: str
    values: dict[str, Any]
    kind: str = "anonymise"

    def describe(self) -> str:
        return f"anonymised ({self.strategy})"


@dataclass(frozen=True)
class Retain:
    """Kept after erasure because the law requires it; deleted by its retention rule."""

    legal_basis: str
    until: str
    kind: str = "retain"

    def describe(self) -> str:
        return f"retained: {self.legal_basis} (until {self.until})"


Erasure = Delete | Anonymise | Retain


@dataclass(frozen=True)
class Retention:
    """Rows whose `timestamp_field` is older than `age` are deleted (or anonymised with the
    entry's Anonymise values) by the daily retention job."""

    age: timedelta
    timestamp_field: str
    action: str = "delete"  # "delete" | "anonymise"
    description: str = ""
    # Extra filter for rows the rule applies to (e.g. only expired exports).
    condition: dict[str, Any] = field(default_factory=dict)


Lookup = Callable[[int], "models.QuerySet[Any]"]


@dataclass(frozen=True)
class ModelEntry:
    model: str
    purpose: str
    fields: dict[str, Field]
    erasure: Erasure = Delete()
    subject: str | None = None
    lookup: Lookup | None = None
    retention: Retention | None = None
    personal: bool = True
    # Legal basis of the processing (Art. 6), shown in the Art. 15 facts.
    legal_basis: str = "contract (Art. 6(1)(b))"

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def subject_queryset(self, user_id: int) -> models.QuerySet[Any]:
        """Rows of this model that belong to the user (inside a tenant context for tenant-owned
        models: the default manager scopes by tenant)."""
        if self.lookup is not None:
            return self.lookup(user_id)
        model = self.model_class
        manager = model._default_manager
        if self.subject is None:
            return manager.none()
        if self.subject == "":
            return manager.filter(pk=user_id)
        return manager.filter(**{f"{self.subject}_id": user_id})


@dataclass(frozen=True)
class ExternalRef:
    """One object in an external system that belongs to the subject (snapshotted up front)."""

    system: str
    ref: str
    tenant_id: int | None = None


class ErasureAdapter(Protocol):
    """One per external system. `erase` and `verify` must treat "not found" as gone."""

    def snapshot(self, *, user_id: int, tenant_ids: list[int]) -> list[ExternalRef]: ...

    def erase(self, ref: ExternalRef) -> int:
        """Erase one object; return how many objects were removed (0 when already gone)."""
        ...

    def verify(self, ref: ExternalRef) -> bool:
        """True when the object is gone."""
        ...


@dataclass(frozen=True)
class ExternalSystem:
    name: str
    purpose: str
    holds: str
    retention: str
    # Dotted path of the ErasureAdapter class; "" for systems that keep nothing to erase
    # (documented, e.g. AI providers with zero retention; Meta: we only stop sending).
    adapter: str = ""
    configured: Callable[[], bool] = lambda: True
    stores_personal_data: bool = True
    recipient: str = ""  # processor / recipient named in the Art. 15 facts

    def load_adapter(self) -> ErasureAdapter | None:
        if not self.adapter:
            return None
        return import_string(self.adapter)()  # type: ignore[no-any-return,unused-ignore]


ErasureHook = Callable[[int], None]


@dataclass(frozen=True)
class Hooks:
    # Called with the user id when an erasure is requested (before the grace period) and when
    # it is cancelled. Idempotent; they must not raise for a user with nothing to suspend.
    suspend: tuple[ErasureHook, ...] = ()
    resume: tuple[ErasureHook, ...] = ()


@dataclass(frozen=True)
class AppManifest:
    models: list[ModelEntry] = field(default_factory=list)
    external: list[ExternalSystem] = field(default_factory=list)
    hooks: Hooks = Hooks()


@dataclass(frozen=True)
class Manifest:
    entries: dict[str, ModelEntry]
    external: dict[str, ExternalSystem]
    hooks: Hooks
    sources: dict[str, str]  # model label -> manifest module that declared it

    @property
    def version(self) -> str:
        return manifest_version(self)

    def entry(self, model: type[models.Model]) -> ModelEntry | None:
        return self.entries.get(model._meta.label)


def _describe(manifest: Manifest) -> dict[str, Any]:
    """A canonical description: what changes the version when the manifest changes."""
    return {
        "models": {
            label: {
                "fields": {
                    name: [f.category.value, f.export.value] for name, f in entry.fields.items()
                },
                "erasure": entry.erasure.describe(),
                "subject": entry.subject if entry.lookup is None else "lookup",
                "retention": (
                    [entry.retention.age.total_seconds(), entry.retention.timestamp_field]
                    if entry.retention
                    else None
                ),
            }
            for label, entry in sorted(manifest.entries.items())
        },
        "external": sorted(manifest.external),
    }


def manifest_version(manifest: Manifest) -> str:
    blob = json.dumps(_describe(manifest), sort_keys=True).encode()
    return f"{EXPORT_FORMAT_VERSION}+{hashlib.sha256(blob).hexdigest()[:12]}"


def manifest_modules() -> list[tuple[str, AppManifest]]:
    """Every installed app's manifest module, in INSTALLED_APPS order."""
    found: list[tuple[str, AppManifest]] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.{MANIFEST_MODULE}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found.append((module_name, module.MANIFEST))
    return found


def build_manifest(parts: list[tuple[str, AppManifest]]) -> Manifest:
    entries: dict[str, ModelEntry] = {}
    sources: dict[str, str] = {}
    external: dict[str, ExternalSystem] = {}
    suspend: list[ErasureHook] = []
    resume: list[ErasureHook] = []
    for module_name, part in parts:
        for entry in part.models:
            if entry.model in entries:
                raise ValueError(
                    f"{entry.model} declared twice ({sources[entry.model]}, {module_name})"
                )
            entries[entry.model] = entry
            sources[entry.model] = module_name
        for system in part.external:
            if system.name in external:
                raise ValueError(f"external system {system.name} declared twice")
            external[system.name] = system
        suspend.extend(part.hooks.suspend)
        resume.extend(part.hooks.resume)
    return Manifest(
        entries=entries,
        external=external,
        hooks=Hooks(suspend=tuple(suspend), resume=tuple(resume)),
        sources=sources,
    )


@cache
def load_manifest() -> Manifest:
    return build_manifest(manifest_modules())

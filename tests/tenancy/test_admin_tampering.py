"""Tenant A's admin, attacked with tenant B's ids in POST bodies (not URLs): admin actions on B's
ids, change forms whose FK and inline ids are swapped for B's, a `tenant` field smuggled in.
Nothing of B may change, and no response may show B's data."""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.models import TenantOwnedModel
from tests.conftest import client_for
from tests.tenancy.world import World, assert_b_rows_untouched

TAMPERED = "TAMPERED-by-A"


class _FormFields(HTMLParser):
    """The fields a browser would submit from the admin change form (first form on the page
    with a `csrfmiddlewaretoken`-free test client, so every field counts)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).strip()))
            self._textarea = None


def _form(html: str) -> dict[str, list[str]]:
    parser = _FormFields()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def _b_ids_of_related(world: World, model: type) -> list[str]:
    return [str(world.b_row(model).pk)] if model in world.rows_b else []


def test_admin_actions_with_tenant_b_ids_touch_nothing(world: World) -> None:
    problems: list[str] = []
    client = client_for(world.tenant_a, world.admin_a)
    client.raise_request_exception = False
    for model, model_admin in tenant_admin_site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        actions = {
            "delete_selected",
            *(getattr(a, "__name__", str(a)) for a in model_admin.actions),
        }
        for action in sorted(actions):
            response = client.post(
                url,
                {
                    "action": action,
                    "_selected_action": [str(world.b_row(model).pk)],
                    "post": "yes",
                    "index": "0",
                },
            )
            if response.status_code >= 500:
                problems.append(f"{action} on {url}: {response.status_code}")
            if world.leaks(response.content):
                problems.append(f"{action} on {url}: shows tenant B's sentinel")
    assert not problems, "\n".join(problems)
    assert_b_rows_untouched(world)


def _tampered(world: World, model: type, data: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every text value rewritten, every FK and inline id pointed at B's rows."""
    out = {name: list(values) for name, values in data.items()}
    out["tenant"] = [str(world.tenant_b.pk)]
    out["tenant_id"] = [str(world.tenant_b.pk)]
    for field in model._meta.concrete_fields:
        if field.is_relation and field.name in out and field.related_model in world.rows_b:
            out[field.name] = _b_ids_of_related(world, field.related_model)
    for name, values in out.items():
        if name.endswith("-id") and values and values[0]:
            # An inline row's id: swap in B's row of whichever model the inline edits.
            inline_models = [inline.model for inline in tenant_admin_site._registry[model].inlines]
            for inline_model in inline_models:
                if inline_model in world.rows_b:
                    out[name] = [str(world.rows_b[inline_model].pk)]
                    break
        elif (
            values
            and not name.endswith(
                ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
            )
            and name not in ("tenant", "tenant_id")
            and not values[0].isdigit()
            and not values[0].startswith("#")  # colours: keep the form valid where it can be
            and name.rsplit("-", 1)[-1] not in ("timezone", "language", "role", "user")
        ):
            out[name] = [TAMPERED]
    return out


def test_admin_change_forms_with_tenant_b_ids_in_the_body_touch_nothing(world: World) -> None:
    problems: list[str] = []
    posted = saved = 0
    for model in tenant_admin_site._registry:
        row_a = world.rows_a.get(model)
        if row_a is None:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{row_a.pk}/change/"
        client: Client = client_for(world.tenant_a, world.admin_a)
        client.raise_request_exception = False
        page = client.get(url)
        if page.status_code != 200:
            continue
        response = client.post(url, _tampered(world, model, _form(page.content.decode())))
        posted += 1
        saved += response.status_code == 302
        if response.status_code >= 500:
            problems.append(f"POST {url}: {response.status_code}")
        if world.leaks(response.content):
            problems.append(f"POST {url}: shows tenant B's sentinel")
        if isinstance(row_a, TenantOwnedModel):
            with tenant_context(world.tenant_a.pk):
                if not type(row_a)._default_manager.filter(pk=row_a.pk).exists():
                    problems.append(f"POST {url}: A's row moved out of tenant A")
    # Some forms must have been accepted (saved into A), or the test would only prove that
    # invalid forms are rejected.
    assert posted and saved, f"posted {posted} change forms, {saved} saved"
    assert not problems, "\n".join(problems)
    assert_b_rows_untouched(world)
    for model, row in world.rows_b.items():
        values = (
            _values_in(world, model, row.pk)
            if issubclass(model, TenantOwnedModel)
            else list(model._default_manager.filter(pk=row.pk).values())
        )
        assert TAMPERED not in str(values), f"{model._meta.label} of B was written by A"


def _values_in(world: World, model: type, pk: int) -> list[dict[str, object]]:
    with tenant_context(world.tenant_b.pk):
        return list(model._default_manager.filter(pk=pk).values())

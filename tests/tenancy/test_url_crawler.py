"""Crawls every URL of both URLconfs as tenant A's seeker and admin, GET and POST, with tenant B's
ids in every parameter, and looks for tenant B's data in every response.

A sentinel (`SENTINEL-B-<hex>`) is planted in every char/text field of every row tenant B owns
(and B's tenant name, profiles and a B-only user's email); it must never appear in a response to
tenant A's users. A URL carrying one of B's ids must answer exactly like the same URL carrying an
id that exists nowhere ("missing" and "other tenant's" look the same, DESIGN.md wall 2).

Statuses accepted for B's ids are therefore whatever a missing id gets: 404; 403 where the view
needs a role the user lacks (a seeker on /admin/); 302 to sign-in, to /join/ or to the admin
index's "does not exist" message; 405 for a method the view does not take. Never 500, and never
a 200 that a missing id would not also get.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpResponse
from django.test import Client

from accounts.models import Membership, Profile, Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.registry import tenant_owned_models
from tests.conftest import TEST_PASSWORD, client_for, host_of
from tests.tenancy.crawl import MISSING_ID, SKIPPED, Route, fill, routes
from tests.tenancy.world import World, assert_b_rows_untouched

URLCONFS = {"jobmentis.urls": "tenant", "jobmentis.urls_platform": "platform"}
PLATFORM_HOST = settings.PLATFORM_HOSTS[0]
BOGUS = "wallsbogus1"
TENANT_MODELS = tenant_owned_models(apps.get_models())


# --- requests ------------------------------------------------------------------------------------


def _client(world: World, urlconf: str, user: User | None) -> Client:
    client = client_for(world.tenant_a, user) if urlconf != "jobmentis.urls_platform" else None
    if client is None:
        client = Client(HTTP_HOST=PLATFORM_HOST)
        if user is not None:
            client.force_login(user)
    # Record a 500 as a finding and keep crawling, rather than stopping at the first one.
    client.raise_request_exception = False
    return client


@dataclass
class Answer:
    status: int
    location: str
    bodies: list[bytes]


def _body(response: HttpResponse) -> bytes:
    return b"" if getattr(response, "streaming", False) else response.content


class Crawler:
    """Signed-in clients reused across requests (signing in costs more than most pages), and
    a new one whenever a request signed the user out."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.clients: dict[tuple[str, str], tuple[Client, User | None]] = {}
        self.followed: dict[tuple[str, str, str], bytes] = {}

    def request(self, urlconf: str, who: str, user: User | None, method: str, path: str) -> Answer:
        key = (urlconf, who)
        if key not in self.clients:
            self.clients[key] = (_client(self.world, urlconf, user), user)
        client = self.clients[key][0]
        # "*_htmx" identities send HX-Request, so partial templates rendered for htmx are crawled.
        headers = {"HX-Request": "true"} if who.endswith("_htmx") else {}
        response: HttpResponse = client.generic(method, path, headers=headers)  # type: ignore[assignment]
        bodies = [_body(response)]
        location = response.get("Location", "")
        hops, next_url = 0, location
        # Follow same-host redirects so the page a redirect lands on is scanned as well.
        while next_url.startswith("/") and hops < 3:
            memo = (urlconf, who, next_url.split("?", 1)[0])
            if memo in self.followed:
                bodies.append(self.followed[memo])
                break
            followed = client.get(next_url)
            self.followed[memo] = _body(followed)
            bodies.append(self.followed[memo])
            next_url = followed.get("Location", "") if followed.status_code in (301, 302) else ""
            hops += 1
        if method != "GET" and user is not None and "_auth_user_id" not in client.session:
            del self.clients[key]
        return Answer(response.status_code, location, bodies)


def _users(world: World, urlconf: str, *, for_ids: bool = False) -> list[tuple[str, User | None]]:
    users: list[tuple[str, User | None]] = [
        ("seeker_a", world.seeker_a),
        ("admin_a", world.admin_a),
        ("anonymous", None),
    ]
    if not for_ids:
        # Pages render per user (profile, htmx partials); an id in a URL is looked up the same
        # way for every role, so the id crawl keeps to the distinct roles to stay fast.
        users += [("shared_ab", world.shared), ("seeker_a_htmx", world.seeker_a)]
    if urlconf != "jobmentis.urls_platform":
        # On the platform host support staff legitimately see every tenant (support console).
        users.append(("support_on_a", world.support))
    return users


METHODS = ("GET", "POST")
# The crawl is among the slowest tests (hundreds of URLs x users x methods): split into shards that
# xdist spreads over the workers. Every route still lands in exactly one shard.
SHARDS = 2


# --- URL values ----------------------------------------------------------------------------------


def _structural_candidates(param: str) -> list[str]:
    if param == "app_label":
        return sorted({config.label for config in apps.get_app_configs()})
    return [BOGUS, f"{BOGUS}/"]


def _structural_path(route: Route) -> str | None:
    """A path for a route whose parameters are not tenant ids (keys, app labels, catch-alls)."""
    options = [_structural_candidates(param) for param in route.params]
    for combination in itertools.product(*options):
        path = fill(route, dict(zip(route.params, combination, strict=True)))
        if path is not None:
            return path
    return None


def _id_pairs(route: Route, world: World) -> Iterator[tuple[str, str, str]]:
    """(path with B's ids, same path with missing ids, what was filled)."""
    site: AdminSite | None = route.admin_site
    if route.admin_model is not None:
        b_pk = str(world.b_row(route.admin_model).pk)
        yield _pair(
            route,
            dict.fromkeys(route.params, b_pk),
            dict.fromkeys(route.params, str(MISSING_ID)),
            f"{route.admin_model._meta.label} of B",
        )
        return
    if set(route.params) == {"content_type_id", "object_id"} and site is not None:
        for model in site._registry:
            ct = str(ContentType.objects.get_for_model(model).pk)
            b_pk = str(world.b_row(model).pk)
            yield _pair(
                route,
                {"content_type_id": ct, "object_id": b_pk},
                {"content_type_id": ct, "object_id": str(MISSING_ID)},
                f"{model._meta.label} of B",
            )
        return
    seen: set[str] = set()
    for model, row in world.rows_b.items():
        if model is Tenant:
            continue  # small id shared with rows of A in other tables; not a per-row URL value
        # Any identifier of B's row: its pk, and its UUID or slug fields (e.g. a public token).
        for value in _identifiers(row):
            b_path, missing_path, what = _pair(
                route,
                dict.fromkeys(route.params, value),
                dict.fromkeys(route.params, _missing_like(value)),
                f"{model._meta.label} of B",
            )
            if b_path and b_path not in seen:
                seen.add(b_path)
                yield b_path, missing_path, what
    if not seen:
        yield "", "", "no identifier of B's rows fits this URL"


def _identifiers(row: models.Model) -> list[str]:
    values = [str(row.pk)]
    for field in row._meta.concrete_fields:
        if isinstance(field, models.UUIDField | models.SlugField) and not field.primary_key:
            value = getattr(row, field.attname)
            if value:
                values.append(str(value))
    return values


def _missing_like(value: str) -> str:
    if value.isdigit():
        return str(MISSING_ID)
    try:
        uuid.UUID(value)
    except ValueError:
        return "walls-missing-slug"
    return str(uuid.UUID(int=MISSING_ID))


def _pair(
    route: Route, b_values: dict[str, str], missing_values: dict[str, str], what: str
) -> tuple[str, str, str]:
    return fill(route, b_values) or "", fill(route, missing_values) or "", what


def _same_location(b: Answer, missing: Answer, b_path: str, missing_path: str) -> bool:
    return b.location.replace(b_path, "{PATH}") == missing.location.replace(missing_path, "{PATH}")


# --- the crawl -----------------------------------------------------------------------------------


def _all_routes() -> list[Route]:
    return [route for urlconf in URLCONFS for route in routes(urlconf)]


def test_enumeration_covers_both_urlconfs_admin_and_allauth() -> None:
    templates = {(route.urlconf, route.template) for route in _all_routes()}
    assert ("jobmentis.urls", "accounts/login/") in templates
    assert ("jobmentis.urls", "admin/accounts/profile/<path:object_id>/change/") in templates
    assert ("jobmentis.urls_platform", "admin/") in templates
    assert any(route.admin_model is Profile for route in _all_routes())


def test_every_pattern_can_be_crawled(world: World) -> None:
    """New URL shapes must be fillable (or allow-listed with a reason): none is silently
    skipped."""
    unfillable = []
    for route in _all_routes():
        if route.key in SKIPPED:
            continue
        if route.takes_tenant_ids:
            ok = all(b and missing for b, missing, _what in _id_pairs(route, world))
        else:
            ok = _structural_path(route) is not None
        if not ok:
            unfillable.append(route.label)
    assert not unfillable, (
        "The crawler cannot build these URLs. If a parameter is not a row id, list the URL "
        "name in tests/tenancy/crawl.py NOT_TENANT_ID_PARAMS with the reason:\n"
        + "\n".join(unfillable)
    )


def _shard(all_routes: list[Route], shard: int) -> list[Route]:
    """Every SHARDS-th route: the crawl is split so xdist runs the shards on all workers."""
    return [route for index, route in enumerate(all_routes) if index % SHARDS == shard]


def crawl_pages(world: World, urlconfs: dict[str, str], *, shard: int | None = None) -> list[str]:
    """Every URL without tenant ids, GET and POST, as A's users: no 500, no B sentinel."""
    crawler = Crawler(world)
    problems: list[str] = []
    all_routes = [route for urlconf in urlconfs for route in routes(urlconf)]
    for route in all_routes if shard is None else _shard(all_routes, shard):
        if route.key in SKIPPED or route.takes_tenant_ids:
            continue  # id-carrying URLs: see crawl_id_urls
        path = _structural_path(route)
        if path is None:
            continue  # reported by test_every_pattern_can_be_crawled
        for who, user in _users(world, route.urlconf):
            for method in METHODS:
                if who in ("anonymous", "shared_ab") and method != "GET":
                    # An anonymous POST reaches no more data than its GET; the shared user's
                    # POSTs are the seeker's POSTs (what differs for them is what pages show).
                    continue
                answer = crawler.request(route.urlconf, who, user, method, path)
                where = f"{method} {route.urlconf} {path} as {who}"
                if answer.status >= 500:
                    problems.append(f"{where}: {answer.status}")
                if any(world.leaks(body) for body in answer.bodies):
                    problems.append(f"{where}: shows tenant B's sentinel")
    return problems


def crawl_id_urls(world: World, urlconfs: dict[str, str], *, shard: int | None = None) -> list[str]:
    """Every URL with parameters, filled with B's ids and with a missing id, GET and POST, as
    A's users: B's id must answer exactly like the missing one, never 500, never show B."""
    crawler = Crawler(world)
    problems: list[str] = []
    all_routes = [route for urlconf in urlconfs for route in routes(urlconf)]
    for route in all_routes if shard is None else _shard(all_routes, shard):
        if route.key in SKIPPED or not route.takes_tenant_ids:
            continue
        for b_path, missing_path, what in _id_pairs(route, world):
            for who, user in _users(world, route.urlconf, for_ids=True):
                for method in METHODS:
                    where = f"{method} {route.urlconf} {b_path} ({what}) as {who}"
                    b = crawler.request(route.urlconf, who, user, method, b_path)
                    missing = crawler.request(route.urlconf, who, user, method, missing_path)
                    if b.status >= 500:
                        problems.append(f"{where}: {b.status}")
                    if b.status != missing.status:
                        problems.append(
                            f"{where}: {b.status}, but {missing.status} for a missing id"
                        )
                    elif not _same_location(b, missing, b_path, missing_path):
                        problems.append(
                            f"{where}: redirects to {b.location!r}, a missing id to "
                            f"{missing.location!r}"
                        )
                    if any(world.leaks(body) for body in b.bodies):
                        problems.append(f"{where}: shows tenant B's sentinel")
    return problems


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("urlconf", URLCONFS)
def test_no_page_shows_tenant_b_data_to_tenant_a_users(
    world: World, urlconf: str, shard: int
) -> None:
    problems = crawl_pages(world, {urlconf: URLCONFS[urlconf]}, shard=shard)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("urlconf", URLCONFS)
def test_urls_with_tenant_b_ids_answer_like_missing_ids(
    world: World, urlconf: str, shard: int
) -> None:
    problems = crawl_id_urls(world, {urlconf: URLCONFS[urlconf]}, shard=shard)
    assert not problems, "\n".join(problems)
    assert_b_rows_untouched(world)


@pytest.mark.urls("tests.tenancy.leaky_urls")
def test_crawler_catches_a_leaky_view_added_to_the_urlconf(world: World) -> None:
    """Guards the crawler itself: deliberately leaky views, added without touching this file,
    are found by both crawls."""
    pages = crawl_pages(world, {"tests.tenancy.leaky_urls": "tenant"})
    assert any("/leaky/recent-users/" in p and "sentinel" in p for p in pages), pages
    id_urls = crawl_id_urls(world, {"tests.tenancy.leaky_urls": "tenant"})
    assert any("/leaky/users/" in p and "for a missing id" in p for p in id_urls), id_urls
    assert any("/leaky/users/" in p and "sentinel" in p for p in id_urls), id_urls
    assert any("/leaky/crash/" in p and ": 500" in p for p in id_urls), id_urls


def test_positive_control_admin_a_can_open_own_rows_in_the_tenant_admin(world: World) -> None:
    """Guards the crawl: the same URL builder reaches real change forms for A's own rows, so a
    404 for B's ids above means "hidden", not "URL built wrong"."""
    opened = []
    for route in routes("jobmentis.urls"):
        if route.admin_model is None or not route.template.endswith("/change/"):
            continue
        path = fill(route, {"object_id": str(world.a_row(route.admin_model).pk)})
        assert path is not None
        response = client_for(world.tenant_a, world.admin_a).get(path)
        assert response.status_code == 200, path
        assert not world.leaks(response.content), f"{path}: change form offers B's data"
        opened.append(path)
    assert opened
    # A user who is also a member of B: A's admin shows the account with A's profile only.
    response = client_for(world.tenant_a, world.admin_a).get(
        f"/admin/accounts/user/{world.shared.pk}/change/"
    )
    assert response.status_code == 200
    assert b"Sam Shared" in response.content
    assert not world.leaks(response.content)
    # Support staff do reach A's admin in the crawl (so its "no B data" result means something).
    response = client_for(world.tenant_a, world.support).get("/admin/accounts/profile/")
    assert response.status_code == 200
    assert b"Sam Shared" in response.content


# --- admin changelists, filters, autocomplete -----------------------------------------------


def _changelist_queries(model: type[models.Model], world: World) -> Iterator[str]:
    probe = world.sentinel[:-2]  # a prefix: echoing the search term must not count as a leak
    yield f"?q={probe}"
    yield f"?q={world.sentinel.lower()[:-2]}"
    for field in model._meta.get_fields():
        if not (field.is_relation and (field.many_to_one or field.one_to_one)):
            continue
        related = field.related_model
        if not isinstance(related, type) or related not in world.rows_b:
            continue
        b_pk = world.rows_b[related].pk
        yield f"?{field.name}__id__exact={b_pk}"
        yield f"?{field.name}={b_pk}"
        yield f"?{field.name}__exact={b_pk}"
    for name in ("pk__exact", "id__exact", "id"):
        yield f"?{name}={world.b_row(model).pk}"


def test_tenant_admin_changelists_filters_and_search_hide_tenant_b(world: World) -> None:
    from jobmentis.admin_sites import tenant_admin_site

    crawler = Crawler(world)
    problems: list[str] = []
    for model in tenant_admin_site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for query in ["", *_changelist_queries(model, world)]:
            for who, user in (("admin_a", world.admin_a), ("seeker_a", world.seeker_a)):
                answer = crawler.request("jobmentis.urls", who, user, "GET", base + query)
                if answer.status >= 500:
                    problems.append(f"{base}{query} as {who}: {answer.status}")
                if any(world.leaks(body) for body in answer.bodies):
                    problems.append(f"{base}{query} as {who}: shows tenant B's sentinel")
    assert not problems, "\n".join(problems)


def test_tenant_admin_autocomplete_offers_no_tenant_b_rows(world: World) -> None:
    from jobmentis.admin_sites import tenant_admin_site

    problems: list[str] = []
    probe = world.sentinel[:-2]
    for model in tenant_admin_site._registry:
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete) or field.name == "tenant":
                continue
            for term in (probe, probe.lower(), ""):
                query = (
                    f"/admin/autocomplete/?app_label={model._meta.app_label}"
                    f"&model_name={model._meta.model_name}&field_name={field.name}&term={term}"
                )
                response = client_for(world.tenant_a, world.admin_a).get(query)
                if response.status_code >= 500:
                    problems.append(f"{query}: {response.status_code}")
                if world.leaks(response.content):
                    problems.append(f"{query}: offers tenant B's rows")
                related = field.related_model
                if response.status_code == 200 and related in world.rows_b:
                    b_id = str(world.rows_b[related].pk)  # type: ignore[index]
                    if any(result["id"] == b_id for result in response.json()["results"]):
                        problems.append(f"{query}: offers B's {related._meta.label}")  # type: ignore[union-attr]
    assert not problems, "\n".join(problems)


# --- sessions across hosts -----------------------------------------------------------------------


def test_session_cookie_from_tenant_a_is_refused_on_tenant_b(world: World) -> None:
    client_a = Client(HTTP_HOST=host_of(world.tenant_a))
    signed_in = client_a.post(
        "/accounts/login/", {"login": world.seeker_a.email, "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302
    # Host-only: no Domain attribute, so browsers never send it to a sibling tenant's host.
    assert signed_in.cookies[settings.SESSION_COOKIE_NAME]["domain"] == ""
    assert client_a.get("/dashboard/").status_code == 200
    cookie = client_a.cookies[settings.SESSION_COOKIE_NAME].value

    client_b = Client(HTTP_HOST=host_of(world.tenant_b))
    client_b.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client_b.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # The copied session was flushed: not signed in on B, and the stolen cookie is dead on A too.
    assert client_b.get("/dashboard/").status_code == 302
    assert client_a.get("/dashboard/").status_code == 302


def test_member_of_a_is_refused_on_invite_only_tenant_b(world: World) -> None:
    assert not world.tenant_b.allow_self_signup
    client = client_for(world.tenant_b, world.seeker_a)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/join/"
    assert client.get("/join/").status_code == 403
    assert client.post("/join/").status_code == 403
    with tenant_context(world.tenant_b.pk):
        assert not Membership.objects.filter(user=world.seeker_a).exists()
    assert client.get("/admin/").status_code in (302, 403)

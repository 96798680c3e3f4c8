"""URL enumeration for the tenancy crawler: every pattern of a URLconf, recursively (admin sites
and allauth included), turned into concrete URLs whose parameters are filled with another
tenant's ids. Automatic on purpose: a URL added tomorrow is crawled without editing the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.admin import AdminSite
from django.db import models
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

# Patterns whose parameters are not tenant ids (keys, tokens, structural values). They are still
# requested (with a bogus value) and must not 500 or show tenant B's data, but the "B's id answers
# like a missing id" comparison does not apply. Keyed by URL name; reason alongside.
NOT_TENANT_ID_PARAMS: dict[str, str] = {
    "account_confirm_email": "allauth email-confirmation key (HMAC), not a row id",
    "account_reset_password_from_key": "allauth password-reset uidb36 + token, not a row id",
    "app_list": "admin app index: the parameter is an app label from a fixed regex",
    "admin/(?P<url>.*)": "admin catch-all (final_catch_all_view): any unknown admin path",
    "jobs_calendar_feed": "secret calendar-feed token (capability URL), not a row id",
    "jobs_board_more": "a board column's status (a fixed choice), not a row id",
    "marketing_confirm": "signed newsletter-confirmation token, not a row id",
    "marketing_unsubscribe": "signed one-click unsubscribe token, not a row id",
    "email_preview_render": "email template key (a fixed catalogue), not a row id",
}
# Never requested at all.
SKIPPED: dict[str, str] = {
    "health": "no tenant data; covered by tests/tenancy/test_middleware.py (pings the worker)",
}
# A value no row will ever have, to compare "other tenant's id" with "missing id".
MISSING_ID = 2_000_000_000

# `<int:pk>` of path(), but not the `<name>` of a regex group `(?P<name>...)`.
_ROUTE_PARAM = re.compile(r"(?<!\(\?P)<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    urlconf: str
    template: str  # e.g. "admin/accounts/profile/<path:object_id>/change/"
    name: str | None
    callback: Callable[..., Any]
    params: tuple[str, ...]
    admin_site: AdminSite | None = None
    admin_model: type[models.Model] | None = None

    @property
    def label(self) -> str:
        return f"{self.urlconf}:/{self.template}"

    @property
    def key(self) -> str:
        """How the allow-lists refer to this route: its name, or its template if unnamed."""
        return self.name or self.template

    @property
    def takes_tenant_ids(self) -> bool:
        return bool(self.params) and self.key not in NOT_TENANT_ID_PARAMS


def _pattern_text(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    if isinstance(pattern, RegexPattern):
        text = str(pattern.regex.pattern)
        return text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    raise TypeError(f"Unknown URL pattern type {type(pattern).__name__}")


def _regex_params(text: str) -> list[str]:
    return re.findall(r"\(\?P<(\w+)>", text)


def _admin_site_of(resolver: URLResolver) -> AdminSite | None:
    for pattern in resolver.url_patterns:
        site = getattr(getattr(pattern, "callback", None), "admin_site", None)
        if isinstance(site, AdminSite):
            return site
    return None


def routes(urlconf: str) -> list[Route]:
    """Every URL pattern of `urlconf`, flattened."""
    found: list[Route] = []

    def walk(patterns: list[Any], prefix: str, site: AdminSite | None, site_prefix: str) -> None:
        for pattern in patterns:
            text = _pattern_text(pattern.pattern)
            template = prefix + text
            if isinstance(pattern, URLResolver):
                inner_site = site
                inner_prefix = site_prefix
                if pattern.app_name == "admin":
                    inner_site = _admin_site_of(pattern)
                    inner_prefix = template
                walk(pattern.url_patterns, template, inner_site, inner_prefix)
                continue
            assert isinstance(pattern, URLPattern)
            params = tuple(dict.fromkeys([*_regex_params(template), *_route_names(template)]))
            found.append(
                Route(
                    urlconf=urlconf,
                    template=template,
                    name=pattern.name,
                    callback=pattern.callback,
                    params=params,
                    admin_site=site,
                    admin_model=_admin_model(site, site_prefix, template),
                )
            )

    walk(get_resolver(urlconf).url_patterns, "", None, "")
    return found


def _route_names(template: str) -> list[str]:
    return [m["name"] for m in _ROUTE_PARAM.finditer(template)]


def _admin_model(
    site: AdminSite | None, site_prefix: str, template: str
) -> type[models.Model] | None:
    if site is None or not template.startswith(site_prefix):
        return None
    rest = template[len(site_prefix) :].split("/")
    if len(rest) < 3:
        return None
    for model in site._registry:
        if (model._meta.app_label, model._meta.model_name) == (rest[0], rest[1]):
            return model
    return None


def fill(route: Route, values: dict[str, str]) -> str | None:
    """The concrete path for `values`, or None when they do not fit the pattern."""
    text = route.template

    def route_param(match: re.Match[str]) -> str:
        return values[match["name"]]

    text = _ROUTE_PARAM.sub(route_param, text)
    # Regex groups: replace each (?P<name>...) with its value, respecting nested parentheses.
    while (start := text.find("(?P<")) != -1:
        name = text[start + 4 : text.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(text)):
            if text[end] == "(" and (end == 0 or text[end - 1] != "\\"):
                depth += 1
            elif text[end] == ")" and text[end - 1] != "\\":
                depth -= 1
                if depth == 0:
                    break
        text = text[:start] + values[name] + text[end + 1 :]
    text = text.replace("^", "").replace("$", "").replace("\\", "")
    if any(ch in text for ch in "()[]*+?|"):
        return None
    path = "/" + text
    try:
        match = resolve(path, urlconf=route.urlconf)
    except Resolver404:
        return None
    return path if match.func is route.callback else None


def iter_routes(*urlconfs: str) -> Iterator[Route]:
    for urlconf in urlconfs:
        yield from routes(urlconf)

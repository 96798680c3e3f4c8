"""The board with many cards: a capped first page per column, "Show more" through htmx in the
board's order, one shared Move menu (no per-card forms), and constant queries."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application
from jobs.selectors import BOARD_CARDS_PER_COLUMN
from tests.conftest import client_for
from tests.jobs.conftest import make_application

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _seed(tenant: Tenant, user: User, n: int, status: str = "applied") -> None:
    for i in range(n):
        make_application(tenant, user, company=f"Co {i:03d}", title=f"Role {i:03d}", status=status)


def _titles(html: str) -> list[str]:
    return re.findall(r'class="job-card__title" href="/jobs/\d+/">([^<]+)<', html)


def _board_order(tenant: Tenant, user: User, status: str) -> list[str]:
    with tenant_context(tenant.pk):
        return list(
            Application.objects.filter(user=user, status=status)
            .order_by("position", "-id")
            .values_list("title", flat=True)
        )


def test_a_full_column_shows_its_first_cards_and_show_more_loads_the_rest(
    tenant_a: Tenant, seeker_a: User
) -> None:
    total = BOARD_CARDS_PER_COLUMN + 7
    _seed(tenant_a, seeker_a, total)
    client = client_for(tenant_a, seeker_a)
    board = client.get("/jobs/").content.decode()
    order = _board_order(tenant_a, seeker_a, "applied")
    assert _titles(board) == order[:BOARD_CARDS_PER_COLUMN]
    assert "Show more (7 left)" in board
    more_url = f"/jobs/board/applied/more/?offset={BOARD_CARDS_PER_COLUMN}"
    assert f'hx-get="{more_url}"' in board
    assert 'href="/jobs/list/?status=applied"' in board  # without JS: the filtered list

    more = client.get(more_url, **HTMX)
    html = more.content.decode()
    assert more.status_code == 200 and "<html" not in html
    assert _titles(html) == order[BOARD_CARDS_PER_COLUMN:]
    assert "Show more" not in html  # nothing left after these


def test_show_more_pages_on_and_refuses_unknown_columns(tenant_a: Tenant, seeker_a: User) -> None:
    _seed(tenant_a, seeker_a, 5)
    client = client_for(tenant_a, seeker_a)
    order = _board_order(tenant_a, seeker_a, "applied")
    page = client.get("/jobs/board/applied/more/?offset=2", **HTMX).content.decode()
    assert _titles(page) == order[2:]
    assert client.get("/jobs/board/archived/more/").status_code == 404
    assert client.get("/jobs/board/applied/more/?offset=x").status_code == 200  # from the top


def test_show_more_lists_only_the_users_own_cards(
    tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    _seed(tenant_a, admin_a, 3)
    html = client_for(tenant_a, seeker_a).get("/jobs/board/applied/more/").content.decode()
    assert _titles(html) == []


def test_the_board_carries_one_move_menu_not_one_form_per_card(
    tenant_a: Tenant, seeker_a: User
) -> None:
    _seed(tenant_a, seeker_a, 6)
    html = client_for(tenant_a, seeker_a).get("/jobs/").content.decode()
    assert html.count('role="menu"') == 1
    assert html.count("data-move-to=") == 9  # one item per status, once
    assert html.count("data-move-open") == 6
    assert "<form" not in html.split('id="board"', 1)[1].split('id="board-live"', 1)[0]
    # Without JavaScript, Move leads to the application's status form.
    with tenant_context(tenant_a.pk):
        first = Application.objects.filter(user=seeker_a).first()
    assert first is not None
    assert f'href="/jobs/{first.pk}/#status-select"' in html
    assert f'data-move-url="/jobs/{first.pk}/move/"' in html
    assert f'aria-label="Move {first.title} at {first.company} (now in Applied)"' in html


def test_show_more_runs_the_same_queries_for_any_column_size(
    tenant_a: Tenant, seeker_a: User, django_assert_num_queries: Any
) -> None:
    client = client_for(tenant_a, seeker_a)
    _seed(tenant_a, seeker_a, 3)
    path = "/jobs/board/applied/more/?offset=1"
    client.get(path, **HTMX)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(path, **HTMX)
    _seed(tenant_a, seeker_a, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(path, **HTMX).status_code == 200

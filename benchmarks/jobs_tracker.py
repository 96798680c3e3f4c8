"""Benchmark the job tracker's pages on real volumes: board, list, dashboard and search.

    .venv/bin/python benchmarks/jobs_tracker.py [--scale 1.0] [--runs 30] [--reseed]

Seeds (once; reused on later runs unless --reseed) a dedicated database (`--database`, default
`jobmentis_bench_jobs`, provisioned by `db_provision` and migrated as the owner role, so dev data
is untouched) with one benchmark tenant holding 100,000 applications x scale, 10,000 x scale of
them belonging to the benchmark user (the rest spread over 30 other users), with tags, timeline
events and interviews. Rows go in with batched, pipelined INSERTs inside the tenant's context
(RLS applies: rows are written as the app role, like production; COPY is refused on RLS tables).

Then every page is requested `--runs` times in this process through Django's test client on the
tenant's host, signed in as the benchmark user (full middleware stack, tenant transaction, RLS,
template rendering), and the server time is reported as p50/p95 with the page's query count.
Search requests rotate through several queries (prefix, two words, a word from the notes).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_TENANT_SLUG = "bench-jobs"
BENCH_USER_EMAIL = "bench-jobs@jobmentis.example"
OTHER_USERS = 30
STATUSES = [
    "wishlist",
    "applied",
    "applied",
    "screening",
    "interviewing",
    "offer",
    "accepted",
    "rejected",
    "rejected",
    "withdrawn",
    "no_response",
]
STAGE = {"wishlist": 0, "applied": 1, "screening": 2, "interviewing": 3, "offer": 4, "accepted": 5}
COMPANIES = [
    "Initech",
    "Globex",
    "Hooli",
    "Umbrella",
    "Stark Industries",
    "Wayne Enterprises",
    "Acme",
    "Soylent",
    "Cyberdyne",
    "Tyrell",
    "Wonka",
    "Aperture",
    "Black Mesa",
    "Vandelay",
    "Dunder",
]
TITLES = [
    "Data Analyst",
    "Backend Engineer",
    "Product Manager",
    "Data Scientist",
    "BI Developer",
    "Frontend Developer",
    "DevOps Engineer",
    "Analytics Engineer",
    "UX Researcher",
    "QA Engineer",
]
SEARCHES = ["initech", "data analyst", "globex backend", "pycon", "eng", "wonka product"]


def _configure_environment(database: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobmentis.settings.dev")
    os.environ["DATABASE_NAME"] = database
    os.environ.setdefault("DJANGO_DEBUG", "false")  # no query log growing during the runs
    os.environ["CACHE_KEY_PREFIX"] = f"jmbenchjobs{os.getpid()}"


def _prepare_database() -> None:
    from django.core.management import call_command

    call_command("db_provision", stdout=io.StringIO())
    call_command("migrate", database="owner", verbosity=0, interactive=False)


def _users(tenant: Any) -> tuple[Any, list[Any]]:
    from accounts.models import User
    from accounts.services import user_create_in_tenant

    def get(email: str) -> Any:
        return User.objects.filter(email=email).first() or user_create_in_tenant(
            tenant=tenant, email=email, password=uuid.uuid4().hex, full_name="Bench"
        )

    return get(BENCH_USER_EMAIL), [
        get(f"bench-jobs-{i}@jobmentis.example") for i in range(OTHER_USERS)
    ]


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def _insert(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Batched executemany (psycopg pipelines it). Not COPY: PostgreSQL refuses COPY FROM on a
    table with row-level security, and the rows must go through RLS like production writes."""
    from django.db import connection

    cols = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608 - fixed identifiers
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def _seed(tenant: Any, user: Any, others: list[Any], *, mine: int, total: int) -> float:
    from django.db import connection

    from jobmentis.tenancy.context import tenant_context
    from jobs.models import Application

    started = time.perf_counter()
    rng = random.Random(42)  # noqa: S311 - reproducible data, not secrets
    now = datetime.now(UTC)
    with tenant_context(tenant.pk):
        Application.objects.all().delete()  # cascades to tags, activities, interviews
        from jobs.models import Tag

        Tag.objects.all().delete()

        def app_rows() -> Iterable[tuple[Any, ...]]:
            for i in range(total):
                owner = user if i < mine else others[i % len(others)]
                status = STATUSES[i % len(STATUSES)]
                created = now - timedelta(minutes=i * 7)
                applied = None if status == "wishlist" else (created + timedelta(days=1)).date()
                low = rng.randrange(30, 120) * 1000
                yield (
                    tenant.pk,
                    owner.pk,
                    rng.choice(COMPANIES) + f" {i % 997}",
                    rng.choice(TITLES),
                    "",
                    "",
                    "Remote" if i % 3 else "Berlin",
                    "remote" if i % 3 else "hybrid",
                    "permanent",
                    low,
                    low + 15000,
                    "EUR",
                    "year",
                    "LinkedIn",
                    status,
                    "role_filled" if status == "rejected" else "",
                    i,
                    2,
                    applied,
                    (now + timedelta(days=(i % 60) - 20)).date() if i % 4 == 0 else None,
                    None,
                    "met the team at PyCon" if i % 50 == 0 else "",
                    "",
                    None,
                    created,
                    created,
                    created,
                    STAGE.get(status, 1 if applied else 0),
                )

        _insert(
            "jobs_application",
            [
                "tenant_id",
                "user_id",
                "company",
                "title",
                "url",
                "description",
                "location",
                "workplace_type",
                "contract_type",
                "salary_min",
                "salary_max",
                "salary_currency",
                "salary_period",
                "source",
                "status",
                "closing_reason",
                "position",
                "priority",
                "applied_on",
                "deadline",
                "follow_up_on",
                "notes",
                "cover_letter",
                "match_score",
                "status_changed_at",
                "created_at",
                "updated_at",
                "furthest_stage",
            ],
            app_rows(),
        )
        tag_ids = []
        for name in ("remote", "python", "dream job", "startup", "relocation"):
            tag_ids.append(Tag.objects.create(user=user, name=name).pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, created_at FROM jobs_application WHERE user_id = %s ORDER BY id",
                [user.pk],
            )
            mine_rows = cursor.fetchall()
        _insert(
            "jobs_applicationtag",
            ["tenant_id", "application_id", "tag_id"],
            (
                (tenant.pk, app_id, tag_ids[n % len(tag_ids)])
                for n, (app_id, _) in enumerate(mine_rows)
            ),
        )
        _insert(
            "jobs_activity",
            [
                "tenant_id",
                "application_id",
                "user_id",
                "kind",
                "from_status",
                "to_status",
                "body",
                "created_at",
            ],
            (
                (
                    tenant.pk,
                    app_id,
                    user.pk,
                    kind,
                    "",
                    "applied" if kind == "created" else "",
                    "" if kind == "created" else "Called the recruiter",
                    created,
                )
                for app_id, created in mine_rows
                for kind in ("created", "note")
            ),
        )
        _insert(
            "jobs_interview",
            [
                "tenant_id",
                "application_id",
                "user_id",
                "starts_at",
                "time_zone",
                "duration_minutes",
                "kind",
                "location",
                "interviewers",
                "prep_notes",
                "outcome",
                "outcome_notes",
                "sequence",
                "created_at",
                "updated_at",
            ],
            (
                (
                    tenant.pk,
                    app_id,
                    user.pk,
                    now + timedelta(hours=n * 5 - 1000),
                    "UTC",
                    60,
                    "video",
                    "",
                    "",
                    "",
                    "pending",
                    "",
                    0,
                    now,
                    now,
                )
                for n, (app_id, _) in enumerate(mine_rows[:: max(1, len(mine_rows) // 500)])
            ),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobs_application")
    return time.perf_counter() - started


def _seeded_counts(tenant: Any, user: Any) -> tuple[int, int]:
    from jobmentis.tenancy.context import tenant_context
    from jobs.models import Application

    with tenant_context(tenant.pk):
        return Application.objects.filter(user=user).count(), Application.objects.count()


def _measure(client: Any, paths: Callable[[int], str], runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(paths(0))  # warm-up (template loading, caches)
    timings = []
    queries = 0
    for n in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(paths(n))
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{paths(n)} answered {response.status_code}")
        queries = len(ctx.captured_queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 10k user / 100k tenant")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database", default="jobmentis_bench_jobs")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    _configure_environment(args.database)

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from accounts.models import Tenant
    from accounts.services import tenant_create

    # Without DEBUG the manifest storage wants collectstatic; page timings do not depend on it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    _prepare_database()
    tenant = Tenant.objects.filter(slug=BENCH_TENANT_SLUG).first() or tenant_create(
        name="Tracker benchmark", slug=BENCH_TENANT_SLUG
    )
    user, others = _users(tenant)
    mine, total = round(10_000 * args.scale), round(100_000 * args.scale)
    if args.reseed or _seeded_counts(tenant, user) != (mine, total):
        seconds = _seed(tenant, user, others, mine=mine, total=total)
        _say(f"seeded {total:,} applications ({mine:,} for the user) in {seconds:.1f}s")
    have_mine, have_total = _seeded_counts(tenant, user)
    _say(f"tenant: {have_total:,} applications; user: {have_mine:,} applications")

    host = f"{tenant.slug}.{settings.TENANT_BASE_DOMAIN}"
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    session = client.session
    session["jm_tenant_id"] = tenant.pk
    session.save()

    pages: dict[str, Callable[[int], str]] = {
        "board": lambda n: "/jobs/",
        "list": lambda n: f"/jobs/list/?page={1 + n % 5}",
        "list (filtered, sorted by salary)": lambda n: (
            f"/jobs/list/?status=applied&status=interviewing&salary_min=60000&sort=-salary"
            f"&page={1 + n % 3}"
        ),
        "dashboard": lambda n: "/dashboard/",
        "search": lambda n: f"/jobs/list/?q={SEARCHES[n % len(SEARCHES)].replace(' ', '+')}",
    }
    _say(f"\n{'page':36} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}   ({args.runs} runs)")
    for name, path in pages.items():
        p50, p95, queries = _measure(client, path, args.runs)
        _say(f"{name:36} {p50:8.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()

"""Benchmark the privacy engine on a heavy user: time to export, time to erase.

    .venv/bin/python benchmarks/privacy_heavy_user.py [--applications 1000] [--cvs 20]
                                                      [--cv-kb 150] [--database NAME]

Self-contained: it provisions (or reuses) a dedicated database (default `jobmentis_bench`,
created by `db_provision` and migrated as the owner role, so dev data is untouched), a private
media folder and receipts ledger in a temporary directory, and a benchmark tenant. It seeds one
user with --cvs CVs (files of --cv-kb KiB, a parse result, 5 match scores each), 200 AI usage
rows, and --applications job applications (`jobs.services.application_create`)
Then, in this process, through the same services the views and tasks call:
  * export: `export_request` + the build (JSON + files + Art. 15 facts, zipped);
  * erasure: `erasure_request` (immediate part: sessions, files) + `erasure_run` (plan, steps,
    verification, receipt).
Prints each phase's wall time, the archive size and the erasure's step count. The user is gone
at the end (that is the benchmark); the tenant stays for the next run.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_TENANT_SLUG = "privacy-bench"


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


def _configure(args: argparse.Namespace, scratch: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobmentis.settings.dev")
    os.environ["DATABASE_NAME"] = args.database
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ["CACHE_KEY_PREFIX"] = f"jmbench{os.getpid()}"
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    os.environ["PRIVACY_LEDGER_DIR"] = str(scratch / "ledger")


def _seed(args: argparse.Namespace) -> tuple[Any, Any, int]:
    from django.core.files.base import ContentFile

    from accounts.models import Tenant
    from accounts.services import tenant_create, user_create_in_tenant
    from jobmentis.ai.models import AIUsageEvent
    from jobmentis.tenancy.context import tenant_context
    from jobs.services import application_create
    from resumes.models import MatchScore, Resume

    tenant = Tenant.objects.filter(slug=BENCH_TENANT_SLUG).first() or tenant_create(
        name="Privacy benchmark", slug=BENCH_TENANT_SLUG
    )
    email = f"heavy-{uuid.uuid4().hex[:8]}@privacy-bench.example"
    user = user_create_in_tenant(
        tenant=tenant, email=email, password=uuid.uuid4().hex, full_name="Heavy User"
    )
    payload = os.urandom(args.cv_kb * 1024)
    applications = 0
    with tenant_context(tenant.pk):
        for i in range(args.cvs):
            resume = Resume(
                user=user,
                title=f"CV {i}",
                kind=Resume.Kind.PDF,
                original_filename=f"cv-{i}.pdf",
                size=len(payload),
                status=Resume.Status.PARSED,
                parsed_data={"basics": {"name": "Heavy User"}, "work": [{"name": "X"}] * 10},
            )
            resume.save()
            resume.file.save(f"cv{i}.pdf", ContentFile(payload), save=True)
            MatchScore.objects.bulk_create(
                MatchScore(
                    tenant_id=tenant.pk,
                    resume=resume,
                    user=user,
                    job_title="Analyst",
                    job_description="words " * 300,
                    score=60,
                    engine_version="1",
                )
                for _ in range(5)
            )
        AIUsageEvent.objects.bulk_create(
            AIUsageEvent(
                tenant_id=tenant.pk, user=user, feature="cv", provider="local", status="ok"
            )
            for _ in range(200)
        )
        for i in range(args.applications):
            application_create(user=user, tenant=tenant, company=f"Company {i}", title=f"Role {i}")
            applications += 1
    return tenant, user, applications


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--cvs", type=int, default=20)
    parser.add_argument("--cv-kb", type=int, default=150)
    parser.add_argument("--database", default="jobmentis_bench")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="privacy-bench-"))
    _configure(args, scratch)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("db_provision", stdout=io.StringIO())
    call_command("migrate", database="owner", verbosity=0, interactive=False)

    from jobmentis.tenancy.context import tenant_context
    from privacy.erasure import erasure_run
    from privacy.export import export_build
    from privacy.models import ErasureStep
    from privacy.services import erasure_request, erasure_suspend, export_request

    started = time.perf_counter()
    tenant, user, applications = _seed(args)
    seeded = time.perf_counter() - started
    out(
        f"seeded: {args.cvs} CVs x {args.cv_kb} KiB, {args.cvs * 5} match scores, "
        f"200 AI usage rows, {applications} applications in {seeded:.2f} s"
    )

    started = time.perf_counter()
    export = export_request(user=user, tenant=tenant)
    with tenant_context(tenant.pk):
        export = export_build(export_id=export.pk)
    export_seconds = time.perf_counter() - started
    out(f"export:  {export_seconds:.2f} s, archive {export.size / 1024 / 1024:.1f} MiB")

    started = time.perf_counter()
    request = erasure_request(user=user, tenant=tenant)
    erasure_suspend(request_id=request.pk, tenant_id=tenant.pk)
    immediate = time.perf_counter() - started
    started = time.perf_counter()
    erasure_run(request_id=request.pk, tenant_id=tenant.pk)
    erase_seconds = time.perf_counter() - started
    with tenant_context(tenant.pk):
        steps = ErasureStep.objects.filter(request_id=request.pk).count()
    out(
        f"erasure: immediate part {immediate:.2f} s; "
        f"full erase {erase_seconds:.2f} s ({steps} steps, verified)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

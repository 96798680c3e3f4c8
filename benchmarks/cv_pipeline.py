"""Benchmark the CV pipeline end to end: upload → Celery worker → parsed, on real volumes.

    .venv/bin/python benchmarks/cv_pipeline.py [--count 50] [--latency-count 10]
                                               [--concurrency 2] [--timeout 300]

Self-contained and bounded: it provisions (or reuses) a dedicated database (`--database`,
default `jobmentis_bench`, created by `db_provision` and migrated as the owner role, so the dev
data is untouched), a benchmark tenant and user in it, a private media folder in a temporary
directory (unless FILE_STORAGE_BACKEND=s3), and starts its own Celery worker on a queue of its
own, which it stops at the end. CVs come from the public corpus (corpus/files, PDF and DOCX) and
go through the same service the upload view calls (validate_resume_file + resume_upload, in a
tenant context whose commit queues the parse, as a request's does).

Figures:
- text extraction only, in this process (pdf_text / docx_text) and through the sandboxed child
  process the worker uses (run_sandboxed), in pages/s and CVs/s;
- upload→parsed latency (p50/p95/max) on an idle system (one CV at a time) and under a burst
  of --count uploads; latency runs from the start of the upload call to the worker's parsed_at;
- end-to-end throughput of the burst (first upload started → last CV parsed), with the worker
  concurrency stated.

Every CV row, stored file and AI usage row it created is deleted at the end (the tenant and
user stay for the next run). Exits 1 if any CV failed to parse or the run timed out.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FILES = ROOT / "corpus" / "files"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_TENANT_SLUG = "cv-bench"
BENCH_USER_EMAIL = "bench@cv-bench.example"
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class CorpusFile:
    name: str
    content: bytes

    @property
    def kind(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass
class Upload:
    file: CorpusFile
    resume_id: int
    started: float  # wall clock (time.time) when the upload call began
    upload_seconds: float


@dataclass(frozen=True)
class Outcome:
    status: str
    error_code: str
    pages: int
    parsed_at: float | None


# --- set-up -------------------------------------------------------------------------------------


def _configure_environment(args: argparse.Namespace, media_dir: Path) -> str:
    """Environment shared by this process and the worker it starts (read by the settings)."""
    queue = f"jobmentis-bench-{os.getpid()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobmentis.settings.dev")
    os.environ["DATABASE_NAME"] = args.database
    os.environ["CELERY_QUEUE"] = queue
    os.environ.setdefault("DJANGO_DEBUG", "false")  # no query log growing in either process
    os.environ["CACHE_KEY_PREFIX"] = f"jmbench{os.getpid()}"
    if os.environ.get("FILE_STORAGE_BACKEND", "local") == "local":
        os.environ["MEDIA_ROOT"] = str(media_dir)
    return queue


def _corpus(count: int) -> list[CorpusFile]:
    """`count` corpus files, PDF and DOCX alternating; cycles when count exceeds the corpus."""
    pdfs = sorted(CORPUS_FILES.glob("*.pdf"))
    docxs = sorted(CORPUS_FILES.glob("*.docx"))
    interleaved: list[Path] = []
    for index in range(max(len(pdfs), len(docxs))):
        interleaved.extend(group[index] for group in (pdfs, docxs) if index < len(group))
    if not interleaved:
        raise SystemExit(f"No corpus files in {CORPUS_FILES}")
    chosen = [interleaved[i % len(interleaved)] for i in range(count)]
    return [CorpusFile(name=path.name, content=path.read_bytes()) for path in chosen]


def _prepare_database() -> None:
    from django.core.management import call_command

    call_command("db_provision", stdout=io.StringIO())
    call_command("migrate", database="owner", verbosity=0, interactive=False)


def _bench_tenant_and_user() -> tuple[Any, Any]:
    from accounts.models import Tenant, User
    from accounts.services import tenant_create, user_create_in_tenant

    tenant = Tenant.objects.filter(slug=BENCH_TENANT_SLUG).first()
    if tenant is None:
        tenant = tenant_create(name="CV benchmark", slug=BENCH_TENANT_SLUG)
    user = User.objects.filter(email=BENCH_USER_EMAIL).first()
    if user is None:
        user = user_create_in_tenant(
            tenant=tenant, email=BENCH_USER_EMAIL, password=uuid.uuid4().hex, full_name="Bench"
        )
    return tenant, user


def _start_worker(
    queue: str, concurrency: int, log_path: Path
) -> tuple[subprocess.Popen[bytes], str]:
    from jobmentis.celery import app

    node = f"cv-bench-{os.getpid()}@localhost"
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "jobmentis",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        str(concurrency),
        "-Q",
        queue,
        "-n",
        node,
        "-l",
        "warning",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own venv's celery, fixed arguments
            command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 30
    while not app.control.ping(destination=[node], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop_worker(process)
            raise RuntimeError(f"The Celery worker did not start:\n{log_path.read_text()[-3000:]}")
    return process, node


def _stop_worker(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # warm shutdown: finishes the task in hand
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# --- measuring ----------------------------------------------------------------------------------


def _extraction_in_process(files: list[CorpusFile]) -> tuple[float, int]:
    from resumes.extraction import docx_text, pdf_text

    pdf_text(files[0].content) if files[0].kind == "pdf" else docx_text(files[0].content)  # warm
    pages = 0
    started = time.perf_counter()
    for file in files:
        result = pdf_text(file.content) if file.kind == "pdf" else docx_text(file.content)
        pages += result.pages or 1
    return time.perf_counter() - started, pages


def _extraction_sandboxed(files: list[CorpusFile]) -> tuple[float, int]:
    from resumes.sandbox import run_sandboxed

    pages = 0
    started = time.perf_counter()
    for file in files:
        answer = run_sandboxed(f"extract_{file.kind}", file.content)
        found = answer.get("pages")
        pages += found if isinstance(found, int) and found > 0 else 1
    return time.perf_counter() - started, pages


def _upload(tenant: Any, user: Any, file: CorpusFile) -> Upload:
    """What the upload view does with a valid file: validate, store, commit (which queues)."""
    from jobmentis.tenancy.context import tenant_context
    from resumes.services import resume_upload
    from resumes.validation import validate_resume_file

    started = time.time()
    clock = time.perf_counter()
    with tenant_context(tenant.pk):
        validated = validate_resume_file(io.BytesIO(file.content))
        resume = resume_upload(user=user, upload=validated, original_filename=file.name)
    return Upload(file, resume.pk, started, time.perf_counter() - clock)


def _outcomes(tenant: Any, ids: list[int]) -> dict[int, Outcome]:
    from jobmentis.tenancy.context import tenant_context
    from resumes.models import Resume

    with tenant_context(tenant.pk):
        rows = Resume.objects.filter(pk__in=ids).values_list(
            "pk", "status", "error_code", "page_count", "parsed_at"
        )
        return {
            pk: Outcome(
                status=status,
                error_code=error_code,
                pages=page_count or 1,
                parsed_at=parsed_at.timestamp() if parsed_at else None,
            )
            for pk, status, error_code, page_count, parsed_at in rows
        }


def _wait(tenant: Any, ids: list[int], deadline: float) -> dict[int, Outcome]:
    """Poll until every CV has left the pending states (or the deadline passes)."""
    while True:
        outcomes = _outcomes(tenant, ids)
        pending = [o for o in outcomes.values() if o.status in ("uploaded", "extracting")]
        if not pending or time.monotonic() > deadline:
            return outcomes
        time.sleep(POLL_SECONDS)


def _percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile (no interpolation: every figure is an observed latency)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def _latencies(uploads: list[Upload], outcomes: dict[int, Outcome]) -> list[float]:
    return [
        parsed_at - upload.started
        for upload in uploads
        if (parsed_at := outcomes[upload.resume_id].parsed_at) is not None
        and outcomes[upload.resume_id].status == "parsed"
    ]


# --- clean-up -----------------------------------------------------------------------------------


def _clean_up(tenant: Any, user: Any, since: datetime) -> int:
    """Delete the CVs (rows and stored files, through the service) and the usage rows this
    run created. Returns how many CVs were deleted."""
    from jobmentis.ai.models import AIUsageEvent
    from jobmentis.tenancy.context import tenant_context
    from resumes.models import Resume
    from resumes.services import resume_delete

    deleted = 0
    with tenant_context(tenant.pk):
        ids = list(Resume.objects.filter(user=user).values_list("pk", flat=True))
    for pk in ids:
        # One transaction per CV: the file is removed when its row's deletion commits.
        with tenant_context(tenant.pk):
            resume = Resume.objects.filter(pk=pk).first()
            if resume is not None:
                resume_delete(user=user, resume=resume)
                deleted += 1
    with tenant_context(tenant.pk):
        AIUsageEvent.objects.filter(user=user, created_at__gte=since).delete()
    return deleted


# --- report -------------------------------------------------------------------------------------


def _say(line: str = "", *, err: bool = False) -> None:
    (sys.stderr if err else sys.stdout).write(line + "\n")


def _rate_row(label: str, cvs: int, pages: int, seconds: float) -> str:
    return (
        f"{label:<40} {cvs:>5} {pages:>6} {seconds:>8.2f} {cvs / seconds:>8.1f} "
        f"{pages / seconds:>8.1f}"
    )


def _latency_row(label: str, values: list[float]) -> str:
    if not values:
        return f"{label:<40} {0:>5}      -      -      -"
    return (
        f"{label:<40} {len(values):>5} {_percentile(values, 50):>6.2f} "
        f"{_percentile(values, 95):>6.2f} {max(values):>6.2f}"
    )


def _report(
    *,
    args: argparse.Namespace,
    files: list[CorpusFile],
    engine: str,
    in_process: tuple[float, int],
    sandboxed: tuple[float, int],
    idle: tuple[list[Upload], dict[int, Outcome]],
    burst: tuple[list[Upload], dict[int, Outcome]],
) -> None:
    burst_uploads, burst_outcomes = burst
    idle_uploads, idle_outcomes = idle
    kinds = {kind: sum(1 for f in files if f.kind == kind) for kind in ("pdf", "docx")}
    finished = [o.parsed_at for o in burst_outcomes.values() if o.parsed_at is not None]
    first_start = min(u.started for u in burst_uploads)
    burst_seconds = (max(finished) - first_start) if finished else float("nan")
    burst_pages = sum(o.pages for o in burst_outcomes.values() if o.status == "parsed")
    burst_parsed = sum(1 for o in burst_outcomes.values() if o.status == "parsed")

    _say(f"CV pipeline benchmark — {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    _say(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"worker: prefork, concurrency {args.concurrency}; structuring engine: {engine}"
    )
    _say(f"corpus: {len(files)} CVs ({kinds['pdf']} PDF, {kinds['docx']} DOCX) from corpus/files")
    _say()
    _say(f"{'throughput':<40} {'CVs':>5} {'pages':>6} {'wall s':>8} {'CVs/s':>8} {'pages/s':>8}")
    _say(_rate_row("text extraction, in-process", len(files), in_process[1], in_process[0]))
    _say(_rate_row("text extraction, sandboxed child", len(files), sandboxed[1], sandboxed[0]))
    _say(_rate_row("pipeline end to end (burst)", burst_parsed, burst_pages, burst_seconds))
    _say()
    _say(f"{'upload → parsed latency (s)':<40} {'n':>5} {'p50':>6} {'p95':>6} {'max':>6}")
    _say(_latency_row("idle system, one CV at a time", _latencies(idle_uploads, idle_outcomes)))
    for kind in ("pdf", "docx"):
        of_kind = [u for u in idle_uploads if u.file.kind == kind]
        _say(_latency_row(f"  {kind.upper()} only", _latencies(of_kind, idle_outcomes)))
    _say(
        _latency_row(
            f"burst of {len(burst_uploads)} uploads", _latencies(burst_uploads, burst_outcomes)
        )
    )
    uploads = idle_uploads + burst_uploads
    _say(_latency_row("upload call only (validate, store)", [u.upload_seconds for u in uploads]))
    for kind in ("pdf", "docx"):
        seconds = [u.upload_seconds for u in uploads if u.file.kind == kind]
        _say(_latency_row(f"  {kind.upper()} only", seconds))


def _failures(outcomes: dict[int, Outcome], uploads: list[Upload]) -> list[str]:
    return [
        f"{u.file.name}: {outcomes[u.resume_id].status} {outcomes[u.resume_id].error_code}".strip()
        for u in uploads
        if outcomes[u.resume_id].status != "parsed"
    ]


# --- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else "")
    parser.add_argument("--count", type=int, default=50, help="CVs in the burst (default 50)")
    parser.add_argument(
        "--latency-count", type=int, default=10, help="CVs parsed one at a time (default 10)"
    )
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds for the whole run")
    parser.add_argument("--database", default="jobmentis_bench", help="dedicated database")
    args = parser.parse_args(argv)
    if not 1 <= args.count <= 1000 or not 0 <= args.latency_count <= 100:
        parser.error("--count must be 1..1000 and --latency-count 0..100")

    media_dir = Path(tempfile.mkdtemp(prefix="jobmentis-bench-media-"))
    log_path = media_dir.parent / f"{media_dir.name}-worker.log"
    queue = _configure_environment(args, media_dir)

    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from jobmentis.celery import app

    deadline = time.monotonic() + args.timeout
    idle_files = _corpus(args.latency_count)
    burst_files = _corpus(args.count)
    _prepare_database()
    tenant, user = _bench_tenant_and_user()
    since = timezone.now()
    worker, _node = _start_worker(queue, args.concurrency, log_path)
    failures: list[str] = []
    try:
        in_process = _extraction_in_process(burst_files)
        sandboxed = _extraction_sandboxed(burst_files)

        idle_uploads: list[Upload] = []
        idle_outcomes: dict[int, Outcome] = {}
        for file in idle_files:
            upload = _upload(tenant, user, file)
            idle_uploads.append(upload)
            idle_outcomes.update(_wait(tenant, [upload.resume_id], deadline))

        burst_uploads = [_upload(tenant, user, file) for file in burst_files]
        burst_outcomes = _wait(tenant, [u.resume_id for u in burst_uploads], deadline)

        failures = _failures(idle_outcomes, idle_uploads) + _failures(burst_outcomes, burst_uploads)
        engines = ",".join(str(p) for p in getattr(settings, "AI_PROVIDERS", ["local"]))
        _report(
            args=args,
            files=burst_files,
            engine=engines,
            in_process=in_process,
            sandboxed=sandboxed,
            idle=(idle_uploads, idle_outcomes),
            burst=(burst_uploads, burst_outcomes),
        )
    finally:
        _stop_worker(worker)
        app.control.purge()  # this run's queue only (the default queue of this process)
        deleted = _clean_up(tenant, user, since)
        shutil.rmtree(media_dir, ignore_errors=True)
        _say(f"\ncleaned up: {deleted} CVs with their files; worker stopped")
    if failures:
        _say(f"\n{len(failures)} CV(s) not parsed (worker log: {log_path}):", err=True)
        for line in failures:
            _say(f"  {line}", err=True)
        return 1
    log_path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

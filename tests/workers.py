"""A real Celery worker for tests: a subprocess over Redis on the run's own queue (not eager
mode), configured through the environment as in production."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from jobmentis.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 20


@contextmanager
def celery_worker_process(*, name: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start a solo-pool worker on the test queue, wait until it answers a ping, yield its node
    name, and stop it. `env` adds settings for the worker (the database is the test run's)."""
    node = f"{name}-{uuid.uuid4().hex[:6]}@localhost"
    celery_app.control.purge()  # stale messages of an earlier, aborted run
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jobmentis.settings.test", **(env or {})}
    log = tempfile.NamedTemporaryFile(prefix=f"{name}-worker-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "jobmentis",
        "worker",
        "--pool",
        "solo",
        "-Q",
        settings.CELERY_TASK_DEFAULT_QUEUE,
        "-n",
        node,
        "-l",
        "info",
        "--without-gossip",
        "--without-mingle",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not celery_app.control.ping(destination=[node], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"Celery worker did not answer ping:\n{Path(log.name).read_text()[-3000:]}"
                )
        yield node
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        Path(log.name).unlink()

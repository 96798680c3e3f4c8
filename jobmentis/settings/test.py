"""Test settings: only what makes tests faster or isolated; everything else is production-shaped.

Tests use their own database (created by tests/conftest.py as the owner role, queried as the
app role) and their own Redis databases and Celery queue, so a running dev stack is unaffected.
"""

from __future__ import annotations

import os

from jobmentis.settings.base import *  # noqa: F403
from jobmentis.settings.base import BASE_DIR, DATABASES

# Each test session is an isolated run: its own database, cache key prefix and Celery queue, so
# parallel runs (xdist workers, several developers on one machine, a dev stack) never share
# state. The id is exported so subprocesses (the Celery worker under test) join the same run.
_slot = os.environ.get("JM_TEST_SLOT", "")
if not _slot:
    _slot = f"p{os.getpid()}"
    os.environ["JM_TEST_SLOT"] = _slot
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
TEST_RUN_ID = f"{_slot}{_worker}"
TEST_DB_NAME = os.environ.get("TEST_DATABASE_NAME", f"jobmentis_test_{TEST_RUN_ID}")
for _alias in DATABASES.values():
    _alias["NAME"] = TEST_DB_NAME
    _alias["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/8",
        "KEY_PREFIX": f"jmtest:{TEST_RUN_ID}",
    }
}
CELERY_BROKER_URL = "redis://127.0.0.1:6379/9"
CELERY_RESULT_BACKEND = "redis://127.0.0.1:6379/10"
CELERY_TASK_DEFAULT_QUEUE = f"jobmentis-test-{TEST_RUN_ID}"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / TEST_RUN_ID
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = [".localhost", "localhost", "127.0.0.1", "testserver", ".testserver"]
HEALTH_WORKER_TIMEOUT = 0.3
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
PRIVACY_LEDGER_DIR = BASE_DIR / "var" / "test-privacy-ledger" / TEST_RUN_ID

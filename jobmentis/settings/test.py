"""Test settings: only what makes tests faster or isolated; everything else is production-shaped.

Tests use their own database (created by tests/conftest.py as the owner role, queried as the
app role) and their own Redis databases and Celery queue, so a running dev stack is unaffected.
"""

from __future__ import annotations

import os

from jobmentis.settings.base import *  # noqa: F403
from jobmentis.settings.base import BASE_DIR, DATABASES

TEST_DB_NAME = os.environ.get("TEST_DATABASE_NAME", "jobmentis_test")
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker:
    TEST_DB_NAME = f"{TEST_DB_NAME}_{_worker}"
for _alias in DATABASES.values():
    _alias["NAME"] = TEST_DB_NAME
    _alias["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_redis_db = 8 + (int(_worker.removeprefix("gw")) * 3 if _worker else 0)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:6379/{_redis_db}",
        "KEY_PREFIX": "jmtest",
    }
}
CELERY_BROKER_URL = f"redis://127.0.0.1:6379/{_redis_db + 1}"
CELERY_RESULT_BACKEND = f"redis://127.0.0.1:6379/{_redis_db + 2}"
CELERY_TASK_DEFAULT_QUEUE = f"jobmentis-test{_worker}"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{_worker}"
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

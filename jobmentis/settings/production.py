"""Production: refuses to start without its secrets; `check --deploy` is clean with these."""

from __future__ import annotations

from jobmentis.settings.base import *  # noqa: F403
from jobmentis.settings.base import (
    _EMAIL_PROVIDER_BACKENDS,
    DATABASES,
    FILE_STORAGE_BACKEND,
    TENANT_BASE_DOMAIN,
)
from jobmentis.settings.env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [f".{TENANT_BASE_DOMAIN}"])
PUBLIC_SCHEME = "https"
PUBLIC_PORT = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

for _alias, _password_var in (
    ("default", "DATABASE_APP_PASSWORD"),
    ("owner", "DATABASE_OWNER_PASSWORD"),
    ("maintenance", "DATABASE_MAINTENANCE_PASSWORD"),
):
    DATABASES[_alias]["PASSWORD"] = env_str(_password_var, required=True)
    DATABASES[_alias]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)

REDIS_URL = env_str("REDIS_URL", required=True)
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", required=True)
if FILE_STORAGE_BACKEND == "s3":
    # Credentials are not settings: boto3 reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or an
    # instance/task role) itself. The bucket has no safe default.
    env_str("AWS_STORAGE_BUCKET_NAME", required=True)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://*.{TENANT_BASE_DOMAIN}"])
# Email: outbox + worker (base.py); production delivers by SMTP unless a provider is chosen.
EMAIL_PROVIDER = env_str("EMAIL_PROVIDER", "smtp")
EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_DELIVERY_BACKEND", _EMAIL_PROVIDER_BACKENDS.get(EMAIL_PROVIDER, "")
)
EMAIL_SUPPRESSION_KEY = env_str("EMAIL_SUPPRESSION_KEY", "") or f"derived-email:{SECRET_KEY}"
# Privacy engine: the subject-hash key must not derive from anything stored with the data.
PRIVACY_SUBJECT_KEY = env_str("PRIVACY_SUBJECT_KEY", required=True)

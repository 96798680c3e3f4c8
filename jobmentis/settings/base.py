"""Settings shared by every environment. Values come from the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jobmentis.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-insecure-key-change-me-not-for-production")
DEBUG = env_bool("DJANGO_DEBUG", False)

# Tenants are served on `<slug>.<TENANT_BASE_DOMAIN>` or on a custom domain recorded in
# accounts.TenantDomain. `*.localhost` resolves to loopback in browsers, so no DNS set-up is needed.
TENANT_BASE_DOMAIN = env_str("TENANT_BASE_DOMAIN", "localhost")
# Hosts that serve the platform itself (landing page, platform admin, support console).
PLATFORM_HOSTS = env_list("PLATFORM_HOSTS", ["localhost", "127.0.0.1"])
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [f".{TENANT_BASE_DOMAIN}", TENANT_BASE_DOMAIN, "127.0.0.1"]
)
# Port shown in printed/generated tenant URLs in development (empty in production).
PUBLIC_PORT = env_str("PUBLIC_PORT", "")
PUBLIC_SCHEME = env_str("PUBLIC_SCHEME", "http")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.mfa",
    "allauth.usersessions",
    "jobmentis.tenancy",
    "jobmentis.ai",
    "accounts",
    "resumes",
    "jobs",
    "jobs.radar",
    "coaching",
    "billing",
    "privacy",
    "privacy.requests",
    "anymail",
    "jobmentis.email",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Resolves the tenant from the host and opens the request transaction with the RLS GUC set;
    # everything below (views, template rendering) runs inside it. It sits *inside* the session
    # and messages middleware so that on_commit hooks (allauth adds messages from them) run
    # before the session and messages are saved; those tables are global and need no tenant.
    "jobmentis.tenancy.middleware.TenantMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.TenantMembershipMiddleware",
    "jobmentis.security.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "jobmentis.urls"
WSGI_APPLICATION = "jobmentis.wsgi.application"
ASGI_APPLICATION = "jobmentis.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "jobmentis.context_processors.tenant",
                "accounts.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Three roles (DESIGN.md, wall 3):
#   default      the app role: not owner, not superuser, no BYPASSRLS. Web and workers use it.
#   owner        owns the schema and runs migrations (`migrate --database owner`).
#   maintenance  BYPASSRLS, used only by audited cross-tenant jobs (support console, retention).
DB_NAME = env_str("DATABASE_NAME", "jobmentis")
DB_HOST = env_str("DATABASE_HOST", "127.0.0.1")
DB_PORT = env_str("DATABASE_PORT", "5432")
DB_APP_USER = env_str("DATABASE_APP_USER", "jobmentis_app")
DB_OWNER_USER = env_str("DATABASE_OWNER_USER", "jobmentis_owner")
DB_MAINTENANCE_USER = env_str("DATABASE_MAINTENANCE_USER", "jobmentis_maint")


def _database(user: str, password_var: str) -> dict[str, object]:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DB_NAME,
        "USER": user,
        "PASSWORD": env_str(password_var, ""),
        "HOST": DB_HOST,
        "PORT": DB_PORT,
        # Safe with pooling: the tenant GUC is transaction-local, never session-level.
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"application_name": f"jobmentis:{user}"},
    }


DATABASES = {
    "default": _database(DB_APP_USER, "DATABASE_APP_PASSWORD"),
    "owner": _database(DB_OWNER_USER, "DATABASE_OWNER_PASSWORD"),
    "maintenance": _database(DB_MAINTENANCE_USER, "DATABASE_MAINTENANCE_PASSWORD"),
}
DATABASE_ROUTERS = ["jobmentis.tenancy.routers.MigrationRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache (allauth rate limits), Celery broker and results ---------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "jm"),
    }
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/1")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/2")
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message to be redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "jobmentis")
CELERY_RESULT_EXPIRES = 3600
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "platform-heartbeat": {"task": "tenancy.heartbeat", "schedule": 60.0},
}

# --- Auth and accounts (django-allauth) -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# No "you have no account" mail: the reset form must not be a way to make us write to any
# address someone types in. The response is identical either way (enumeration-safe).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
# Tell the user by mail when their password, email addresses or MFA change: a takeover is noticed.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = PUBLIC_SCHEME
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
# Rate limits count per client IP. Behind N reverse proxies (TLS terminator, load balancer) every
# request comes from the proxy: set TRUSTED_PROXY_COUNT=N so the client's IP is read from
# X-Forwarded-For. Left at 0, that header is ignored (a client could forge it).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "JobMentis")
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
GOOGLE_OAUTH_CLIENT_ID = env_str("GOOGLE_OAUTH_CLIENT_ID", "")
GOOGLE_OAUTH_CLIENT_SECRET = env_str("GOOGLE_OAUTH_CLIENT_SECRET", "")
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {
    "google": {
        "SCOPE": ["profile", "email"],
        "AUTH_PARAMS": {"access_type": "online"},
        "OAUTH_PKCE_ENABLED": True,
        "EMAIL_AUTHENTICATION": True,
        "APPS": (
            [
                {
                    "client_id": GOOGLE_OAUTH_CLIENT_ID,
                    "secret": GOOGLE_OAUTH_CLIENT_SECRET,
                    "key": "",
                }
            ]
            if GOOGLE_OAUTH_CLIENT_ID
            else []
        ),
    }
}

# --- Sessions and cookies: host-only (no SESSION_COOKIE_DOMAIN) so tenant A's cookie never
# reaches tenant B's host; the session also records its tenant and is refused elsewhere. --------
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
LANGUAGE_COOKIE_NAME = "jm_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("it", _("Italiano")), ("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are private: never under STATIC_ROOT, never served by URL; an authorised view
# streams them. S3 (with SSE) replaces the local folder when FILE_STORAGE_BACKEND=s3.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
FILE_STORAGE_BACKEND = env_str("FILE_STORAGE_BACKEND", "local")
if FILE_STORAGE_BACKEND not in ("local", "s3"):
    # A typo must not silently fall back to the local folder on a multi-server deployment.
    raise ImproperlyConfigured("FILE_STORAGE_BACKEND must be 'local' or 's3'.")
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "eu-west-1")
# "path" for S3-compatible stores reached by a host name without wildcard DNS (MinIO etc.).
AWS_S3_ADDRESSING_STYLE = env_str("AWS_S3_ADDRESSING_STYLE", "") or None
_private_storage: dict[str, object]
if FILE_STORAGE_BACKEND == "s3":
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "addressing_style": AWS_S3_ADDRESSING_STYLE,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
else:
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _private_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
PROFILE_PICTURE_MAX_BYTES = 5 * 1024 * 1024
# CVs (resumes app): upload limits, and the bounds of the sandboxed child process that reads
# an uploaded file (a hostile PDF/DOCX must not hang or exhaust a web or worker process).
RESUME_MAX_BYTES = env_int("RESUME_MAX_BYTES", 10 * 1024 * 1024)
RESUME_MAX_PAGES = env_int("RESUME_MAX_PAGES", 20)
RESUME_JSON_MAX_BYTES = env_int("RESUME_JSON_MAX_BYTES", 512 * 1024)
RESUME_UPLOADS_PER_HOUR = env_int("RESUME_UPLOADS_PER_HOUR", 30)
RESUME_SANDBOX_TIMEOUT = env_int("RESUME_SANDBOX_TIMEOUT", 30)
RESUME_SANDBOX_CPU_SECONDS = env_int("RESUME_SANDBOX_CPU_SECONDS", 20)
RESUME_SANDBOX_MEMORY_MB = env_int("RESUME_SANDBOX_MEMORY_MB", 768)

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "JobMentis <no-reply@jobmentis.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers ----------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(self), usb=(), interest-cohort=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        # The nonce admits the one <style> block carrying the tenant's brand colour.
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "https://accounts.google.com"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Health --------------------------------------------------------------------------------------
HEALTH_WORKER_TIMEOUT = 2.0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- AI layer (jobmentis.ai) — see README "AI providers" ----------------------------------------
# Providers tried in order; tenants may override order and models in their admin. Providers
# without an API key are skipped, so the default (local engine only) works with no key at all.
AI_PROVIDERS = env_list("AI_PROVIDERS", ["local"])
AI_MODELS = {
    "anthropic": env_str("AI_ANTHROPIC_MODEL", "claude-sonnet-4-6"),
    "openai": env_str("AI_OPENAI_MODEL", "gpt-5-mini"),
    "gemini": env_str("AI_GEMINI_MODEL", "gemini-2.5-flash"),
    "local": "local",
}
AI_API_KEYS = {
    "anthropic": env_str("ANTHROPIC_API_KEY"),
    "openai": env_str("OPENAI_API_KEY"),
    "gemini": env_str("GEMINI_API_KEY"),
}
# Empty means the vendor's default endpoint (a proxy/gateway, or a fake server in tests).
AI_BASE_URLS = {
    "anthropic": env_str("AI_ANTHROPIC_BASE_URL"),
    "openai": env_str("AI_OPENAI_BASE_URL"),
    "gemini": env_str("AI_GEMINI_BASE_URL"),
}
AI_TIMEOUT_SECONDS = float(env_str("AI_TIMEOUT_SECONDS", "60"))
# Attempts per provider (SDK retries are off: we retry, then fall back to the next provider).
AI_MAX_ATTEMPTS = env_int("AI_MAX_ATTEMPTS", 3)
AI_BACKOFF_BASE_SECONDS = 1.0
AI_BACKOFF_MAX_SECONDS = 20.0
# A retry-after longer than this moves on to the next provider instead of waiting.
AI_RETRY_AFTER_MAX_SECONDS = 30.0
# Estimated USD per million tokens (vendors' standard list prices; check them when changing
# models). Dated model ids match by longest prefix. A model missing here is recorded at cost 0
# with a warning in the log. The local engine costs nothing.
AI_PRICES: dict[str, dict[str, dict[str, float]]] = {
    "anthropic": {
        "claude-opus-4-5": {"input_per_mtok": 5.0, "output_per_mtok": 25.0},
        "claude-sonnet-4-6": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
        "claude-sonnet-4-5": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
        "claude-haiku-4-5": {"input_per_mtok": 1.0, "output_per_mtok": 5.0},
    },
    "openai": {
        "gpt-4.1": {"input_per_mtok": 2.0, "output_per_mtok": 8.0},
        "gpt-4.1-mini": {"input_per_mtok": 0.4, "output_per_mtok": 1.6},
        "gpt-5": {"input_per_mtok": 1.25, "output_per_mtok": 10.0},
        "gpt-5-mini": {"input_per_mtok": 0.25, "output_per_mtok": 2.0},
    },
    "gemini": {
        "gemini-2.5-pro": {"input_per_mtok": 1.25, "output_per_mtok": 10.0},
        "gemini-2.5-flash": {"input_per_mtok": 0.3, "output_per_mtok": 2.5},
        "gemini-2.5-flash-lite": {"input_per_mtok": 0.1, "output_per_mtok": 0.4},
    },
    "local": {},
}

# --- Job Radar (jobs.radar) — see README "Job Radar" --------------------------------------------
# Without Adzuna keys the radar uses the listings tenant admins curate (the default).
ADZUNA_APP_ID = env_str("ADZUNA_APP_ID")
ADZUNA_APP_KEY = env_str("ADZUNA_APP_KEY")
ADZUNA_BASE_URL = env_str("ADZUNA_BASE_URL", "https://api.adzuna.com/v1/api")
ADZUNA_TIMEOUT_SECONDS = float(env_str("ADZUNA_TIMEOUT_SECONDS", "15"))
# Calls per minute per app key, shared by every worker (a token bucket in Redis); Adzuna's
# standard plan allows 25.
ADZUNA_CALLS_PER_MINUTE = env_int("ADZUNA_CALLS_PER_MINUTE", 20)
ADZUNA_RESULTS_PER_PAGE = 50
# A saved search is refreshed by beat when older than this; ads older than this many days drop.
RADAR_REFRESH_MINUTES = env_int("RADAR_REFRESH_MINUTES", 360)
RADAR_MAX_DAYS_OLD = env_int("RADAR_MAX_DAYS_OLD", 30)
CELERY_BEAT_SCHEDULE["radar-refresh"] = {"task": "radar.refresh_fanout", "schedule": 900.0}
CELERY_BEAT_SCHEDULE["radar-digest"] = {"task": "radar.digest_fanout", "schedule": 3600.0}

# --- Job tracker (jobs/) ----------------------------------------------------------------------
# How often beat raises reminders (seconds). Each run is idempotent (a reminder is raised once,
# enforced by the database), so a shorter interval only makes reminders more punctual.
JOBS_REMINDERS_INTERVAL = env_int("JOBS_REMINDERS_INTERVAL", 900)
CELERY_BEAT_SCHEDULE["jobs-reminders"] = {
    "task": "jobs.reminders_dispatch",
    "schedule": float(JOBS_REMINDERS_INTERVAL),
}

# === Billing (billing/) ===================================================================
# Platform Stripe account; a tenant admin may override it with the tenant's own keys (billing
# settings in the tenant admin). Without a secret key, payments are off: plans are listed and
# tenant admins assign them by hand.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
# Empty: Stripe's own API. Tests point it at a local fake Stripe server.
STRIPE_API_BASE = env_str("STRIPE_API_BASE")
# Webhooks signed longer ago than this are refused (replay protection; Stripe's default).
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env_int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300)
# Days a paid plan keeps working after a failed payment, before the user drops to the free plan.
BILLING_GRACE_DAYS = env_int("BILLING_GRACE_DAYS", 7)
# The checkout and portal buttons POST to us and are redirected to Stripe's hosted pages: the
# browser checks form-action on that redirect too.
_csp_directives: dict[str, list[str]] = CONTENT_SECURITY_POLICY["DIRECTIVES"]  # type: ignore[assignment]
_csp_directives["form-action"] = [
    *_csp_directives["form-action"],
    "https://checkout.stripe.com",
    "https://billing.stripe.com",
]

# --- Privacy engine (privacy/) — see README "Privacy engine" -------------------------------------
# Key of the keyed hash (HMAC-SHA256) that names an erased subject in receipts and in the replay
# ledger. Keep it OUTSIDE the database (env/secret store): with it, `privacy_replay` can match a
# restored user to a receipt; without it, a receipt identifies nobody. Production requires it.
PRIVACY_SUBJECT_KEY = env_str("PRIVACY_SUBJECT_KEY", "") or f"dev-derived:{SECRET_KEY}"
# Append-only receipts ledger, one JSON file per completed erasure. Put it on storage that is NOT
# restored with the database (another volume/bucket): `privacy_replay --since` reads it after a
# restore to erase again whoever the backup brought back.
PRIVACY_LEDGER_DIR = Path(env_str("PRIVACY_LEDGER_DIR", str(BASE_DIR / "var" / "privacy-ledger")))
PRIVACY_ERASURE_GRACE_DAYS = env_int("PRIVACY_ERASURE_GRACE_DAYS", 30)
PRIVACY_EXPORT_TTL_DAYS = env_int("PRIVACY_EXPORT_TTL_DAYS", 7)
PRIVACY_STEP_MAX_ATTEMPTS = env_int("PRIVACY_STEP_MAX_ATTEMPTS", 6)
# Contacts kept by the transactional email provider ("brevo", "sendgrid", "resend"; empty: none).
PRIVACY_EMAIL_CONTACTS_PROVIDER = env_str("PRIVACY_EMAIL_CONTACTS_PROVIDER", "")
PRIVACY_EMAIL_CONTACTS_API_KEY = env_str("PRIVACY_EMAIL_CONTACTS_API_KEY", "")
PRIVACY_EMAIL_CONTACTS_BASE_URL = env_str("PRIVACY_EMAIL_CONTACTS_BASE_URL", "")
PRIVACY_EMAIL_CONTACTS_AUDIENCE = env_str("PRIVACY_EMAIL_CONTACTS_AUDIENCE", "")
CELERY_BEAT_SCHEDULE["privacy-retention-daily"] = {
    "task": "privacy.retention_sweep",
    "schedule": 24 * 60 * 60.0,
}

# --- Data-subject requests and contact form (privacy.requests) ---------------------------------
# Public forms are rate-limited in Redis through allauth's limiter ("<count>/<period>/<ip|key>";
# the key is the tenant and the email address, hashed).
ACCOUNT_RATE_LIMITS.update(
    {
        "dsr_request": env_str("DSR_RATE_LIMIT_REQUEST", "5/h/ip,3/h/key"),
        "dsr_code": env_str("DSR_RATE_LIMIT_CODE", "10/10m/ip"),
        "dsr_code_send": env_str("DSR_RATE_LIMIT_CODE_SEND", "6/h/ip,3/h/key"),
        "dsr_contact": env_str("DSR_RATE_LIMIT_CONTACT", "5/h/ip,3/h/key"),
    }
)

# --- AI coaching (coaching) --------------------------------------------------------------------
# Seconds between the local coach engine's streamed chunks: the local engine answers instantly,
# and a short pause makes the answer read as it is written (0 disables it; tests use 0).
COACHING_LOCAL_STREAM_DELAY = float(env_str("COACHING_LOCAL_STREAM_DELAY", "0.012"))
# Burst limit on AI generations (letters, packs, practice, coach messages) per user and minute;
# the plan's quotas bound the month.
COACHING_AI_REQUESTS_PER_MINUTE = int(env_str("COACHING_AI_REQUESTS_PER_MINUTE", "20"))

# --- Consent and tracking (privacy.consent) — see README "Consent and tracking" ----------------
INSTALLED_APPS += ["privacy.consent"]
# Adds the tenant's PostHog/Meta hosts to the CSP of pages that load their scripts (only then).
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1,
    "privacy.consent.middleware.TrackingMiddleware",
)
# The consent device cookie: a random id (no personal data), host-only, httpOnly, 13 months
# (the longest a cookie-consent answer should be kept before asking again).
CONSENT_DEVICE_COOKIE = "jm_consent_device"
CONSENT_DEVICE_COOKIE_AGE = 396 * 24 * 3600
# Meta Graph API (Conversions API); tests point it at a fake server.
META_GRAPH_BASE_URL = env_str("META_GRAPH_BASE_URL", "https://graph.facebook.com")
META_GRAPH_VERSION = env_str("META_GRAPH_VERSION", "v21.0")
TRACKING_HTTP_TIMEOUT = float(env_str("TRACKING_HTTP_TIMEOUT", "10"))
# The banner's answer is public (anonymous visitors): limited per IP like the other public forms.
ACCOUNT_RATE_LIMITS["consent_save"] = env_str("CONSENT_RATE_LIMIT", "30/m/ip")

# === Email and notifications (jobmentis/email, notifications/) ===============================
# Every message goes to the outbox (a database row) and a Celery worker delivers it through
# EMAIL_PROVIDER: console | file (var/mail, the default: works with no keys) | smtp | brevo |
# resend | sendgrid (django-anymail). EMAIL_DELIVERY_BACKEND overrides the provider's backend.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "jobmentis.email.backends.OutboxBackend")
EMAIL_PROVIDER = env_str("EMAIL_PROVIDER", "file")
_EMAIL_PROVIDER_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "brevo": "anymail.backends.brevo.EmailBackend",
    "resend": "anymail.backends.resend.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
}
if EMAIL_PROVIDER not in _EMAIL_PROVIDER_BACKENDS:
    raise ValueError(f"EMAIL_PROVIDER must be one of {', '.join(_EMAIL_PROVIDER_BACKENDS)}")
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_DELIVERY_BACKEND", _EMAIL_PROVIDER_BACKENDS[EMAIL_PROVIDER])
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_str("EMAIL_USE_TLS", "") in {"1", "true", "True", "yes"}
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Attempts before a message is marked failed (then staff retry it from the support console),
# and the first retry delay; each next one doubles (capped at one hour).
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 6)
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 30)
# A queued message whose task went missing is queued again after 15 minutes (idempotent).
CELERY_BEAT_SCHEDULE["email-requeue-stale"] = {"task": "email.requeue_stale", "schedule": 600.0}
# Key of the HMAC that stores suppressed (bouncing) addresses as hashes only.
EMAIL_SUPPRESSION_KEY = env_str("EMAIL_SUPPRESSION_KEY", "") or f"dev-derived-email:{SECRET_KEY}"
ANYMAIL: dict[str, object] = {
    "BREVO_API_KEY": env_str("BREVO_API_KEY", ""),
    "BREVO_API_URL": env_str("BREVO_API_URL", "https://api.brevo.com/v3/"),
    "RESEND_API_KEY": env_str("RESEND_API_KEY", ""),
    "RESEND_API_URL": env_str("RESEND_API_URL", "https://api.resend.com/"),
    "RESEND_SIGNING_SECRET": env_str("RESEND_SIGNING_SECRET", ""),
    "SENDGRID_API_KEY": env_str("SENDGRID_API_KEY", ""),
    "SENDGRID_API_URL": env_str("SENDGRID_API_URL", "https://api.sendgrid.com/v3/"),
    # "user:password" the providers' webhooks authenticate with (basic auth in the URL).
    "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET", ""),
    "REQUESTS_TIMEOUT": 30,
}
# Brevo contact lists for marketing opt-ins (notifications.brevo); the list id is per tenant.
BREVO_CONTACTS_API_URL = env_str("BREVO_CONTACTS_API_URL", "https://api.brevo.com/v3")
# Mailbox that receives List-Unsubscribe mailto requests.
EMAIL_UNSUBSCRIBE_MAILTO = env_str("EMAIL_UNSUBSCRIBE_MAILTO", "unsubscribe@jobmentis.localhost")
# The newsletter consent text version recorded with each opt-in.
MARKETING_POLICY_VERSION = env_str("MARKETING_POLICY_VERSION", "2026-11")

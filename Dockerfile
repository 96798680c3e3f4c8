# Production-like image for web, worker and beat (see docker-compose.yml).
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=jobmentis.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e .
COPY . .
RUN DJANGO_SECRET_KEY=build REDIS_URL=redis://x CELERY_BROKER_URL=redis://x \
    DATABASE_APP_PASSWORD=x DATABASE_OWNER_PASSWORD=x DATABASE_MAINTENANCE_PASSWORD=x \
    PRIVACY_SUBJECT_KEY=build \
    python manage.py collectstatic --noinput && python manage.py compilemessages --ignore=.venv
RUN useradd --system --uid 10001 jobmentis && mkdir -p /app/var/media /app/var/privacy-ledger && chown -R jobmentis /app/var
USER jobmentis
EXPOSE 8000
CMD ["gunicorn", "jobmentis.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]

"""Local development: DEBUG on, mail written to var/mail, runserver on port 8000."""

from __future__ import annotations

from jobmentis.settings.base import *  # noqa: F403
from jobmentis.settings.env import env_bool, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
PUBLIC_PORT = env_str("PUBLIC_PORT", "8000")

"""The keyed hash that names an erased subject without identifying them to anyone who lacks the
key (kept outside the database, PRIVACY_SUBJECT_KEY)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def subject_hash(user_id: int) -> str:
    key = settings.PRIVACY_SUBJECT_KEY.encode()
    return hmac.new(key, f"user:{int(user_id)}".encode(), hashlib.sha256).hexdigest()

"""Models that each break one manifest rule (no tables: the checks are static)."""
# ruff: noqa: DJ008  (fixture models: never displayed)

from __future__ import annotations

from django.conf import settings
from django.db import models


class Unlisted(models.Model):
    """Declared nowhere."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")


class HalfClassified(models.Model):
    """`secret_note` is missing from its manifest entry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=50)
    secret_note = models.TextField()


class Orphan(models.Model):
    """Personal (an email) with no way to reach it from the user."""

    email = models.EmailField()


class WrongPath(models.Model):
    """Its manifest path names a field that is not there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")


class KeptButCascade(models.Model):
    """Retained by the manifest, yet deleting the user would cascade to it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")


class DeletedButSetNull(models.Model):
    """Deleted by the manifest, yet deleting the user outside the runner would keep it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

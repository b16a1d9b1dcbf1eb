"""Abstract models shared by every app."""

from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RateLimitBucket(models.Model):
    """Hits of one key in one fixed time window (see bangkom/common/ratelimit.py)."""

    key = models.CharField(max_length=200, unique=True)
    window_start = models.DateTimeField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["window_start"]

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"

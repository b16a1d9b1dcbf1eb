"""A fixed-window rate limiter kept in the database, so every app node shares the counts.

RELIABILITY.md L5 and decision 8: throttling state must be shared across nodes; the
database is always there (Redis is optional).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F

from bangkom.common.models import RateLimitBucket


def allow_hit(key: str, *, limit: int, window: timedelta, now: datetime) -> bool:
    """Count one hit for ``key``; False once more than ``limit`` hits fell in this window."""
    window_start = datetime.fromtimestamp(
        int(now.timestamp() // window.total_seconds()) * window.total_seconds(), tz=now.tzinfo
    )
    bucket_key = f"{key}:{int(window_start.timestamp())}"[:200]
    updated = RateLimitBucket.objects.filter(key=bucket_key).update(hits=F("hits") + 1)
    if not updated:
        try:
            with transaction.atomic():
                RateLimitBucket.objects.create(key=bucket_key, window_start=window_start, hits=1)
        except IntegrityError:  # a parallel request created it first
            RateLimitBucket.objects.filter(key=bucket_key).update(hits=F("hits") + 1)
    hits = RateLimitBucket.objects.filter(key=bucket_key).values_list("hits", flat=True).first()
    return (hits or 0) <= limit


def prune_buckets(*, older_than: datetime) -> int:
    """Delete finished windows (run now and then; a stale bucket only costs a row)."""
    deleted, _details = RateLimitBucket.objects.filter(window_start__lt=older_than).delete()
    return deleted

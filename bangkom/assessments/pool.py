"""The items a start may draw from: the assessment's active items, kept in memory per process.

Every start of a CAT session needs the same pool (a 2,000-item bank is 2,000 rows) and how
often each item was drawn. Reading both for every start was the largest part of a start's
cost, so each server process keeps the pool of each set of banks in memory:

- the pool is exact: it is keyed by each bank's latest ``PoolChange``, a row that database
  triggers (migration 0002) write whenever an item of the bank is added, removed, retired
  or re-tagged, gets a new current version, or has its options edited. A start reads the
  latest change per bank (one small query) and rebuilds the pool only when there is a newer
  one — also when the change came from another process, the admin or a bulk update;
- the exposure counts are approximate: they are re-read at most every
  ``EXAM_EXPOSURE_REFRESH_SECONDS`` and, between reads, this process adds its own draws.
  Exposure only orders equally good candidates (balancing), so a few seconds of other
  processes' draws missing changes which of them comes first, never which items are allowed.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Func, IntegerField, OuterRef, Subquery

from bangkom.assessments.assembly import PoolItem
from bangkom.assessments.choices import ItemStatus
from bangkom.assessments.models import Assessment, Item, ItemBank, ItemVersion, PoolChange

MAX_CACHED_POOLS = 32  # sets of banks per process; the least recently used goes first

# ((bank id, bank's pool token, id of its latest change), ...) sorted by bank id
BankKey = tuple[tuple[int, int, int | None], ...]


class _JsonArrayLength(Func):
    """Length of a JSON array, computed in the database (jsonb_array_length / json_array_length)."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(
        self, compiler: object, connection: object, **extra_context: object
    ) -> tuple[str, list]:
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra_context)


@dataclass
class _CachedPool:
    items: list[PoolItem]
    exposure: dict[int, int]
    exposure_read_at: float = field(default_factory=time.monotonic)


_cache: OrderedDict[BankKey, _CachedPool] = OrderedDict()
_lock = threading.Lock()


def pool_for(assessment: Assessment) -> tuple[list[PoolItem], dict[int, int]]:
    """The items the assessment may draw (current versions of active items) and their exposure.

    The returned exposure mapping is this process's view; pass the drawn item ids to
    ``note_drawn`` so the next start here sees them.
    """
    key = _bank_key(assessment)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
    if cached is None:
        items, exposure = read_pool([bank_id for bank_id, _token, _change in key])
        cached = _CachedPool(items=items, exposure=exposure)
        with _lock:
            _cache[key] = cached
            while len(_cache) > MAX_CACHED_POOLS:
                _cache.popitem(last=False)
    elif time.monotonic() - cached.exposure_read_at >= settings.EXAM_EXPOSURE_REFRESH_SECONDS:
        fresh = _read_exposure([bank_id for bank_id, _token, _change in key])
        with _lock:
            # Replaced whole, never resized in place: a draw may be reading the old one.
            cached.exposure = {item_id: fresh.get(item_id, 0) for item_id in cached.exposure}
            cached.exposure_read_at = time.monotonic()
    return cached.items, cached.exposure


def note_drawn(item_ids: Iterable[int]) -> None:
    """Count this process's own draws until the next read of the exposure counts."""
    item_ids = list(item_ids)
    with _lock:
        for cached in _cache.values():
            exposure = cached.exposure
            for item_id in item_ids:
                if item_id in exposure:  # only existing keys: the mapping never grows
                    exposure[item_id] += 1


def _bank_key(assessment: Assessment) -> BankKey:
    latest = PoolChange.objects.filter(bank_id=OuterRef("pk")).order_by("-pk").values("pk")[:1]
    return tuple(
        ItemBank.objects.filter(assessments=assessment)
        .order_by("pk")
        .annotate(change=Subquery(latest))
        .values_list("pk", "pool_token", "change")
    )


def read_pool(bank_ids: list[int]) -> tuple[list[PoolItem], dict[int, int]]:
    """The active items' current versions and their exposure, from the database, in one query.

    Only the option count is read, not the options themselves: a start must not parse the
    whole bank's option texts (a 2,000-item bank is megabytes of JSON).
    """
    versions = ItemVersion.objects.filter(
        item__bank_id__in=bank_ids,
        item__status=ItemStatus.ACTIVE,
        item__current_version_id=F("pk"),
    ).values_list(
        "item_id",
        "pk",
        _JsonArrayLength("options"),
        "item__subject_id",
        "item__competency_id",
        "item__difficulty",
        "item__exposure_count",
    )
    pool, exposure = [], {}
    for item_id, version_id, option_count, subject, competency, difficulty, drawn in versions:
        pool.append(PoolItem(item_id, version_id, option_count, subject, competency, difficulty))
        exposure[item_id] = drawn
    return pool, exposure


def _read_exposure(bank_ids: list[int]) -> dict[int, int]:
    return dict(
        Item.objects.filter(bank_id__in=bank_ids, status=ItemStatus.ACTIVE).values_list(
            "pk", "exposure_count"
        )
    )

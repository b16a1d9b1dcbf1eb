"""Watched intervals of a video, as pure functions (no Django; DOMAIN.md S-1 R9).

The browser reports the stretches of a video it actually played; the server keeps their
union. Skipping ahead adds nothing, so jumping to the end cannot complete a video, and the
share watched is the total length of the union, never more than the duration.

Shape (``MaterialProgress.watched_intervals`` schema v1): a sorted list of disjoint
``[start_s, end_s]`` pairs with ``0 <= start < end <= duration``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

COMPLETE_SHARE = 0.9  # issue: a video counts as done at ≥ 90 % watched
ADJACENT_GAP_SECONDS = 1.0  # timeupdate fires every ~0.25 s; a gap this small is one stretch
PRECISION = 3  # milliseconds: enough for seeking, stable in JSON

Interval = list[float]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _clean(raw: Iterable[object], duration: float | None) -> list[tuple[float, float]]:
    """Valid, clamped pairs; anything malformed, negative, reversed or empty is dropped."""
    pairs = []
    for item in raw or ():
        if not isinstance(item, list | tuple) or len(item) != 2:
            continue
        start, end = _number(item[0]), _number(item[1])
        if start is None or end is None or start < 0 or end < 0:
            continue
        if duration is not None:
            end = min(end, duration)
        start, end = round(start, PRECISION), round(end, PRECISION)
        if end > start:
            pairs.append((start, end))
    return pairs


def merge_intervals(
    existing: Iterable[object], new: Iterable[object], *, duration: float | None = None
) -> list[Interval]:
    """Return the union of two interval lists: sorted, disjoint, clamped to [0, duration].

    Intervals that overlap or are at most ``ADJACENT_GAP_SECONDS`` apart become one.
    Invalid items (not a pair of finite numbers, negative, reversed or empty) are ignored,
    so a malformed report from a browser changes nothing. The result does not depend on
    the order of the inputs, and merging a result again returns it unchanged.
    """
    limit = _number(duration)
    if limit is not None and limit <= 0:
        return []
    pairs = sorted(_clean(existing, limit) + _clean(new, limit))
    merged: list[Interval] = []
    for start, end in pairs:
        if merged and start - merged[-1][1] <= ADJACENT_GAP_SECONDS:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def watched_seconds(intervals: Iterable[Interval]) -> float:
    """Total length of merged intervals, in seconds."""
    return round(sum(end - start for start, end in intervals), PRECISION)


def watched_share(intervals: Iterable[Interval], duration: float | None) -> float:
    """Share of the video watched, from 0.0 to 1.0; 0.0 when the duration is unknown."""
    limit = _number(duration)
    if limit is None or limit <= 0:
        return 0.0
    return min(1.0, watched_seconds(intervals) / limit)


def is_complete(
    intervals: Iterable[Interval], duration: float | None, threshold: float = COMPLETE_SHARE
) -> bool:
    """True when at least ``threshold`` of the video was watched (unknown duration: never)."""
    limit = _number(duration)
    if limit is None or limit <= 0:
        return False
    return watched_seconds(intervals) >= threshold * limit - 1e-6


def clamp_position(position: object, duration: float | None) -> float | None:
    """The resume position within [0, duration], or None when it is not a usable number."""
    number = _number(position)
    if number is None or number < 0:
        return None
    limit = _number(duration)
    if limit is not None and limit > 0:
        number = min(number, limit)
    return round(number, PRECISION)

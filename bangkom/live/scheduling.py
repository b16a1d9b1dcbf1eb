"""The scheduling assistant: local times per zone, warnings, and the nearest clean slot.

Pure functions over aware datetimes (no ORM, no Django): ``check_slot`` says what a proposed
[start, end) looks like in each zone where an offering has participants and what is wrong
with it; ``suggest_slot`` finds the nearest start without warnings. They warn, never block.

Rules (DOMAIN.md §5.2, Perpres 21/2023): working days Monday–Friday, work 07.30–16.00 local;
the Friday prayer break is taken as 11.30–13.00 local (set per instansi, hence
``WorkingRules``). Intervals are half-open: a session ending at 11.30 on a Friday, or
starting at 13.00, or ending exactly at 16.00, is fine. A zero-length interval is one
instant (a deadline, the moment an exam window opens).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bangkom.common.timezones import zone_label

FRIDAY = 4
ZONE_ORDER = {"WIB": 0, "WITA": 1, "WIT": 2}

FRIDAY_PRAYER = "friday_prayer"
OUTSIDE_HOURS = "outside_hours"
CLASH = "clash"


@dataclass(frozen=True)
class WorkingRules:
    """Working hours and the Friday break in local time (configurable: Ramadan, instansi)."""

    day_start: time = time(7, 30)
    day_end: time = time(16, 0)
    friday_break_start: time = time(11, 30)
    friday_break_end: time = time(13, 0)
    working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})


DEFAULT_RULES = WorkingRules()
# Perpres 21/2023 in Ramadan: start 08.00; the Friday break is 60 minutes.
RAMADAN_RULES = WorkingRules(
    day_start=time(8, 0), day_end=time(15, 0), friday_break_end=time(12, 30)
)


@dataclass(frozen=True)
class Busy:
    """Something the same participants already have: another session or a coaching booking."""

    start: datetime
    end: datetime
    label: str
    kind: str = "session"  # "session" | "coaching"


@dataclass(frozen=True)
class ScheduleWarning:
    code: str  # FRIDAY_PRAYER | OUTSIDE_HOURS | CLASH
    zone: str = ""  # IANA zone name, for zone warnings
    busy: Busy | None = None  # for clashes

    @property
    def zone_label(self) -> str:
        return zone_label(self.zone) if self.zone else ""


@dataclass(frozen=True)
class ZoneTimes:
    zone: str
    label: str
    local_start: datetime
    local_end: datetime
    warnings: tuple[str, ...]  # codes

    @property
    def is_instant(self) -> bool:
        return self.local_start == self.local_end

    @property
    def crosses_date(self) -> bool:
        return self.local_start.date() != self.local_end.date()


@dataclass(frozen=True)
class ScheduleCheck:
    start: datetime
    end: datetime
    zones: tuple[ZoneTimes, ...]
    warnings: tuple[ScheduleWarning, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.warnings

    @property
    def clashes(self) -> tuple[Busy, ...]:
        return tuple(w.busy for w in self.warnings if w.code == CLASH and w.busy is not None)

    def has(self, code: str, zone_label_: str | None = None) -> bool:
        return any(
            w.code == code and (zone_label_ is None or w.zone_label == zone_label_)
            for w in self.warnings
        )


def _overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Half-open overlap; a zero-length [t, t] is an instant inside [a, b) when a <= t < b."""
    if start == end:
        return other_start <= start < other_end
    return start < other_end and end > other_start


def _local_dates(local_start: datetime, local_end: datetime) -> Iterable[date]:
    day = local_start.date()
    while day <= local_end.date():
        yield day
        day += timedelta(days=1)


def overlaps_friday_break(
    start: datetime, end: datetime, zone: str, rules: WorkingRules = DEFAULT_RULES
) -> bool:
    """True when [start, end) touches the Friday break in ``zone``'s local time."""
    tz = ZoneInfo(zone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    for day in _local_dates(local_start, local_end):
        if day.weekday() != FRIDAY:
            continue
        block_start = datetime.combine(day, rules.friday_break_start, tzinfo=tz)
        block_end = datetime.combine(day, rules.friday_break_end, tzinfo=tz)
        if _overlaps(local_start, local_end, block_start, block_end):
            return True
    return False


def within_working_hours(
    start: datetime, end: datetime, zone: str, rules: WorkingRules = DEFAULT_RULES
) -> bool:
    """True when [start, end) lies inside one working day's hours in ``zone`` (ends inclusive)."""
    tz = ZoneInfo(zone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() != local_end.date():
        return False
    if local_start.weekday() not in rules.working_weekdays:
        return False
    day_start = datetime.combine(local_start.date(), rules.day_start, tzinfo=tz)
    day_end = datetime.combine(local_start.date(), rules.day_end, tzinfo=tz)
    return day_start <= local_start and local_end <= day_end


def sorted_zones(zones: Iterable[str]) -> list[str]:
    """Distinct zones, west to east (WIB, WITA, WIT), then any other by name."""
    return sorted(set(zones), key=lambda z: (ZONE_ORDER.get(zone_label(z), 9), z))


def check_slot(
    start: datetime,
    end: datetime,
    *,
    zones: Iterable[str],
    busy: Sequence[Busy] = (),
    rules: WorkingRules = DEFAULT_RULES,
) -> ScheduleCheck:
    """Local times of [start, end) in each zone, and every warning (Friday, hours, clashes).

    Zones sharing a label (Asia/Jakarta and Asia/Pontianak) are shown once.
    """
    if end < start:
        raise ValueError("end must not be before start")
    rows: list[ZoneTimes] = []
    warnings: list[ScheduleWarning] = []
    seen_labels: set[str] = set()
    for zone in sorted_zones(zones):
        label = zone_label(zone)
        if label in seen_labels:
            continue
        seen_labels.add(label)
        codes = []
        if overlaps_friday_break(start, end, zone, rules):
            codes.append(FRIDAY_PRAYER)
        if not within_working_hours(start, end, zone, rules):
            codes.append(OUTSIDE_HOURS)
        tz = ZoneInfo(zone)
        rows.append(ZoneTimes(zone, label, start.astimezone(tz), end.astimezone(tz), tuple(codes)))
        warnings.extend(ScheduleWarning(code, zone=zone) for code in codes)
    for item in busy:
        if _overlaps(start, end, item.start, item.end):
            warnings.append(ScheduleWarning(CLASH, busy=item))
    return ScheduleCheck(start, end, tuple(rows), tuple(warnings))


def suggest_slot(
    start: datetime,
    end: datetime,
    *,
    zones: Iterable[str],
    busy: Sequence[Busy] = (),
    rules: WorkingRules = DEFAULT_RULES,
    not_before: datetime | None = None,
    step: timedelta = timedelta(minutes=15),
    horizon: timedelta = timedelta(days=14),
) -> datetime | None:
    """The nearest start (same duration) with no warnings, or None within ``horizon``.

    Searches forward and backward in ``step``s from ``start``; at equal distance the later
    start wins (a session is rarely moved earlier than planned). Never before ``not_before``.
    """
    zones = list(zones)
    duration = end - start
    if check_slot(start, end, zones=zones, busy=busy, rules=rules).ok and (
        not_before is None or start >= not_before
    ):
        return start
    steps = int(horizon / step)
    for k in range(1, steps + 1):
        for candidate in (start + k * step, start - k * step):
            if not_before is not None and candidate < not_before:
                continue
            if check_slot(candidate, candidate + duration, zones=zones, busy=busy, rules=rules).ok:
                return candidate
    return None

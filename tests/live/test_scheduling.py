"""The scheduling assistant's pure rules (DOMAIN.md §5.2): Friday break, working hours,
clashes and suggestions, at their boundaries, in each of the three zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bangkom.live.scheduling import (
    CLASH,
    FRIDAY_PRAYER,
    OUTSIDE_HOURS,
    Busy,
    check_slot,
    suggest_slot,
)

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
ALL_ZONES = [WIB, WITA, WIT]
FRIDAY = (2027, 1, 8)
MONDAY = (2027, 1, 11)
SATURDAY = (2027, 1, 9)


def local(zone: str, day: tuple[int, int, int], hour: int, minute: int = 0) -> datetime:
    """An instant given as local wall-clock time in ``zone``."""
    return datetime(*day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def codes(zone: str, start: datetime, end: datetime) -> set[str]:
    return {w.code for w in check_slot(start, end, zones=[zone]).warnings}


@pytest.mark.parametrize("zone", ALL_ZONES)
def test_friday_session_ending_at_1130_local_is_fine(zone):
    assert codes(zone, local(zone, FRIDAY, 10, 30), local(zone, FRIDAY, 11, 30)) == set()


@pytest.mark.parametrize("zone", ALL_ZONES)
def test_friday_session_ending_at_1131_local_warns(zone):
    found = codes(zone, local(zone, FRIDAY, 10, 31), local(zone, FRIDAY, 11, 31))
    assert found == {FRIDAY_PRAYER}


@pytest.mark.parametrize("zone", ALL_ZONES)
def test_friday_session_from_1129_to_1130_is_fine_and_from_1259_warns(zone):
    assert codes(zone, local(zone, FRIDAY, 11, 29), local(zone, FRIDAY, 11, 30)) == set()
    assert codes(zone, local(zone, FRIDAY, 12, 59), local(zone, FRIDAY, 14)) == {FRIDAY_PRAYER}


@pytest.mark.parametrize("zone", ALL_ZONES)
def test_friday_session_starting_at_1300_local_is_fine(zone):
    assert codes(zone, local(zone, FRIDAY, 13), local(zone, FRIDAY, 14)) == set()


@pytest.mark.parametrize("zone", ALL_ZONES)
def test_working_day_starts_at_0730_local(zone):
    assert codes(zone, local(zone, MONDAY, 7, 30), local(zone, MONDAY, 8, 30)) == set()
    assert codes(zone, local(zone, MONDAY, 7, 29), local(zone, MONDAY, 8, 30)) == {OUTSIDE_HOURS}


@pytest.mark.parametrize("zone", ALL_ZONES)
def test_working_day_ends_at_1600_local_inclusive(zone):
    assert codes(zone, local(zone, MONDAY, 15), local(zone, MONDAY, 16)) == set()
    assert codes(zone, local(zone, MONDAY, 15, 1), local(zone, MONDAY, 16, 1)) == {OUTSIDE_HOURS}


def test_weekend_is_outside_working_hours():
    assert codes(WIB, local(WIB, SATURDAY, 9), local(WIB, SATURDAY, 10)) == {OUTSIDE_HOURS}


def test_one_instant_in_the_friday_break_warns_but_1129_does_not():
    assert codes(WIT, local(WIT, FRIDAY, 11, 29), local(WIT, FRIDAY, 11, 29)) == set()
    at_1130 = local(WIT, FRIDAY, 11, 30)
    assert codes(WIT, at_1130, at_1130) == {FRIDAY_PRAYER}


def test_a_wib_session_is_checked_against_each_zones_own_clock():
    # 10.00–11.00 WIB on a Friday is 12.00–13.00 WIT: inside the WIT Friday break only.
    check = check_slot(local(WIB, FRIDAY, 10), local(WIB, FRIDAY, 11), zones=ALL_ZONES)
    assert [row.label for row in check.zones] == ["WIB", "WITA", "WIT"]
    assert [row.local_start.strftime("%H.%M") for row in check.zones] == ["10.00", "11.00", "12.00"]
    assert check.has(FRIDAY_PRAYER, "WIT")
    assert check.has(FRIDAY_PRAYER, "WITA")  # 11.00–12.00 WITA overlaps 11.30
    assert not check.has(FRIDAY_PRAYER, "WIB")


def test_nationwide_monday_window_ends_at_1400_wib():
    # DOMAIN.md §5.2: 14.00 WIB is 16.00 WIT, the end of the WIT working day.
    ok = check_slot(local(WIB, MONDAY, 13), local(WIB, MONDAY, 14), zones=ALL_ZONES)
    late = check_slot(local(WIB, MONDAY, 13, 1), local(WIB, MONDAY, 14, 1), zones=ALL_ZONES)
    assert ok.ok
    assert [w.zone_label for w in late.warnings] == ["WIT"]
    assert late.has(OUTSIDE_HOURS, "WIT")


def test_nationwide_friday_fits_0800_to_0930_wib():
    assert check_slot(local(WIB, FRIDAY, 8), local(WIB, FRIDAY, 9, 30), zones=ALL_ZONES).ok
    too_long = check_slot(local(WIB, FRIDAY, 8), local(WIB, FRIDAY, 9, 31), zones=ALL_ZONES)
    assert too_long.has(FRIDAY_PRAYER, "WIT")


def test_deadline_near_midnight_falls_on_the_next_day_in_wit():
    due = local(WIB, MONDAY, 23, 30)  # 01.30 WIT on Tuesday
    check = check_slot(due, due, zones=[WIB, WIT])
    wib, wit = check.zones
    assert (wib.local_start.day, wib.local_start.strftime("%H.%M")) == (11, "23.30")
    assert (wit.local_start.day, wit.local_start.strftime("%H.%M")) == (12, "01.30")
    assert wit.local_start.strftime("%A") == "Tuesday"
    assert check.has(OUTSIDE_HOURS, "WIB")
    assert check.has(OUTSIDE_HOURS, "WIT")


def test_pontianak_and_jakarta_are_one_wib_row():
    check = check_slot(local(WIB, MONDAY, 9), local(WIB, MONDAY, 10), zones=[WIB, "Asia/Pontianak"])
    assert [row.label for row in check.zones] == ["WIB"]


def test_clash_with_a_busy_time_of_the_same_participants():
    busy = [Busy(local(WIB, MONDAY, 9), local(WIB, MONDAY, 10), "Sesi lain")]
    overlapping = check_slot(
        local(WIB, MONDAY, 9, 30), local(WIB, MONDAY, 10, 30), zones=[WIB], busy=busy
    )
    adjacent = check_slot(local(WIB, MONDAY, 10), local(WIB, MONDAY, 11), zones=[WIB], busy=busy)
    assert [w.code for w in overlapping.warnings] == [CLASH]
    assert overlapping.clashes[0].label == "Sesi lain"
    assert adjacent.ok


def test_end_before_start_is_a_bug():
    with pytest.raises(ValueError, match="end"):
        check_slot(local(WIB, MONDAY, 10), local(WIB, MONDAY, 9), zones=[WIB])


def test_suggestion_for_a_friday_noon_session_is_1300_local():
    start = local(WIB, FRIDAY, 11, 45)
    suggestion = suggest_slot(start, start + timedelta(hours=1), zones=[WIB])
    # 10.30 and 13.00 are equally near; the later one wins.
    assert suggestion == local(WIB, FRIDAY, 13)


def test_suggestion_never_goes_before_not_before():
    start = local(WIB, FRIDAY, 11, 45)
    suggestion = suggest_slot(start, start + timedelta(minutes=30), zones=[WIB], not_before=start)
    assert suggestion == local(WIB, FRIDAY, 13)


def test_suggestion_avoids_clashes_and_keeps_the_duration():
    busy = [Busy(local(WIB, MONDAY, 9), local(WIB, MONDAY, 10), "Sesi lain")]
    start = local(WIB, MONDAY, 9)
    suggestion = suggest_slot(start, start + timedelta(hours=1), zones=[WIB], busy=busy)
    assert suggestion == local(WIB, MONDAY, 10)
    assert check_slot(suggestion, suggestion + timedelta(hours=1), zones=[WIB], busy=busy).ok


def test_suggestion_for_a_clean_slot_is_the_slot_itself():
    start = local(WIB, MONDAY, 9)
    assert suggest_slot(start, start + timedelta(hours=1), zones=ALL_ZONES) == start


def test_no_suggestion_when_nothing_fits_within_the_horizon():
    start = local(WIB, MONDAY, 8)
    # Nine hours never fit inside 07.30–16.00 in WIB and WIT at once.
    assert suggest_slot(start, start + timedelta(hours=9), zones=[WIB, WIT]) is None

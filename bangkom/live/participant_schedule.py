"""Read side for the scheduling assistant: an offering's participant zones and busy times.

``review_schedule`` feeds these to the pure functions of ``scheduling.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bangkom.accounts.provinces import province_time_zone
from bangkom.common.timezones import DEFAULT_ZONE
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from bangkom.live.choices import BookingStatus, SessionStatus
from bangkom.live.models import CoachingBooking, LiveSession
from bangkom.live.scheduling import Busy, ScheduleCheck, check_slot, sorted_zones, suggest_slot

SEARCH_HORIZON = timedelta(days=14)


def _enrolled(offering: Offering):
    return Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.ENROLLED)


def participant_zones(offering: Offering) -> list[str]:
    """Distinct zones of the offering's enrolled participants (own choice, else institution's).

    One query over distinct (chosen zone, province) pairs, however many participants there
    are. With no participants yet, the offering's planning zone.
    """
    pairs = (
        _enrolled(offering)
        .values_list("participant__time_zone", "participant__employee__institution__province_code")
        .distinct()
    )
    zones = set()
    for chosen, province in pairs:
        if chosen:
            zones.add(chosen)
        elif province:
            zones.add(province_time_zone(province))
        else:
            zones.add(DEFAULT_ZONE)
    return sorted_zones(zones or {offering.time_zone or DEFAULT_ZONE})


def busy_times(
    offering: Offering,
    *,
    window_start: datetime,
    window_end: datetime,
    exclude_session_id: int | None = None,
) -> list[Busy]:
    """Non-cancelled live sessions of any offering sharing an enrolled participant with this
    one, and active coaching bookings of its participants, overlapping the window."""
    participants = _enrolled(offering).values("participant")
    shared_offerings = (
        Enrollment.objects.filter(participant__in=participants, status=EnrollmentStatus.ENROLLED)
        .values("offering")
        .distinct()
    )
    sessions = (
        LiveSession.objects.filter(
            offering__in=shared_offerings,
            starts_at__lt=window_end,
            ends_at__gt=window_start,
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk=exclude_session_id)
        .select_related("offering")
    )
    own_sessions = (
        LiveSession.objects.filter(
            offering=offering, starts_at__lt=window_end, ends_at__gt=window_start
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk=exclude_session_id)
        .select_related("offering")
    )
    busy: dict[tuple[str, int], Busy] = {}
    for session in [*sessions, *own_sessions]:
        busy[("session", session.pk)] = Busy(
            session.starts_at,
            session.ends_at,
            f"{session.title} ({session.offering.name})",
            "session",
        )
    bookings = (
        CoachingBooking.objects.filter(
            participant__in=participants,
            status=BookingStatus.BOOKED,
            slot__starts_at__lt=window_end,
            slot__ends_at__gt=window_start,
        )
        .select_related("slot", "slot__coach")
        .order_by("slot__starts_at")
    )
    for booking in bookings:
        slot = booking.slot
        busy.setdefault(
            ("coaching", slot.pk),
            Busy(
                slot.starts_at,
                slot.ends_at,
                f"{slot.get_kind_display()} — {slot.coach.name}",
                "coaching",
            ),
        )
    return sorted(busy.values(), key=lambda b: (b.start, b.label))


@dataclass(frozen=True)
class ScheduleReview:
    check: ScheduleCheck
    suggestion: datetime | None
    suggestion_end: datetime | None
    zones: list[str]

    @property
    def suggestion_differs(self) -> bool:
        return self.suggestion is not None and self.suggestion != self.check.start


def review_schedule(
    offering: Offering,
    *,
    start: datetime,
    end: datetime | None = None,
    now: datetime,
    exclude_session_id: int | None = None,
) -> ScheduleReview:
    """Check a proposed session, window or deadline for an offering; suggest a clean start.

    ``end`` None means one instant (a deadline or the moment an exam window opens).
    """
    end = start if end is None else end
    zones = participant_zones(offering)
    busy = busy_times(
        offering,
        window_start=start - SEARCH_HORIZON - timedelta(days=1),
        window_end=end + SEARCH_HORIZON + timedelta(days=1),
        exclude_session_id=exclude_session_id,
    )
    check = check_slot(start, end, zones=zones, busy=busy)
    suggestion = (
        start
        if check.ok
        else suggest_slot(
            start, end, zones=zones, busy=busy, not_before=now, horizon=SEARCH_HORIZON
        )
    )
    return ScheduleReview(
        check=check,
        suggestion=suggestion,
        suggestion_end=suggestion + (end - start) if suggestion else None,
        zones=zones,
    )

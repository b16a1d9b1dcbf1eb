"""Read side of the live context: who sees which sessions, slots and bookings.

A user who may open a route but not that object gets ``LiveObjectNotFound`` (views answer
404), so existence stays private.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Q, QuerySet

from bangkom.accounts.models import User
from bangkom.curriculum.choices import OfferingStatus
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from bangkom.live.choices import FORM_CODES, BookingStatus, SessionStatus
from bangkom.live.errors import LiveObjectNotFound
from bangkom.live.models import CoachingBooking, CoachingSlot, LiveSession, SessionAttendance
from bangkom.live.permissions import can_manage_sessions, can_offer_slots


def _enrolled_offerings(user: User) -> QuerySet:
    return Enrollment.objects.filter(participant=user, status=EnrollmentStatus.ENROLLED).values(
        "offering"
    )


def _session_rows() -> QuerySet[LiveSession]:
    return LiveSession.objects.select_related(
        "offering", "offering__program", "subject", "host", "facilitator"
    )


def sessions_of_user(user: User) -> QuerySet[LiveSession]:
    """Sessions in the user's own calendar: their offerings', and those they host/facilitate."""
    return _session_rows().filter(
        Q(offering__in=_enrolled_offerings(user)) | Q(host=user) | Q(facilitator=user)
    )


def sessions_visible_to(user: User) -> QuerySet[LiveSession]:
    """Own sessions, plus every session for managers."""
    if can_manage_sessions(user):
        return _session_rows()
    return sessions_of_user(user)


def session_for(user: User, pk: int) -> LiveSession:
    session = sessions_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise LiveObjectNotFound()
    return session


def session_to_join(user: User, pk: int) -> LiveSession:
    """A session the user may join: enrolled participants, the host and the facilitator."""
    session = sessions_of_user(user).filter(pk=pk).first()
    if session is None:
        raise LiveObjectNotFound()
    return session


def managed_session(user: User, pk: int) -> LiveSession:
    if not can_manage_sessions(user):
        raise LiveObjectNotFound()
    return session_for(user, pk)


def managed_offering(user: User, pk: int) -> Offering:
    offering = Offering.objects.select_related("program").filter(pk=pk).first()
    if offering is None or not can_manage_sessions(user):
        raise LiveObjectNotFound()
    return offering


def offerings_to_plan() -> QuerySet[Offering]:
    return (
        Offering.objects.select_related("program")
        .exclude(status=OfferingStatus.DRAFT)
        .order_by("-starts_at", "code")
    )


def attendance_participants(session: LiveSession) -> QuerySet[User]:
    """The participants enrolled in the session's offering, by name."""
    return (
        User.objects.filter(
            enrollments__offering_id=session.offering_id,
            enrollments__status=EnrollmentStatus.ENROLLED,
        )
        .select_related("employee__institution")
        .order_by("name", "pk")
        .distinct()
    )


def attendance_rows(session: LiveSession, participants: Iterable[User]) -> list[dict]:
    """These participants with their join click and the host's mark (one query)."""
    participants = list(participants)
    records = {
        a.participant_id: a
        for a in SessionAttendance.objects.filter(session=session, participant__in=participants)
    }
    return [{"participant": p, "attendance": records.get(p.pk)} for p in participants]


def attendance_sheet(session: LiveSession) -> list[dict]:
    """Every enrolled participant with their join click and the host's mark (two queries)."""
    return attendance_rows(session, attendance_participants(session))


def attendance_of(session: LiveSession, user: User) -> SessionAttendance | None:
    return SessionAttendance.objects.filter(session=session, participant=user).first()


# --- coaching -------------------------------------------------------------------------------


def _slot_rows() -> QuerySet[CoachingSlot]:
    return CoachingSlot.objects.select_related(
        "coach", "offering", "subject", "coach__employee__institution"
    )


def open_slots_for(user: User, *, now: datetime) -> QuerySet[CoachingSlot]:
    """Future, not cancelled, not full slots the participant may book (open to all, or of an
    offering they are enrolled in), without those they already booked."""
    return (
        _slot_rows()
        .filter(starts_at__gt=now, cancelled_at__isnull=True)
        .filter(Q(offering__isnull=True) | Q(offering__in=_enrolled_offerings(user)))
        .exclude(
            pk__in=CoachingBooking.objects.filter(
                participant=user, status=BookingStatus.BOOKED
            ).values("slot")
        )
        .exclude(coach=user)
        .filter(booked_count__lt=F("capacity"))
    )


def bookable_slot(user: User, pk: int) -> CoachingSlot:
    slot = (
        _slot_rows()
        .filter(pk=pk)
        .filter(Q(offering__isnull=True) | Q(offering__in=_enrolled_offerings(user)))
        .first()
    )
    if slot is None:
        raise LiveObjectNotFound()
    return slot


def _booking_rows() -> QuerySet[CoachingBooking]:
    return CoachingBooking.objects.select_related(
        "slot", "slot__coach", "slot__offering", "slot__subject", "participant"
    )


def bookings_of_participant(user: User) -> QuerySet[CoachingBooking]:
    return _booking_rows().filter(participant=user)


def booking_for(user: User, pk: int) -> CoachingBooking:
    """A booking seen by its participant or by the slot's coach; anyone else: not found."""
    booking = _booking_rows().filter(pk=pk).filter(Q(participant=user) | Q(slot__coach=user))
    found = booking.first()
    if found is None:
        raise LiveObjectNotFound()
    return found


def coach_booking(user: User, pk: int) -> CoachingBooking:
    booking = _booking_rows().filter(pk=pk, slot__coach=user).first()
    if booking is None:
        raise LiveObjectNotFound()
    return booking


def slots_of_coach(user: User) -> QuerySet[CoachingSlot]:
    return _slot_rows().filter(coach=user)


def coach_slot(user: User, pk: int) -> CoachingSlot:
    slot = slots_of_coach(user).filter(pk=pk).first() if can_offer_slots(user) else None
    if slot is None:
        raise LiveObjectNotFound()
    return slot


@dataclass(frozen=True)
class CoachingActivity:
    """A held coaching/mentoring session, as a learning activity (DOMAIN.md §2.3)."""

    booking_id: int
    form_code: str  # NKL01 coaching, NKL02 mentoring
    kind: str
    date: date  # in the participant's zone
    starts_at: datetime
    duration_minutes: int
    coach_name: str
    coach_id: int


def coaching_activities_for(user: User, *, now: datetime | None = None) -> list[CoachingActivity]:
    """The participant's held sessions: active bookings whose slot has ended by ``now``.

    The JP ledger may count these; the date is the participant's local date.
    """
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    now = now or timezone.now()
    zone = ZoneInfo(user.time_zone_name)
    rows = _booking_rows().filter(
        participant=user,
        status=BookingStatus.BOOKED,
        slot__ends_at__lte=now,
        slot__cancelled_at__isnull=True,
    )
    return [
        CoachingActivity(
            booking_id=b.pk,
            form_code=FORM_CODES[b.slot.kind],
            kind=b.slot.kind,
            date=b.slot.starts_at.astimezone(zone).date(),
            starts_at=b.slot.starts_at,
            duration_minutes=b.slot.duration_minutes,
            coach_name=b.slot.coach.name,
            coach_id=b.slot.coach_id,
        )
        for b in rows.order_by("slot__starts_at")
    ]


def upcoming_sessions(user: User, *, now: datetime) -> QuerySet[LiveSession]:
    return sessions_of_user(user).filter(ends_at__gt=now).exclude(status=SessionStatus.CANCELLED)

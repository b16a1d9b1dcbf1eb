"""Coaching and mentoring: publish slots, book, cancel, write notes (DOMAIN.md S-1 R10).

No slot is ever booked beyond its capacity, even by simultaneous requests: a booking takes
its seat with one conditional UPDATE (``booked_count < capacity``) inside the transaction
that inserts it; the check constraint and the partial unique index (one active booking per
participant and slot) back it up. This works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.audit.log import record
from bangkom.common.errors import InvalidInput
from bangkom.common.richtext import render_markdown
from bangkom.common.timezones import format_local
from bangkom.curriculum.models import Offering, Subject
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from bangkom.live.choices import BookingStatus, CoachingKind
from bangkom.live.errors import (
    AlreadyBooked,
    BookingClosed,
    InvalidWindow,
    LiveErrorCode,
    NotEnrolled,
    SlotClosed,
    SlotFull,
)
from bangkom.live.models import CoachingBooking, CoachingSlot
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify

MAX_GROUP_SIZE = 20


@dataclass(frozen=True)
class SlotInput:
    kind: str
    starts_at: datetime
    ends_at: datetime
    capacity: int = 1
    offering: Offering | None = None
    subject: Subject | None = None
    location: str = ""
    meeting_url: str = ""


def _invalid(field: str, message: str) -> InvalidInput:
    error = InvalidInput(LiveErrorCode.INVALID_WINDOW, message)
    error.field = field
    return error


def publish_slot(*, coach: User, data: SlotInput, now: datetime) -> CoachingSlot:
    """Offer a future slot (one-to-one when capacity is 1, else a small group)."""
    if data.ends_at <= data.starts_at:
        raise InvalidWindow()
    if data.starts_at <= now:
        raise _invalid("starts_at", _("Slot harus dimulai pada waktu yang akan datang."))
    if not 1 <= data.capacity <= MAX_GROUP_SIZE:
        raise _invalid(
            "capacity", _("Kapasitas antara 1 dan %(max)d peserta.") % {"max": MAX_GROUP_SIZE}
        )
    if data.subject is not None and (
        data.offering is None or data.subject.program_id != data.offering.program_id
    ):
        raise _invalid("subject", _("Mata pelatihan harus bagian dari angkatan yang dipilih."))
    slot = CoachingSlot(
        coach=coach,
        kind=data.kind,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        capacity=data.capacity,
        offering=data.offering,
        subject=data.subject,
        location=data.location.strip(),
        meeting_url=data.meeting_url,
    )
    try:
        slot.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise _invalid(field, " ".join(messages)) from exc
    slot.save()
    return slot


def _slot_when(slot: CoachingSlot, user: User) -> str:
    return format_local(slot.starts_at, user.time_zone_name)


def _booking_url(booking: CoachingBooking) -> str:
    return reverse("live:booking-detail", args=[booking.pk])


def book_slot(
    slot: CoachingSlot, *, participant: User, topic: str = "", now: datetime
) -> CoachingBooking:
    """Take one seat of ``slot`` for ``participant``; refuses full, past and repeated bookings."""
    if slot.cancelled_at is not None or slot.starts_at <= now:
        raise SlotClosed()
    if (
        slot.offering_id is not None
        and not Enrollment.objects.filter(
            offering_id=slot.offering_id,
            participant=participant,
            status=EnrollmentStatus.ENROLLED,
        ).exists()
    ):
        raise NotEnrolled()
    if CoachingBooking.objects.filter(
        slot=slot, participant=participant, status=BookingStatus.BOOKED
    ).exists():
        raise AlreadyBooked()
    try:
        with transaction.atomic():
            taken = CoachingSlot.objects.filter(
                pk=slot.pk,
                booked_count__lt=F("capacity"),
                cancelled_at__isnull=True,
                starts_at__gt=now,
            ).update(booked_count=F("booked_count") + 1)
            if taken != 1:
                raise SlotFull()
            booking = CoachingBooking.objects.create(
                slot=slot,
                participant=participant,
                topic=topic.strip()[:300],
                booked_at=now,
            )
            record(
                "coaching.booked",
                actor=participant,
                target=booking,
                subject=participant,
                summary=str(slot),
            )
            _notify_booked(booking, slot=slot, participant=participant)
    except IntegrityError as exc:  # the same participant's parallel request won
        raise AlreadyBooked() from exc
    slot.refresh_from_db(fields=["booked_count"])
    return booking


def _notify_booked(booking: CoachingBooking, *, slot: CoachingSlot, participant: User) -> None:
    kind = CoachingKind(slot.kind).label
    notify(
        participant,
        event_key=f"coaching-booking:{booking.pk}:booked",
        title=_("Pemesanan %(kind)s terkonfirmasi") % {"kind": kind},
        body=_("%(kind)s dengan %(coach)s pada %(when)s.")
        % {"kind": kind, "coach": slot.coach.name, "when": _slot_when(slot, participant)},
        url=_booking_url(booking),
        kind=NotificationKind.COACHING_BOOKING,
    )
    notify(
        slot.coach,
        event_key=f"coaching-booking:{booking.pk}:booked:coach",
        title=_("Pemesanan %(kind)s baru") % {"kind": kind},
        body=_("%(name)s memesan slot %(when)s.")
        % {"name": participant.name, "when": _slot_when(slot, slot.coach)},
        url=_booking_url(booking),
        kind=NotificationKind.COACHING_BOOKING,
    )


def cancel_booking(booking: CoachingBooking, *, by: User, now: datetime) -> CoachingBooking:
    """Cancel an active booking before its slot starts and free the seat.

    The participant or the coach may cancel; the other side is notified. A second cancel
    (a retried request) is refused and changes nothing.
    """
    slot = booking.slot
    if slot.starts_at <= now:
        raise BookingClosed()
    with transaction.atomic():
        cancelled = CoachingBooking.objects.filter(
            pk=booking.pk, status=BookingStatus.BOOKED
        ).update(status=BookingStatus.CANCELLED, cancelled_at=now, cancelled_by=by)
        if cancelled != 1:
            raise BookingClosed()
        CoachingSlot.objects.filter(pk=slot.pk, booked_count__gt=0).update(
            booked_count=F("booked_count") - 1
        )
        booking.refresh_from_db()
        record(
            "coaching.cancelled",
            actor=by,
            target=booking,
            subject=booking.participant,
            summary=str(slot),
        )
        _notify_cancelled(booking, slot=slot, by=by)
    return booking


def _notify_cancelled(booking: CoachingBooking, *, slot: CoachingSlot, by: User) -> None:
    kind = CoachingKind(slot.kind).label
    if by.pk == booking.participant_id:
        recipient, name = slot.coach, booking.participant.name
    else:
        recipient, name = booking.participant, slot.coach.name
    notify(
        recipient,
        event_key=f"coaching-booking:{booking.pk}:cancelled",
        title=_("Pemesanan %(kind)s dibatalkan") % {"kind": kind},
        body=_("%(name)s membatalkan sesi %(when)s.")
        % {"name": name, "when": _slot_when(slot, recipient)},
        url=_booking_url(booking),
        kind=NotificationKind.COACHING_BOOKING,
    )


def cancel_slot(slot: CoachingSlot, *, by: User, now: datetime) -> int:
    """The coach withdraws a future slot: every active booking is cancelled and notified."""
    if slot.starts_at <= now:
        raise BookingClosed()
    count = 0
    with transaction.atomic():
        CoachingSlot.objects.filter(pk=slot.pk, cancelled_at__isnull=True).update(cancelled_at=now)
        for booking in slot.bookings.filter(status=BookingStatus.BOOKED).select_related(
            "participant", "slot__coach"
        ):
            cancel_booking(booking, by=by, now=now)
            count += 1
    slot.refresh_from_db()
    return count


def write_notes(
    booking: CoachingBooking, *, notes: str, follow_up: str, by: User, now: datetime
) -> CoachingBooking:
    """The coach's session notes and follow-ups (Markdown), shown to the participant.

    The participant is notified once per distinct text: saving the same notes again (a
    retried request) does not notify twice.
    """
    booking.notes_markdown = notes
    booking.notes_html = render_markdown(notes)
    booking.follow_up_markdown = follow_up
    booking.follow_up_html = render_markdown(follow_up)
    booking.notes_updated_at = now
    with transaction.atomic():
        booking.save(
            update_fields=[
                "notes_markdown",
                "notes_html",
                "follow_up_markdown",
                "follow_up_html",
                "notes_updated_at",
                "updated_at",
            ]
        )
        if notes.strip() or follow_up.strip():
            digest = hashlib.sha256(f"{notes}\x00{follow_up}".encode()).hexdigest()[:16]
            notify(
                booking.participant,
                event_key=f"coaching-booking:{booking.pk}:notes:{digest}",
                title=_("Catatan %(kind)s baru dari %(coach)s")
                % {"kind": CoachingKind(booking.slot.kind).label, "coach": by.name},
                url=_booking_url(booking),
                kind=NotificationKind.COACHING_BOOKING,
            )
    return booking

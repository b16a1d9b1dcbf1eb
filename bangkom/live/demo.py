"""The live part of the demo world (issue 7 item 6): sessions across zones, slots, bookings.

``seed_live_demo(now=...)`` runs after the learning and exam demos (``LATER_DEMO_STEPS``):

- on each running demo offering, three live sessions hosted by the demo pengelola and
  facilitated by the demo widyaiswara: a confirmed one next Monday 09.00 WIB (11.00 WIT,
  clean in every zone), a tentative one on the next Friday at 11.45 WIB (it overlaps the
  Friday break, so its page shows the warning), and one last week with a recording;
- the demo accounts have no coach, so the demo widyaiswara (who may offer coaching) publishes
  slots next week: three one-to-one coaching slots and one mentoring group of four, plus a
  held coaching session last week with notes and a follow-up;
- bookings: the demo participant "enrolled" books a coaching slot and holds the past one; a
  participant of a WIT institution (Maluku/Papua) books the mentoring group. When the world
  has no enrolled WIT participant, one sample participant is given the WIT zone.

Idempotent: sessions by (offering, title), slots by (coach, start, kind), bookings by
(slot, participant).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from bangkom.accounts.choices import Role
from bangkom.accounts.demo import DEMO_ACCOUNTS
from bangkom.accounts.models import User
from bangkom.common.richtext import render_markdown
from bangkom.curriculum.demo import RUNNING_OFFERING_CODES
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.demo import ENROLLED_NIP
from bangkom.learning.models import Enrollment
from bangkom.live.choices import BookingStatus, CoachingKind, SessionStatus
from bangkom.live.coaching import book_slot
from bangkom.live.models import CoachingBooking, CoachingSlot, LiveSession

WIB = ZoneInfo("Asia/Jakarta")
WIT_ZONE = "Asia/Jayapura"
WIT_PROVINCES = ("81", "82", "91", "92", "93", "94", "95", "96")
MEETING_URL = "https://zoom.us/j/5550001111"
MAX_OFFERINGS = 3


def _demo_user(role: str) -> User | None:
    nip = next((a.nip for a in DEMO_ACCOUNTS if a.role == role), None)
    return User.objects.filter(nip=nip).first() if nip else None


def _next_weekday(now: datetime, weekday: int) -> date:
    """The next date (in WIB) with ``weekday``, strictly after today."""
    today = now.astimezone(WIB).date()
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _wib(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


def _session(offering: Offering, *, title: str, defaults: dict) -> int:
    subject = offering.program.subjects.order_by("order").first()
    if subject is None:
        return 0
    agenda = defaults.pop("agenda")
    _session, created = LiveSession.objects.get_or_create(
        offering=offering,
        title=title,
        defaults={
            **defaults,
            "subject": subject,
            "agenda_markdown": agenda,
            "agenda_html": render_markdown(agenda),
            "meeting_url": MEETING_URL,
        },
    )
    return int(created)


def seed_sessions(offering: Offering, *, host: User, facilitator: User, now: datetime) -> int:
    monday, friday = _next_weekday(now, 0), _next_weekday(now, 4)
    last_tuesday = _next_weekday(now, 1) - timedelta(days=7)
    common = {"host": host, "facilitator": facilitator, "created_by": host}
    created = _session(
        offering,
        title="Sesi penjelasan: tanya jawab materi pekan ini",
        defaults={
            **common,
            "status": SessionStatus.CONFIRMED,
            "starts_at": _wib(monday, 9),
            "ends_at": _wib(monday, 10),
            "agenda": "1. Ringkasan materi\n2. Tanya jawab\n3. Rencana tugas pekan depan",
        },
    )
    created += _session(
        offering,
        title="Sesi klinik tugas (Jumat siang)",
        defaults={
            **common,
            "status": SessionStatus.TENTATIVE,
            "starts_at": _wib(friday, 11, 45),
            "ends_at": _wib(friday, 12, 45),
            "agenda": "Jadwal tentatif: bertepatan dengan istirahat salat Jumat di WIB/WITA.",
        },
    )
    created += _session(
        offering,
        title="Sesi pembukaan dan orientasi",
        defaults={
            **common,
            "status": SessionStatus.CONFIRMED,
            "starts_at": _wib(last_tuesday, 9),
            "ends_at": _wib(last_tuesday, 10, 30),
            "agenda": "Pembukaan, orientasi platform, ketentuan peserta.",
            "recording_url": "https://video.bangkom.kemendagri.go.id/rekaman/pembukaan",
        },
    )
    return created


def _slot(
    coach: User, *, kind: str, starts_at: datetime, capacity: int = 1
) -> tuple[CoachingSlot, int]:
    slot, created = CoachingSlot.objects.get_or_create(
        coach=coach,
        starts_at=starts_at,
        kind=kind,
        defaults={
            "ends_at": starts_at + timedelta(hours=1),
            "capacity": capacity,
            "meeting_url": "https://zoom.us/j/5550002222",
            "location": "Daring",
        },
    )
    return slot, int(created)


def seed_slots(coach: User, *, now: datetime) -> tuple[list[CoachingSlot], CoachingSlot, int]:
    """Next week's slots (three one-to-one coaching, one mentoring group); returns them,
    the mentoring group and how many were created."""
    monday = _next_weekday(now, 0)
    created = 0
    slots = []
    for offset, hour in ((0, 13), (1, 13), (2, 9)):
        slot, new = _slot(
            coach, kind=CoachingKind.COACHING, starts_at=_wib(monday + timedelta(days=offset), hour)
        )
        slots.append(slot)
        created += new
    group, new = _slot(
        coach,
        kind=CoachingKind.MENTORING,
        starts_at=_wib(monday + timedelta(days=3), 10),
        capacity=4,
    )
    return slots, group, created + new


def _wit_participant(offerings: list[Offering]) -> User | None:
    enrolled = Enrollment.objects.filter(
        offering__in=offerings, status=EnrollmentStatus.ENROLLED
    ).select_related("participant")
    wit = enrolled.filter(
        participant__employee__institution__province_code__in=WIT_PROVINCES
    ).exclude(participant__nip=ENROLLED_NIP)
    chosen = wit.order_by("participant__name").first()
    if chosen is not None:
        return chosen.participant
    fallback = (
        enrolled.exclude(participant__nip=ENROLLED_NIP)
        .exclude(participant__role_assignments__role__in=[Role.PENGELOLA, Role.ADMIN])
        .order_by("participant__name")
        .first()
    )
    if fallback is None:
        return None
    User.objects.filter(pk=fallback.participant_id).update(time_zone=WIT_ZONE)
    fallback.participant.refresh_from_db()
    return fallback.participant


def _book(slot: CoachingSlot, participant: User, *, topic: str, now: datetime) -> int:
    if CoachingBooking.objects.filter(slot=slot, participant=participant).exists():
        return 0
    book_slot(slot, participant=participant, topic=topic, now=now)
    return 1


def _held_session(coach: User, participant: User, *, now: datetime) -> int:
    """A coaching session held last week, with notes (written directly: slots and bookings
    are only published and booked for the future through ``coaching.py``)."""
    start = _wib(_next_weekday(now, 2) - timedelta(days=7), 14)
    slot, _created = CoachingSlot.objects.get_or_create(
        coach=coach,
        starts_at=start,
        kind=CoachingKind.COACHING,
        defaults={
            "ends_at": start + timedelta(hours=1),
            "capacity": 1,
            "booked_count": 1,
            "location": "Daring",
            "meeting_url": "https://zoom.us/j/5550003333",
        },
    )
    notes = "Membahas rencana aksi perubahan: **indikator kinerja** belum terukur."
    follow_up = "- Rumuskan 3 indikator SMART\n- Kirim draf sebelum sesi berikutnya"
    _booking, created = CoachingBooking.objects.get_or_create(
        slot=slot,
        participant=participant,
        defaults={
            "status": BookingStatus.BOOKED,
            "topic": "Rencana aksi perubahan",
            "booked_at": start - timedelta(days=2),
            "notes_markdown": notes,
            "notes_html": render_markdown(notes),
            "follow_up_markdown": follow_up,
            "follow_up_html": render_markdown(follow_up),
            "notes_updated_at": start + timedelta(hours=1),
        },
    )
    return int(created)


def seed_live_demo(*, now: datetime) -> dict[str, int]:
    """Create (or complete) the live demo; idempotent. Keys: sessions, slots, bookings."""
    created = {"sessions": 0, "slots": 0, "bookings": 0}
    host, facilitator = _demo_user(Role.PENGELOLA), _demo_user(Role.WIDYAISWARA)
    if host is None or facilitator is None:
        return created
    with transaction.atomic():
        offerings = list(
            Offering.objects.filter(code__in=RUNNING_OFFERING_CODES)
            .select_related("program")
            .order_by("code")[:MAX_OFFERINGS]
        )
        for offering in offerings:
            created["sessions"] += seed_sessions(
                offering, host=host, facilitator=facilitator, now=now
            )
        slots, group, created["slots"] = seed_slots(facilitator, now=now)
        enrolled = User.objects.filter(
            nip=ENROLLED_NIP,
            enrollments__offering__in=offerings,
            enrollments__status=EnrollmentStatus.ENROLLED,
        ).first()
        if enrolled is not None:
            created["bookings"] += _book(
                slots[0], enrolled, topic="Menyusun telaahan staf", now=now
            )
            created["bookings"] += _held_session(facilitator, enrolled, now=now)
        wit = _wit_participant(offerings)
        if wit is not None:
            created["bookings"] += _book(
                group, wit, topic="Pengembangan karier analis kebijakan", now=now
            )
    return created

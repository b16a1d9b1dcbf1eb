"""Private, revocable iCalendar feeds: tokens, and the events a user's calendar holds.

The token is shown once, when the feed is created; only its SHA-256 is stored, so a
database leak does not leak feed URLs. Regenerating revokes the old URL.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.assessments.models import Assessment
from bangkom.audit.log import record
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Assignment, Enrollment
from bangkom.live.choices import BookingStatus, CoachingKind, SessionStatus
from bangkom.live.errors import LiveObjectNotFound
from bangkom.live.ical import CalendarEvent, event_uid, render_calendar
from bangkom.live.models import CalendarFeed, CoachingBooking, LiveSession
from bangkom.live.queries import sessions_of_user

# How far back a feed reaches; calendars keep older events on their own.
FEED_PAST = timedelta(days=90)
DEADLINE_LENGTH = timedelta(minutes=15)  # a deadline is shown as a short block ending at it


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(user: User, *, now: datetime) -> tuple[CalendarFeed, str]:
    """A new feed for ``user`` (revoking the current one); returns (feed, token) — the token
    exists only in this return value."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        feed = CalendarFeed.objects.create(user=user, token_hash=hash_token(token), created_at=now)
        record("calendar.feed_created", actor=user, target=feed, subject=user)
    return feed, token


def revoke_feed(user: User, *, now: datetime) -> int:
    with transaction.atomic():
        revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if revoked:
            record("calendar.feed_revoked", actor=user, subject=user)
    return revoked


def active_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_owner(token: str, *, now: datetime) -> User:
    """The owner of an active feed token; unknown or revoked: ``LiveObjectNotFound``."""
    if not token or len(token) > 100:
        raise LiveObjectNotFound()
    feed = (
        CalendarFeed.objects.select_related("user__employee__institution")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        raise LiveObjectNotFound()
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user


# --- events ---------------------------------------------------------------------------------


def session_event(session: LiveSession, *, link: Callable[[str, int], str]) -> CalendarEvent:
    status = session.get_status_display()
    description = "\n".join(
        part
        for part in (
            f"{session.offering.name} — {session.subject.title}",
            f"{_('Status')}: {status}",
            f"{_('Tautan rapat')}: {session.meeting_url}",
            session.agenda_markdown,
        )
        if part
    )
    return CalendarEvent(
        uid=event_uid("live-session", session.pk),
        start=session.starts_at,
        end=session.ends_at,
        summary=session.title,
        description=description,
        location=session.meeting_url,
        url=link("live:session-detail", session.pk),
        cancelled=session.status == SessionStatus.CANCELLED,
        categories=_("Sesi langsung"),
    )


def booking_event(
    booking: CoachingBooking, *, viewer: User, link: Callable[[str, int], str]
) -> CalendarEvent:
    slot = booking.slot
    kind = CoachingKind(slot.kind).label
    other = booking.participant.name if viewer.pk == slot.coach_id else slot.coach.name
    return CalendarEvent(
        uid=event_uid("coaching-booking", booking.pk),
        start=slot.starts_at,
        end=slot.ends_at,
        summary=f"{kind} — {other}",
        description="\n".join(p for p in (booking.topic, slot.meeting_url) if p),
        location=slot.meeting_url or slot.location,
        url=link("live:booking-detail", booking.pk),
        cancelled=booking.status == BookingStatus.CANCELLED or slot.cancelled_at is not None,
        categories=f"{kind} ({slot.form_code})",
    )


def calendar_events(
    user: User, *, now: datetime, link: Callable[[str, int], str]
) -> list[CalendarEvent]:
    """Everything in the user's calendar from ``FEED_PAST`` ago: live sessions (own
    offerings', hosted, facilitated), coaching bookings (both sides), assignment deadlines and
    exam windows of the offerings they are enrolled in."""
    since = now - FEED_PAST
    events = [
        session_event(session, link=link)
        for session in sessions_of_user(user).filter(ends_at__gte=since).order_by("starts_at")
    ]
    bookings = (
        CoachingBooking.objects.select_related("slot", "slot__coach", "participant")
        .filter(Q(participant=user) | Q(slot__coach=user), slot__ends_at__gte=since)
        .order_by("slot__starts_at", "pk")
    )
    events += [booking_event(b, viewer=user, link=link) for b in bookings]
    offerings = Enrollment.objects.filter(
        participant=user, status=EnrollmentStatus.ENROLLED
    ).values("offering")
    for assignment in Assignment.objects.select_related("offering").filter(
        offering__in=offerings, due_at__gte=since
    ):
        events.append(
            CalendarEvent(
                uid=event_uid("assignment-due", assignment.pk),
                start=assignment.due_at - DEADLINE_LENGTH,
                end=assignment.due_at,
                summary=_("Batas tugas: %(title)s") % {"title": assignment.title},
                description=assignment.offering.name,
                categories=_("Tenggat tugas"),
            )
        )
    exams = Assessment.objects.select_related("offering").filter(
        offering__in=offerings,
        is_published=True,
        opens_at__isnull=False,
        closes_at__isnull=False,
        closes_at__gte=since,
    )
    for exam in exams:
        if exam.closes_at <= exam.opens_at:
            continue
        events.append(
            CalendarEvent(
                uid=event_uid("exam-window", exam.pk),
                start=exam.opens_at,
                end=exam.closes_at,
                summary=_("Jadwal ujian: %(title)s") % {"title": exam.title},
                description=exam.offering.name,
                categories=_("Ujian"),
            )
        )
    return events


def feed_text(user: User, *, now: datetime, link: Callable[[str, int], str]) -> str:
    return render_calendar(
        calendar_events(user, now=now, link=link),
        name=_("Bangkom — %(name)s") % {"name": user.name},
        time_zone=user.time_zone_name,
        stamp=now,
    )


def single_event_text(event: CalendarEvent, *, user: User, now: datetime) -> str:
    return render_calendar([event], name="Bangkom", time_zone=user.time_zone_name, stamp=now)

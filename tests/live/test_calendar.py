"""The private iCalendar feed and per-event downloads, read back with a real parser."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bangkom.live.calendar_feed import create_feed
from bangkom.live.coaching import book_slot
from bangkom.live.ical import CalendarEvent, escape_text, fold, render_calendar
from bangkom.live.models import CalendarFeed
from tests.assessments.factories import AssessmentFactory
from tests.conftest import logged_in_client
from tests.learning.factories import AssignmentFactory, EnrollmentFactory
from tests.live.factories import (
    WIT_PROVINCE,
    CoachingSlotFactory,
    LiveSessionFactory,
    participant_in,
    utc,
)

pytestmark = pytest.mark.django_db

SESSION_START = utc(2030, 1, 14, 3)  # 10.00 WIB / 12.00 WIT


def feed_url(user) -> str:
    _feed, token = create_feed(user, now=timezone.now())
    return reverse("live:calendar-feed", args=[token])


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def world(coach):
    participant = participant_in(WIT_PROVINCE)
    enrollment = EnrollmentFactory(participant=participant)
    offering = enrollment.offering
    session = LiveSessionFactory(
        offering=offering,
        title="Sesi; tanya, jawab \\ kebijakan",
        starts_at=SESSION_START,
        ends_at=SESSION_START + timedelta(minutes=90),
        agenda_markdown="Baris satu\nBaris dua",
    )
    assignment = AssignmentFactory(offering=offering, due_at=utc(2030, 1, 20, 16, 30))
    exam = AssessmentFactory(
        offering=offering,
        is_published=True,
        opens_at=utc(2030, 1, 21, 1),
        closes_at=utc(2030, 1, 21, 7),
    )
    slot = CoachingSlotFactory(coach=coach, starts_at=utc(2030, 1, 15, 2))
    booking = book_slot(slot, participant=participant, now=timezone.now())
    unrelated = LiveSessionFactory(title="Sesi orang lain")
    return {
        "participant": participant,
        "session": session,
        "assignment": assignment,
        "exam": exam,
        "booking": booking,
        "unrelated": unrelated,
        "coach": coach,
    }


def test_feed_parses_and_holds_sessions_bookings_deadlines_and_exam_windows(client, world):
    calendar = parse(client.get(feed_url(world["participant"])))
    events = events_by_uid(calendar)

    session = events[f"live-session-{world['session'].pk}@bangkom.kemendagri.go.id"]
    assert session["DTSTART"].dt == SESSION_START
    assert session["DTSTART"].dt.tzinfo is not None
    assert session["DTEND"].dt == SESSION_START + timedelta(minutes=90)
    assert str(session["SUMMARY"]) == "Sesi; tanya, jawab \\ kebijakan"
    assert "Baris satu\nBaris dua" in str(session["DESCRIPTION"])

    booking = events[f"coaching-booking-{world['booking'].pk}@bangkom.kemendagri.go.id"]
    assert booking["DTSTART"].dt == utc(2030, 1, 15, 2)

    deadline = events[f"assignment-due-{world['assignment'].pk}@bangkom.kemendagri.go.id"]
    assert deadline["DTEND"].dt == utc(2030, 1, 20, 16, 30)

    exam = events[f"exam-window-{world['exam'].pk}@bangkom.kemendagri.go.id"]
    assert (exam["DTSTART"].dt, exam["DTEND"].dt) == (utc(2030, 1, 21, 1), utc(2030, 1, 21, 7))

    assert "Sesi orang lain" not in response_text(client, world)
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Jayapura"


def response_text(client, world) -> str:
    return client.get(feed_url(world["participant"])).content.decode()


def test_feed_text_follows_rfc5545_lines(client, world):
    raw = client.get(feed_url(world["participant"])).content
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert re.search(rb"DTSTART:20300114T030000Z", raw)
    assert b"DTSTAMP:" in raw


def test_coach_feed_holds_the_booking_from_the_coachs_side(client, world):
    calendar = parse(client.get(feed_url(world["coach"])))
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == [f"Coaching — {world['participant'].name}"]


def test_uid_is_stable_across_fetches(client, world):
    url = feed_url(world["participant"])
    first = set(events_by_uid(parse(client.get(url))))
    second = set(events_by_uid(parse(client.get(url))))
    assert first == second


def test_only_the_hash_of_the_token_is_stored(world):
    feed, token = create_feed(world["participant"], now=timezone.now())
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not CalendarFeed.objects.filter(token_hash=token).exists()


def test_revoked_and_unknown_feed_urls_are_404(client, world):
    user = world["participant"]
    url = feed_url(user)
    page = logged_in_client(user)
    page.post(reverse("live:calendar-revoke"))

    revoked = client.get(url)
    unknown = client.get(reverse("live:calendar-feed", args=["x" * 43]))

    assert revoked.status_code == 404
    assert unknown.status_code == 404
    assert revoked.content == unknown.content


def test_regenerating_revokes_the_old_url_and_shows_the_new_one_once(client, world):
    user = world["participant"]
    old = feed_url(user)
    page = logged_in_client(user)

    created = page.post(reverse("live:calendar-regenerate")).content.decode()
    new = re.search(r'value="http://testserver(/sesi/kalender/[^"]+\.ics)"', created).group(1)
    later = page.get(reverse("live:calendar")).content.decode()

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert new not in later  # shown only once
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 1


def test_feed_requests_are_rate_limited(client, world, monkeypatch):
    from bangkom.live.views import calendar

    monkeypatch.setattr(calendar, "FEED_HITS_PER_MINUTE", 2)
    url = feed_url(world["participant"])
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_single_event_downloads_parse(world):
    participant = world["participant"]
    page = logged_in_client(participant)

    session_ics = page.get(reverse("live:session-ics", args=[world["session"].pk]))
    booking_ics = page.get(reverse("live:booking-ics", args=[world["booking"].pk]))

    (session_event,) = parse(session_ics).walk("VEVENT")
    (booking_event,) = parse(booking_ics).walk("VEVENT")
    assert session_event["DTSTART"].dt == SESSION_START
    assert booking_event["DTSTART"].dt == utc(2030, 1, 15, 2)
    assert "attachment" in session_ics["Content-Disposition"]


def test_calendar_page_needs_a_login(client):
    response = client.get(reverse("live:calendar"))
    assert response.status_code == 302


# --- the writer itself ----------------------------------------------------------------------


def test_escape_text_escapes_backslash_semicolon_comma_and_newlines():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_fold_keeps_lines_within_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "Pelatihan Kepemimpinan — é" * 10
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_a_long_multibyte_summary_survives_a_round_trip():
    summary = "Coaching — Ni Luh Putu Ayu Wulandari, S.IP., M.Si.; topik: rencana aksi " * 3
    text = render_calendar(
        [
            CalendarEvent(
                uid="x-1@bangkom.kemendagri.go.id",
                start=utc(2030, 1, 1, 1),
                end=utc(2030, 1, 1, 2),
                summary=summary,
            )
        ],
        name="Uji",
        time_zone="Asia/Makassar",
        stamp=utc(2030, 1, 1, 0),
    )
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == summary
    assert event["DTSTART"].dt == utc(2030, 1, 1, 1).astimezone(UTC)

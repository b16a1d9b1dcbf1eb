"""An iCalendar (RFC 5545) writer for Bangkom's events: pure functions, no Django.

Every instant is written in UTC with the ``Z`` suffix, so no VTIMEZONE is needed;
``X-WR-TIMEZONE`` tells calendar apps which zone to show. Lines end in CRLF and are
folded at 75 octets (never inside a UTF-8 character); text values escape ``\\ ; ,`` and
newlines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//BPSDM Kemendagri//Bangkom//ID"
UID_DOMAIN = "bangkom.kemendagri.go.id"
MAX_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable per object, e.g. "live-session-12@bangkom..."
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    categories: str = ""


def event_uid(kind: str, pk: int | str) -> str:
    return f"{kind}-{pk}@{UID_DOMAIN}"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def format_utc(instant: datetime) -> str:
    if instant.tzinfo is None:
        raise ValueError("calendar instants must be timezone-aware")
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines start with
    one space (RFC 5545 §3.1); a multi-byte character is never split."""
    out: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, MAX_OCTETS
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _event_lines(event: CalendarEvent, *, stamp: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(stamp)}",
        f"DTSTART:{format_utc(event.start)}",
        f"DTEND:{format_utc(event.end)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.categories:
        lines.append(f"CATEGORIES:{escape_text(event.categories)}")
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines.append("END:VEVENT")
    return lines


def render_calendar(
    events: Iterable[CalendarEvent], *, name: str, time_zone: str, stamp: datetime
) -> str:
    """The VCALENDAR text (CRLF line endings, folded) of ``events``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{time_zone}",
    ]
    for event in events:
        lines.extend(_event_lines(event, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

"""API endpoints of the live context: the caller's own live sessions."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from bangkom.common.timezones import format_local
from bangkom.live.queries import sessions_of_user
from bangkom.live.schemas import ErrorOut, LiveSessionOut

router = Router(tags=["live"])


@router.get(
    "/live/sessions",
    url_name="live-sessions",
    response={200: list[LiveSessionOut], 401: ErrorOut},
)
def my_live_sessions(request: HttpRequest) -> list[LiveSessionOut]:
    """Live sessions in the caller's calendar (their offerings', hosted or facilitated)."""
    user = request.auth
    zone = user.time_zone_name
    return [
        LiveSessionOut(
            id=s.pk,
            title=s.title,
            status=s.status,
            offering_id=s.offering_id,
            offering_name=s.offering.name,
            subject_title=s.subject.title,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            time_zone=zone,
            starts_local=format_local(s.starts_at, zone),
            ends_local=format_local(s.ends_at, zone),
            meeting_url=s.meeting_url,
            recording_url=s.recording_url,
        )
        for s in sessions_of_user(user).order_by("starts_at")[:200]
    ]

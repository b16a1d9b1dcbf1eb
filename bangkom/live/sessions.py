"""Write side of live sessions: plan, change, cancel, join, confirm attendance, recording."""

from __future__ import annotations

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
from bangkom.curriculum.models import Offering, Subject
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from bangkom.live.choices import HostMark, SessionStatus
from bangkom.live.errors import InvalidWindow, LiveErrorCode, SessionCancelled
from bangkom.live.models import LiveSession, SessionAttendance
from bangkom.live.permissions import can_facilitate, can_host
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify_many


@dataclass(frozen=True)
class SessionInput:
    subject: Subject
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    meeting_url: str
    host: User
    facilitator: User | None
    agenda_markdown: str = ""
    recording_url: str = ""


def _invalid(field: str, message: str) -> InvalidInput:
    error = InvalidInput(LiveErrorCode.INVALID_WINDOW, message)
    error.field = field
    return error


def _validate(offering: Offering, data: SessionInput) -> None:
    if data.ends_at <= data.starts_at:
        raise InvalidWindow()
    if data.subject.program_id != offering.program_id:
        raise _invalid("subject", _("Mata pelatihan bukan bagian dari program angkatan ini."))
    if not can_host(data.host):
        raise _invalid("host", _("Host harus pengguna dengan peran pengelola program."))
    if data.facilitator is not None and not can_facilitate(data.facilitator):
        raise _invalid("facilitator", _("Fasilitator harus pengguna dengan peran widyaiswara."))
    if data.status == SessionStatus.CANCELLED:
        raise _invalid("status", _("Gunakan tombol Batalkan untuk membatalkan sesi."))


def _apply(session: LiveSession, data: SessionInput) -> None:
    session.subject = data.subject
    session.title = data.title.strip()
    session.status = data.status
    session.starts_at = data.starts_at
    session.ends_at = data.ends_at
    session.meeting_url = data.meeting_url
    session.host = data.host
    session.facilitator = data.facilitator
    session.agenda_markdown = data.agenda_markdown
    session.agenda_html = render_markdown(data.agenda_markdown)
    session.recording_url = data.recording_url
    try:
        session.full_clean(exclude=["offering", "created_by"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise _invalid(field, " ".join(messages)) from exc


def _participants(offering: Offering) -> list[User]:
    return list(
        User.objects.filter(
            enrollments__offering=offering, enrollments__status=EnrollmentStatus.ENROLLED
        ).distinct()
    )


def _announce(session: LiveSession, *, event: str, title: str) -> None:
    url = reverse("live:session-detail", args=[session.pk])
    stamp = int(session.starts_at.timestamp())
    notify_many(
        _participants(session.offering),
        event_key=f"live-session:{session.pk}:{event}:{stamp}",
        title=title,
        body=session.title,
        url=url,
        kind=NotificationKind.LIVE_SESSION,
    )


def create_session(
    offering: Offering, *, data: SessionInput, by: User, now: datetime
) -> LiveSession:
    """Plan a live session for a subject of ``offering``; participants hear of confirmed ones."""
    _validate(offering, data)
    session = LiveSession(offering=offering, created_by=by)
    _apply(session, data)
    with transaction.atomic():
        session.save()
        record("live.session_created", actor=by, target=session, summary=session.title)
        if session.status == SessionStatus.CONFIRMED:
            _announce(session, event="confirmed", title=_("Sesi langsung dijadwalkan"))
    return session


def update_session(
    session: LiveSession, *, data: SessionInput, by: User, now: datetime
) -> LiveSession:
    """Change a session (not a cancelled one); a confirmed new time is announced once."""
    if session.is_cancelled:
        raise SessionCancelled()
    _validate(session.offering, data)
    _apply(session, data)
    with transaction.atomic():
        session.save()
        record("live.session_changed", actor=by, target=session, summary=session.title)
        if session.status == SessionStatus.CONFIRMED:
            _announce(session, event="confirmed", title=_("Sesi langsung dijadwalkan"))
    return session


def cancel_session(session: LiveSession, *, by: User, reason: str, now: datetime) -> LiveSession:
    """Cancel a session once; participants are told. Cancelling twice changes nothing."""
    with transaction.atomic():
        changed = (
            LiveSession.objects.filter(pk=session.pk)
            .exclude(status=SessionStatus.CANCELLED)
            .update(status=SessionStatus.CANCELLED, cancelled_at=now, cancellation_reason=reason)
        )
        session.refresh_from_db()
        if changed:
            record(
                "live.session_cancelled",
                actor=by,
                target=session,
                summary=session.title,
                data={"reason": reason},
            )
            _announce(session, event="cancelled", title=_("Sesi langsung dibatalkan"))
    return session


def set_recording(session: LiveSession, *, url: str, by: User) -> LiveSession:
    session.recording_url = url
    try:
        session.full_clean(exclude=["offering", "created_by"])
    except ValidationError as exc:
        raise _invalid("recording_url", " ".join(exc.messages)) from exc
    session.save(update_fields=["recording_url", "updated_at"])
    return session


def record_join(session: LiveSession, *, participant: User, now: datetime) -> SessionAttendance:
    """Count a join click; the first one is the participant's ``joined_at``."""
    if session.is_cancelled:
        raise SessionCancelled()
    try:
        with transaction.atomic():
            attendance, _created = SessionAttendance.objects.get_or_create(
                session=session, participant=participant
            )
    except IntegrityError:  # a parallel click created it first
        attendance = SessionAttendance.objects.get(session=session, participant=participant)
    SessionAttendance.objects.filter(pk=attendance.pk).update(join_count=F("join_count") + 1)
    SessionAttendance.objects.filter(pk=attendance.pk, joined_at__isnull=True).update(joined_at=now)
    attendance.refresh_from_db()
    return attendance


def confirm_attendance(
    session: LiveSession, *, marks: dict[int, str], by: User, now: datetime
) -> int:
    """The host's confirmation: ``marks`` maps participant id → present/absent/"" (unmarked).

    Only enrolled participants of the offering can be marked; returns how many changed.
    """
    enrolled = set(
        Enrollment.objects.filter(
            offering=session.offering,
            status=EnrollmentStatus.ENROLLED,
            participant_id__in=list(marks),
        ).values_list("participant_id", flat=True)
    )
    changed = 0
    with transaction.atomic():
        for participant_id, mark in marks.items():
            if participant_id not in enrolled or mark not in {*HostMark.values, ""}:
                continue
            attendance, _created = SessionAttendance.objects.get_or_create(
                session=session, participant_id=participant_id
            )
            if attendance.host_mark == mark:
                continue
            attendance.host_mark = mark
            attendance.marked_by = by
            attendance.marked_at = now
            attendance.save(update_fields=["host_mark", "marked_by", "marked_at"])
            changed += 1
        if changed:
            record(
                "live.attendance_confirmed",
                actor=by,
                target=session,
                summary=session.title,
                data={"changed": changed},
            )
    return changed

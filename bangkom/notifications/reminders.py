"""Deadline and exam-window reminders, 24 hours before (issue 7 item 5).

The 24-hour window is absolute (``due - 24 h <= now < due``); the text shows the time in
the participant's own zone with its label (WIB/WITA/WIT), in their email language. Each
reminder has a stable event key, so running the sweep every few minutes sends each one once:

- ``reminder:assignment:<assignment id>:<enrollment id>`` — before an assignment's ``due_at``,
  to approved, non-trial participants of the offering who have submitted nothing yet;
- ``reminder:exam-opens:<assessment id>:<enrollment id>`` — before a published assessment's
  ``opens_at``;
- ``reminder:exam-closes:<assessment id>:<enrollment id>`` — before its ``closes_at`` (the
  last moment to start), to those without a finished attempt; skipped when the window is
  shorter than 24 hours, as the opening reminder already named the closing time.

Run by ``bangkom send-reminders`` (cron, every 5 minutes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from bangkom.assessments.choices import AttemptStatus
from bangkom.assessments.models import Assessment, Attempt
from bangkom.common.timezones import format_local
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Assignment, Enrollment, Submission
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import Notification
from bangkom.notifications.preferences import email_language, preferences_by_user
from bangkom.notifications.service import notify

LEAD_TIME = timedelta(hours=24)


@dataclass(frozen=True)
class ReminderResult:
    assignments: int
    exams: int

    def __str__(self) -> str:
        return f"{self.assignments} deadline reminder(s), {self.exams} exam reminder(s)"


def send_due_reminders(*, now: datetime) -> ReminderResult:
    """Send every reminder that is due at ``now`` and not sent yet; returns how many were new."""
    return ReminderResult(assignments=_remind_assignments(now=now), exams=_remind_exams(now=now))


def is_due(deadline: datetime, *, now: datetime) -> bool:
    """A reminder is due from 24 hours before the deadline until the deadline itself."""
    return deadline - LEAD_TIME <= now < deadline


# --- assignments --------------------------------------------------------------------------


def _remind_assignments(*, now: datetime) -> int:
    sent = 0
    due = Assignment.objects.filter(due_at__gt=now, due_at__lte=now + LEAD_TIME).select_related(
        "offering"
    )
    for assignment in due:
        waiting = _active_enrollments(assignment.offering_id).exclude(
            pk__in=Submission.objects.filter(assignment=assignment).values("enrollment_id")
        )

        def text(enrollment: Enrollment, assignment: Assignment = assignment) -> tuple[str, str]:
            when = format_local(assignment.due_at, enrollment.participant.time_zone_name)
            title = _("Tenggat penugasan “%(title)s”: %(when)s") % {
                "title": assignment.title,
                "when": when,
            }
            body = _(
                "Batas waktu pengumpulan %(when)s (%(offering)s). Anda belum mengumpulkan jawaban."
            ) % {"when": when, "offering": assignment.offering.name}
            return title, body

        sent += _remind(
            waiting,
            key=lambda e, a=assignment: f"reminder:assignment:{a.pk}:{e.pk}",
            text=text,
            url=lambda e, a=assignment: reverse("learning:assignment-submit", args=[e.pk, a.pk]),
            kind=NotificationKind.DEADLINE_REMINDER,
        )
    return sent


# --- exam windows -------------------------------------------------------------------------


def _remind_exams(*, now: datetime) -> int:
    sent = 0
    published = Assessment.objects.filter(is_published=True).select_related("offering")
    opening = published.filter(opens_at__gt=now, opens_at__lte=now + LEAD_TIME)
    for assessment in opening:
        sent += _remind_exam(assessment, moment="opens")
    closing = published.filter(closes_at__gt=now, closes_at__lte=now + LEAD_TIME).filter(
        Q(opens_at__isnull=True) | Q(opens_at__lte=F("closes_at") - LEAD_TIME)
    )
    for assessment in closing:
        sent += _remind_exam(assessment, moment="closes")
    return sent


def _remind_exam(assessment: Assessment, *, moment: str) -> int:
    finished = Attempt.objects.filter(
        assessment=assessment, status__in=[AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED]
    ).values("enrollment_id")
    waiting = _active_enrollments(assessment.offering_id).exclude(pk__in=finished)

    def text(enrollment: Enrollment) -> tuple[str, str]:
        zone = enrollment.participant.time_zone_name
        opens = format_local(assessment.opens_at, zone) if assessment.opens_at else ""
        closes = format_local(assessment.closes_at, zone) if assessment.closes_at else ""
        if moment == "opens":
            title = _("Ujian “%(title)s” dibuka %(when)s") % {
                "title": assessment.title,
                "when": opens,
            }
        else:
            title = _("Ujian “%(title)s” ditutup %(when)s") % {
                "title": assessment.title,
                "when": closes,
            }
        if opens and closes:
            body = _("Jadwal ujian: %(opens)s sampai %(closes)s (mulai paling lambat).") % {
                "opens": opens,
                "closes": closes,
            }
        else:
            body = _("Jadwal ujian: %(when)s.") % {"when": opens or closes}
        return title, body

    return _remind(
        waiting,
        key=lambda e: f"reminder:exam-{moment}:{assessment.pk}:{e.pk}",
        text=text,
        url=lambda e: reverse("learning:study", args=[e.pk]),
        kind=NotificationKind.EXAM_WINDOW_REMINDER,
    )


# --- shared -------------------------------------------------------------------------------


def _active_enrollments(offering_id: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        offering_id=offering_id,
        status=EnrollmentStatus.ENROLLED,
        is_trial=False,
        participant__is_active=True,
    ).select_related("participant__employee__institution")


def _remind(
    enrollments: Iterable[Enrollment],
    *,
    key: Callable[[Enrollment], str],
    text: Callable[[Enrollment], tuple[str, str]],
    url: Callable[[Enrollment], str],
    kind: str,
) -> int:
    """Notify each enrolment not reminded yet, in the participant's language."""
    pending = {key(e): e for e in enrollments}
    if not pending:
        return 0
    # Skip what an earlier run sent, in one query, instead of failing on each unique key.
    already = set(
        Notification.objects.filter(event_key__in=list(pending)).values_list("event_key", flat=True)
    )
    todo = [(k, e) for k, e in pending.items() if k not in already]
    preferences = preferences_by_user({e.participant_id for _k, e in todo})
    sent = 0
    for event_key, enrollment in todo:
        with translation.override(email_language(preferences.get(enrollment.participant_id))):
            title, body = text(enrollment)
        created = notify(
            enrollment.participant,
            event_key=event_key,
            title=title,
            body=body,
            url=url(enrollment),
            kind=kind,
        )
        sent += created is not None
    return sent

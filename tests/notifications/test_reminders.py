"""Deadline and exam-window reminders: due 24 hours before (absolute), shown in each
participant's zone, sent once, never after the deadline, never to whoever already did it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from bangkom.assessments.attempts import submit_attempt
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Submission
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import Notification
from bangkom.notifications.reminders import is_due, send_due_reminders
from tests.assessments.factories_exam import begin, subject_exam
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import AssignmentFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

# 23.30 WIB on 1 December is already 01.30 WIT on 2 December: the date moves too.
DUE = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
DAY = timedelta(hours=24)


@pytest.fixture
def offering():
    return OfferingFactory(running=True)


@pytest.fixture
def wib(offering, peserta):  # Jawa Barat
    return EnrollmentFactory(offering=offering, participant=peserta)


@pytest.fixture
def wit(offering, peserta_lain):  # Papua
    return EnrollmentFactory(offering=offering, participant=peserta_lain)


@pytest.fixture
def assignment(offering):
    return AssignmentFactory(offering=offering, title="Telaahan staf", due_at=DUE)


def reminders_of(user, kind=NotificationKind.DEADLINE_REMINDER):
    return list(Notification.objects.filter(user=user, kind=kind))


def test_reminder_is_due_from_24_hours_before_until_the_deadline():
    assert not is_due(DUE, now=DUE - DAY - timedelta(seconds=1))
    assert is_due(DUE, now=DUE - DAY)
    assert is_due(DUE, now=DUE - timedelta(seconds=1))
    assert not is_due(DUE, now=DUE)


def test_nothing_is_sent_before_the_24_hour_window(wib, wit, assignment):
    result = send_due_reminders(now=DUE - DAY - timedelta(minutes=1))

    assert result.assignments == 0
    assert not Notification.objects.exists()


def test_deadline_reminder_shows_each_participant_their_own_zone(
    wib, wit, assignment, peserta, peserta_lain
):
    result = send_due_reminders(now=DUE - DAY)

    assert result.assignments == 2
    [for_wib] = reminders_of(peserta)
    [for_wit] = reminders_of(peserta_lain)
    assert "01-12-2026 23.30 WIB" in for_wib.title
    assert "02-12-2026 01.30 WIT" in for_wit.title
    assert "Telaahan staf" in for_wib.title
    assert for_wib.event_key == f"reminder:assignment:{assignment.pk}:{wib.pk}"
    assert for_wib.url == f"/belajar/tugas/peserta/{wib.pk}/{assignment.pk}/"


def test_reminder_is_sent_once_however_often_the_sweep_runs(
    wib, assignment, peserta, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(now=DUE - DAY)
        again = send_due_reminders(now=DUE - DAY + timedelta(minutes=5))
        later = send_due_reminders(now=DUE - timedelta(minutes=5))

    assert (again.assignments, later.assignments) == (0, 0)
    assert len(reminders_of(peserta)) == 1
    assert len(mail.outbox) == 1  # deadline reminders email by default
    assert mail.outbox[0].to == [peserta.email]


def test_no_reminder_once_the_deadline_has_passed(wib, assignment):
    result = send_due_reminders(now=DUE)

    assert result.assignments == 0
    assert not Notification.objects.exists()


def test_participant_who_already_submitted_is_not_reminded(
    wib, wit, assignment, peserta, peserta_lain
):
    Submission.objects.create(assignment=assignment, enrollment=wib, version=1, text="Selesai")

    send_due_reminders(now=DUE - timedelta(hours=3))

    assert reminders_of(peserta) == []
    assert len(reminders_of(peserta_lain)) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"status": EnrollmentStatus.PENDING},
        {"status": EnrollmentStatus.WITHDRAWN},
        {"status": EnrollmentStatus.REJECTED},
        {"is_trial": True},
    ],
)
def test_only_active_enrolments_are_reminded(offering, assignment, fields):
    enrollment = EnrollmentFactory(offering=offering, **fields)

    send_due_reminders(now=DUE - timedelta(hours=1))

    assert reminders_of(enrollment.participant) == []


def test_reminder_text_follows_the_participants_language(wib, assignment, peserta):
    from django.utils import timezone

    from bangkom.notifications.preferences import save_preferences

    save_preferences(peserta, language="en", email_kinds={}, now=timezone.now())

    send_due_reminders(now=DUE - timedelta(hours=1))

    [reminder] = reminders_of(peserta)
    # the time is always in the participant's zone, whatever the language
    assert "01-12-2026 23.30 WIB" in reminder.title


# --- exam windows -------------------------------------------------------------------------


def test_exam_opening_reminder_in_wib_and_wit(offering, wib, wit, peserta, peserta_lain):
    exam = subject_exam(offering, title="Ujian Etika", opens_at=DUE, closes_at=DUE + 3 * DAY)

    result = send_due_reminders(now=DUE - timedelta(hours=2))

    assert result.exams == 2
    kind = NotificationKind.EXAM_WINDOW_REMINDER
    [for_wib] = reminders_of(peserta, kind)
    [for_wit] = reminders_of(peserta_lain, kind)
    assert "Ujian Etika" in for_wib.title
    assert "01-12-2026 23.30 WIB" in for_wib.title
    assert "02-12-2026 01.30 WIT" in for_wit.title
    assert "04-12-2026 23.30 WIB" in for_wib.body
    assert for_wib.event_key == f"reminder:exam-opens:{exam.pk}:{wib.pk}"


def test_closing_reminder_skips_who_finished_the_exam(offering, wib, wit, peserta, peserta_lain):
    closes = DUE + 3 * DAY
    exam = subject_exam(offering, opens_at=DUE, closes_at=closes)
    attempt = begin(exam, wib, now=DUE + timedelta(hours=1))
    submit_attempt(attempt, now=DUE + timedelta(hours=1, minutes=10))
    Notification.objects.all().delete()

    result = send_due_reminders(now=closes - timedelta(hours=5))

    assert result.exams == 1
    kind = NotificationKind.EXAM_WINDOW_REMINDER
    assert reminders_of(peserta, kind) == []
    [closing] = reminders_of(peserta_lain, kind)
    assert closing.event_key == f"reminder:exam-closes:{exam.pk}:{wit.pk}"


def test_short_exam_window_gets_only_the_opening_reminder(offering, wib, peserta):
    subject_exam(offering, opens_at=DUE, closes_at=DUE + timedelta(hours=8))

    send_due_reminders(now=DUE - timedelta(hours=1))
    send_due_reminders(now=DUE + timedelta(hours=1))

    reminders = reminders_of(peserta, NotificationKind.EXAM_WINDOW_REMINDER)
    assert [r.event_key.split(":")[1] for r in reminders] == ["exam-opens"]


def test_unpublished_exam_is_not_announced(offering, wib, peserta):
    subject_exam(offering, opens_at=DUE, closes_at=DUE + 3 * DAY, is_published=False)

    send_due_reminders(now=DUE - timedelta(hours=1))

    assert reminders_of(peserta, NotificationKind.EXAM_WINDOW_REMINDER) == []


def test_send_reminders_command_runs_the_sweep(wib, assignment, peserta, capsys):
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=DUE - timedelta(hours=1)):
        call_command("send_reminders")

    assert "1 deadline reminder(s)" in capsys.readouterr().out
    assert len(reminders_of(peserta)) == 1

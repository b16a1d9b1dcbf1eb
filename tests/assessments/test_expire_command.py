"""``bangkom expire-attempts`` and the ``expire_overdue`` task (RELIABILITY.md F13)."""

from __future__ import annotations

import io
import os
import signal
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bangkom.assessments import tasks
from bangkom.assessments.choices import AttemptStatus
from bangkom.assessments.management.commands import expire_attempts
from tests.assessments.factories_exam import answer, begin, enrolled, subject_exam
from tests.curriculum.factories import OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam():
    return subject_exam(OfferingFactory(running=True))


def overdue(exam):
    attempt = begin(exam, enrolled(exam.offering), now=timezone.now() - timedelta(hours=2))
    answer(attempt, 1, right=True, now=attempt.started_at + timedelta(minutes=5))
    return attempt


def test_one_sweep_finalises_overdue_attempts_and_says_how_many(exam):
    late = overdue(exam)
    running = begin(exam, enrolled(exam.offering))
    out = io.StringIO()

    call_command("expire_attempts", stdout=out)

    late.refresh_from_db()
    running.refresh_from_db()
    assert out.getvalue().startswith("1 percobaan diselesaikan")
    assert (late.status, str(late.score)) == (AttemptStatus.EXPIRED, "20.00")
    assert late.submitted_at == late.deadline
    assert running.status == AttemptStatus.OPEN


def test_a_second_sweep_changes_nothing(exam):
    overdue(exam)
    call_command("expire_attempts", stdout=io.StringIO())
    out = io.StringIO()
    call_command("expire_attempts", stdout=out)
    assert out.getvalue().startswith("0 percobaan")


def test_loop_stops_cleanly_on_sigterm(exam, monkeypatch):
    overdue(exam)
    real = expire_attempts.expire_overdue_attempts
    calls = []

    def sweep_then_stop(**kwargs):
        calls.append(kwargs)
        finished = real(**kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd does on stop
        return finished

    monkeypatch.setattr(expire_attempts, "expire_overdue_attempts", sweep_then_stop)
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()

    call_command("expire_attempts", "--loop", "--interval", "30", stdout=out)

    assert len(calls) == 1  # stopped between sweeps, without waiting the interval
    assert "Berhenti; 1 percobaan" in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) == before


def test_interval_must_be_positive():
    with pytest.raises(CommandError):
        call_command("expire_attempts", "--loop", "--interval", "0")


def test_the_task_finalises_overdue_attempts(exam):
    late = overdue(exam)

    result = tasks.expire_overdue.enqueue()

    late.refresh_from_db()
    assert result.return_value == 1
    assert late.status == AttemptStatus.EXPIRED

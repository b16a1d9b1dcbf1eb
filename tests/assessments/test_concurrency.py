"""Parallel requests cannot exceed the attempt rules (RELIABILITY.md F8, F10, F11; control 2).

Real threads with their own database connections against the real server. PostgreSQL runs
them truly in parallel; the in-memory SQLite test database cannot be shared by threads, so
there these tests are skipped (the SQLite ceiling is measured by bench/exam_load.py).
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from bangkom.assessments.attempts import save_answer, start_attempt, submit_attempt
from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.errors import StartRefused
from bangkom.assessments.models import Answer, Attempt
from bangkom.assessments.option_ids import option_token
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.concurrency import POSTGRES_ONLY, run_in_parallel
from tests.learning.factories import EnrollmentFactory

pytestmark = POSTGRES_ONLY


@pytest.fixture
def exam(peserta):
    enrollment = EnrollmentFactory(participant=peserta, offering__running=True)
    bank = make_bank(enrollment.offering.program, size=40)
    assessment = AssessmentFactory(
        offering=enrollment.offering,
        kind=AssessmentKind.FINAL,
        item_count=5,
        max_attempts=5,
        passing_score=101,  # nobody passes, so attempts keep being used
        banks=[bank],
    )
    return assessment, enrollment


def test_twenty_simultaneous_starts_create_one_attempt(exam, peserta):
    assessment, enrollment = exam
    results = run_in_parallel(
        20,
        lambda _i: (
            start_attempt(
                assessment, enrollment=enrollment, participant=peserta, now=timezone.now()
            )[0].pk
        ),
    )
    assert Attempt.objects.filter(assessment=assessment).count() == 1
    assert len(set(results)) == 1


def test_with_four_attempts_used_ten_starts_create_exactly_one_more(exam, peserta):
    assessment, enrollment = exam
    for _number in range(4):
        attempt, _ = start_attempt(
            assessment, enrollment=enrollment, participant=peserta, now=timezone.now()
        )
        submit_attempt(attempt, now=timezone.now())

    results = run_in_parallel(
        10,
        lambda _i: (
            start_attempt(
                assessment, enrollment=enrollment, participant=peserta, now=timezone.now()
            )[0].pk
        ),
    )

    assert Attempt.objects.filter(assessment=assessment).count() == 5
    assert all(not isinstance(r, Exception) or isinstance(r, StartRefused) for r in results)


def test_simultaneous_submits_score_once(exam, peserta):
    assessment, enrollment = exam
    attempt, _ = start_attempt(
        assessment, enrollment=enrollment, participant=peserta, now=timezone.now()
    )
    results = run_in_parallel(
        10, lambda _i: submit_attempt(Attempt.objects.get(pk=attempt.pk), now=timezone.now()).score
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert len(set(results)) == 1
    assert attempt.events.filter(kind="submitted").count() <= 1


def test_fifty_interleaved_saves_keep_the_highest_client_seq(exam, peserta):
    assessment, enrollment = exam
    attempt, _ = start_attempt(
        assessment, enrollment=enrollment, participant=peserta, now=timezone.now()
    )
    item_id = attempt.form[0]["item"]
    options = [option_token(attempt.pk, item_id, i) for i in range(4)]

    run_in_parallel(
        50,
        lambda i: save_answer(
            attempt_id=attempt.pk,
            item_id=item_id,
            option_ids=[options[i % 4]],
            client_seq=i + 1,
            now=timezone.now(),
            user_id=peserta.pk,
        ),
    )

    stored = Answer.objects.get(attempt=attempt, item_id=item_id)
    assert stored.client_seq == 50
    assert stored.option_ids == [options[49 % 4]]


def test_a_save_racing_a_submit_never_reopens_the_attempt(exam, peserta):
    assessment, enrollment = exam
    attempt, _ = start_attempt(
        assessment, enrollment=enrollment, participant=peserta, now=timezone.now()
    )
    item_id = attempt.form[0]["item"]
    option = [option_token(attempt.pk, item_id, 0)]

    def work(index: int) -> object:
        if index == 0:
            return submit_attempt(Attempt.objects.get(pk=attempt.pk), now=timezone.now()).status
        return save_answer(
            attempt_id=attempt.pk,
            item_id=item_id,
            option_ids=option,
            client_seq=index,
            now=timezone.now(),
            user_id=peserta.pk,
        )

    run_in_parallel(10, work)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.score is not None

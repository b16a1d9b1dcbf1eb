"""A save racing a finalisation is either scored or refused — never stored unscored
(RELIABILITY.md F11 and F18's "score = f(answers)"; found by these reliability tests).

PostgreSQL only: real threads with their own connections (test_concurrency's pattern).
Before the fix, about one race in seven left an acknowledged answer stored after the score
was computed from the answers without it: the stored answers and the score disagreed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bangkom.assessments.attempts import (
    expire_overdue_attempts,
    save_answer,
    start_attempt,
    submit_attempt,
    void_attempt,
)
from bangkom.assessments.choices import AttemptStatus
from bangkom.assessments.errors import AttemptClosed
from bangkom.assessments.models import Answer, Attempt
from bangkom.assessments.option_ids import option_token
from tests.accounts.factories import UserFactory
from tests.assessments.reliability_support import independent_score
from tests.assessments.test_concurrency import exam, run_in_parallel  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database shared by threads"
    ),
]

ROUNDS = 25
SAVERS = 5


def race(assessment, enrollment, peserta, finalise) -> list[tuple[int, object]]:
    """ROUNDS attempts, each finalised while SAVERS saves of right answers race it."""
    manager = UserFactory()
    outcomes = []
    for _round in range(ROUNDS):
        attempt, _ = start_attempt(
            assessment, enrollment=enrollment, participant=peserta, now=timezone.now()
        )

        def work(index: int, attempt=attempt) -> object:
            if index == 0:
                return finalise(attempt)
            entry = attempt.form[(index - 1) % len(attempt.form)]
            return save_answer(
                attempt_id=attempt.pk,
                item_id=entry["item"],
                option_ids=[option_token(attempt.pk, entry["item"], 0)],  # the key
                client_seq=1,
                now=attempt.deadline,  # within time, whatever the finaliser's clock
                user_id=peserta.pk,
            )

        results = run_in_parallel(1 + SAVERS, work)
        outcomes.append((attempt.pk, results))
        attempt.refresh_from_db()
        void_attempt(attempt, by=manager, reason="Uji balapan", now=timezone.now())
    return outcomes


def assert_scored_what_is_stored(outcomes) -> None:
    for attempt_id, results in outcomes:
        attempt = Attempt.objects.get(pk=attempt_id)
        stored = dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "option_ids"))
        assert attempt.score == independent_score(attempt.form, stored, attempt.pk)
        saves = results[1:]
        assert all(isinstance(r, AttemptClosed) or getattr(r, "saved", False) for r in saves), saves
        stored_right = sum(1 for options in stored.values() if options)
        assert stored_right == sum(1 for r in saves if not isinstance(r, AttemptClosed))


def test_a_save_racing_a_submit_is_scored_or_refused(exam, peserta):  # noqa: F811
    assessment, enrollment = exam
    outcomes = race(
        assessment,
        enrollment,
        peserta,
        lambda attempt: submit_attempt(Attempt.objects.get(pk=attempt.pk), now=timezone.now()),
    )
    assert_scored_what_is_stored(outcomes)


def test_a_save_racing_the_sweep_is_scored_or_refused(exam, peserta):  # noqa: F811
    assessment, enrollment = exam

    def sweep(attempt: Attempt) -> int:
        return expire_overdue_attempts(now=attempt.deadline + timedelta(minutes=1))

    outcomes = race(assessment, enrollment, peserta, sweep)
    assert_scored_what_is_stored(outcomes)
    assert all(
        Attempt.objects.get(pk=pk).submitted_at == Attempt.objects.get(pk=pk).deadline
        for pk, _results in outcomes
    )
    assert not Attempt.objects.filter(status=AttemptStatus.OPEN).exists()

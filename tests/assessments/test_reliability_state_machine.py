"""F18: the attempt rules hold under any order of actions (RELIABILITY.md 2.2, F18).

A Hypothesis state machine drives the domain functions of ``bangkom.assessments.attempts``
with a frozen clock it advances itself: start (or resume), save, retry of an earlier save
with the same ``client_seq``, a stale save, submit, time passing, the expiry sweep, a
manager voiding an attempt, and a facilitator moving an item's key (a new item version).
After every step it checks, against the database:

- attempts counting toward the limit ≤ the limit; at most one open attempt;
- a finalised attempt never changes again (answers, score, finish time) whatever comes later;
- the stored score equals an independent recomputation from the stored answers and the key
  of the item version the attempt drew (not the bank's current key);
- the deadline is fixed at start (start + duration) and never moves;
- every save's outcome is the one the reference model predicts (saved, ignored as stale or
  a retry, or refused after deadline + grace with the attempt then expired).

Runs on both databases (in-process, one connection).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bangkom.accounts.choices import Role
from bangkom.assessments.attempts import (
    expire_overdue_attempts,
    open_attempt_for,
    save_answer,
    start_attempt,
    submit_attempt,
    void_attempt,
)
from bangkom.assessments.choices import AssessmentKind, AttemptStatus, ItemStatus, ItemType
from bangkom.assessments.errors import AttemptClosed, StartRefused
from bangkom.assessments.items import update_item
from bangkom.assessments.models import Answer, Attempt, Item, ItemVersion
from bangkom.assessments.option_ids import option_token
from tests.accounts.factories import UserFactory
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

FORM_ITEMS = 4
OPTIONS = 4
DURATION_MINUTES = 5
FINAL = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
HUNDRED = Decimal(100)


def grace() -> timedelta:
    return timedelta(seconds=django_settings.EXAM_GRACE_SECONDS)


def independent_score(attempt: Attempt, stored: dict[int, list[str]]) -> Decimal:
    """Score from first principles: single-choice items of weight 1, right when exactly the
    keyed option of the drawn version is chosen; 0–100 rounded half up to two places."""
    right = 0
    for entry in attempt.form:
        version = ItemVersion.objects.get(pk=entry["version"])
        key = [i for i, option in enumerate(version.options) if option.get("correct")]
        key_token = option_token(attempt.pk, entry["item"], key[0])
        if stored.get(entry["item"]) == [key_token]:
            right += 1
    return (HUNDRED * right / len(attempt.form)).quantize(Decimal("0.01"), ROUND_HALF_UP)


class AttemptRules(RuleBasedStateMachine):
    """The reference model: what each attempt should hold, next to what the database holds."""

    @initialize(limit=st.integers(1, 3), can_pass=st.booleans())
    def exam(self, limit: int, can_pass: bool) -> None:
        # Each example runs in its own savepoint, rolled back at teardown: the sweep is
        # global, and must not see the open attempts of earlier examples.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.clock: datetime = timezone.now().replace(microsecond=0)
        self.enrollment = EnrollmentFactory(offering__running=True)
        self.participant = self.enrollment.participant
        bank = make_bank(self.enrollment.offering.program, size=10)
        self.assessment = AssessmentFactory(
            offering=self.enrollment.offering,
            kind=AssessmentKind.FINAL,
            max_attempts=limit,
            item_count=FORM_ITEMS,
            duration_minutes=DURATION_MINUTES,
            passing_score=Decimal("50") if can_pass else Decimal("101"),
            banks=[bank],
        )
        self.manager = UserFactory(roles=[Role.PENGELOLA])
        # attempt id -> {item id -> (client_seq, option ids)} of the saves the model accepted
        self.expected: dict[int, dict[int, tuple[int, list[str]]]] = {}
        self.deadlines: dict[int, datetime] = {}
        self.frozen: dict[int, tuple] = {}  # finalised attempts as first seen finalised
        self.sent: list[tuple[int, int, int, list[str]]] = []  # every save sent (for retries)
        self.next_seq = 0

    def teardown(self) -> None:
        if hasattr(self, "savepoint"):
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

    # --- helpers ------------------------------------------------------------------------

    def open_attempt(self) -> Attempt | None:
        return Attempt.objects.filter(
            assessment=self.assessment, enrollment=self.enrollment, status=AttemptStatus.OPEN
        ).first()

    def attempts(self) -> list[Attempt]:
        return list(Attempt.objects.filter(assessment=self.assessment).order_by("number"))

    def stored_answers(self, attempt_id: int) -> dict[int, tuple[int, list[str]]]:
        return {
            item_id: (seq, options)
            for item_id, seq, options in Answer.objects.filter(attempt_id=attempt_id).values_list(
                "item_id", "client_seq", "option_ids"
            )
        }

    def closes_at(self, attempt_id: int) -> datetime:
        return self.deadlines[attempt_id] + grace()

    def send(self, attempt_id: int, item_id: int, seq: int, options: list[str]) -> None:
        """Save through the domain function and check the outcome against the model."""
        attempt = Attempt.objects.get(pk=attempt_id)
        stored_seq = self.expected[attempt_id].get(item_id, (0, []))[0]
        try:
            result = save_answer(
                attempt_id=attempt_id,
                item_id=item_id,
                option_ids=options,
                client_seq=seq,
                now=self.clock,
                user_id=self.participant.pk,
            )
        except AttemptClosed:
            assert attempt.status != AttemptStatus.OPEN or self.clock > self.closes_at(attempt_id)
            return
        assert attempt.status == AttemptStatus.OPEN, "a closed attempt took an answer"
        assert self.clock <= self.closes_at(attempt_id), "an answer after deadline+grace"
        assert result.saved == (seq > stored_seq)
        assert result.client_seq == max(seq, stored_seq)
        if result.saved:
            self.expected[attempt_id][item_id] = (seq, sorted(set(options)))

    # --- actions ------------------------------------------------------------------------

    @rule()
    def start(self) -> None:
        before = {a.pk for a in self.attempts()}
        counted = [a for a in self.attempts() if a.status != AttemptStatus.VOIDED]
        reopened = self.open_attempt()
        try:
            attempt, created = start_attempt(
                self.assessment,
                enrollment=self.enrollment,
                participant=self.participant,
                now=self.clock,
            )
        except StartRefused as refusal:
            self.refused(refusal.code, counted)
            return
        if not created:
            assert reopened is not None
            assert attempt.pk == reopened.pk
            return
        assert attempt.pk not in before
        assert attempt.deadline == self.clock + timedelta(minutes=DURATION_MINUTES)
        self.expected[attempt.pk] = {}
        self.deadlines[attempt.pk] = attempt.deadline

    def refused(self, code: str, counted: list[Attempt]) -> None:
        assert code in ("attempts_exhausted", "already_passed")
        if code == "attempts_exhausted":
            assert len(counted) >= self.assessment.max_attempts
        else:
            assert any(a.passed for a in counted)

    @rule(position=st.integers(0, FORM_ITEMS - 1), index=st.integers(0, OPTIONS - 1))
    def save(self, position: int, index: int) -> None:
        attempt = self.latest()
        if attempt is None:
            return
        item_id = attempt.form[position]["item"]
        self.next_seq += 1
        options = [option_token(attempt.pk, item_id, index)]
        self.sent.append((attempt.pk, item_id, self.next_seq, options))
        self.send(attempt.pk, item_id, self.next_seq, options)

    @precondition(lambda self: self.sent)
    @rule(data=st.data())
    def retry(self, data: st.DataObject) -> None:
        """The client did not get an acknowledgement and sends the same save again."""
        attempt_id, item_id, seq, options = data.draw(st.sampled_from(self.sent))
        self.send(attempt_id, item_id, seq, options)

    @precondition(lambda self: self.sent)
    @rule(data=st.data())
    def stale_save(self, data: st.DataObject) -> None:
        """An old tab sends a different answer with an old sequence number."""
        attempt_id, item_id, seq, _options = data.draw(st.sampled_from(self.sent))
        other = [option_token(attempt_id, item_id, (seq + 1) % OPTIONS)]
        self.send(attempt_id, item_id, max(seq - 1, 0), other)

    @rule()
    def submit(self) -> None:
        attempt = self.latest()
        if attempt is None:
            return
        was = attempt.status
        try:
            done = submit_attempt(attempt, now=self.clock)
        except AttemptClosed:
            assert was == AttemptStatus.VOIDED
            return
        assert done.status != AttemptStatus.OPEN
        if was == AttemptStatus.OPEN:
            late = self.clock > self.closes_at(attempt.pk)
            assert done.status == (AttemptStatus.EXPIRED if late else AttemptStatus.SUBMITTED)

    @rule(seconds=st.sampled_from([1, 14, 15, 16, 60, 170, DURATION_MINUTES * 60]))
    def time_passes(self, seconds: int) -> None:
        self.clock += timedelta(seconds=seconds)

    @rule(
        offset=st.sampled_from([-1, 0, 1]),
        position=st.integers(0, FORM_ITEMS - 1),
        index=st.integers(0, OPTIONS - 1),
    )
    def save_at_the_end_of_grace(self, offset: int, position: int, index: int) -> None:
        """Time reaches the latest attempt's deadline + grace, give or take a second; save."""
        attempt = self.latest()
        if attempt is None:
            return
        self.clock = max(self.clock, self.closes_at(attempt.pk) + timedelta(seconds=offset))
        self.save(position, index)

    @rule()
    def sweep(self) -> None:
        overdue = {
            a.pk
            for a in self.attempts()
            if a.status == AttemptStatus.OPEN and self.clock > self.closes_at(a.pk)
        }
        assert expire_overdue_attempts(now=self.clock) == len(overdue)

    @rule()
    def resume(self) -> None:
        """Reading the attempt (page reload, another device) expires it lazily if overdue."""
        attempt = open_attempt_for(self.assessment, self.enrollment, now=self.clock)
        if attempt is not None:
            assert self.clock <= self.closes_at(attempt.pk)

    @rule(data=st.data())
    def void(self, data: st.DataObject) -> None:
        attempts = self.attempts()
        if not attempts:
            return
        attempt = data.draw(st.sampled_from(attempts))
        void_attempt(attempt, by=self.manager, reason="Gangguan teknis", now=self.clock)
        assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.VOIDED

    @rule(position=st.integers(0, FORM_ITEMS - 1), key=st.integers(1, OPTIONS - 1))
    def move_key(self, position: int, key: int) -> None:
        """A facilitator moves the key of an item of the latest form; attempts keep scoring
        by the version they drew."""
        attempt = self.latest()
        if attempt is None:
            return
        item = Item.objects.get(pk=attempt.form[position]["item"])
        texts = ["Jakarta", "Bandung", "Surabaya", "Medan"]
        update_item(
            item,
            item_type=ItemType.SINGLE,
            stem_html=f"<p>Soal {item.pk} diperbaiki</p>",
            options=[{"text": t, "correct": i == key} for i, t in enumerate(texts)],
            by=None,
            now=self.clock,
        )
        Item.objects.filter(pk=item.pk).update(status=ItemStatus.ACTIVE)  # review approved

    def latest(self) -> Attempt | None:
        attempts = self.attempts()
        return attempts[-1] if attempts else None

    # --- invariants ---------------------------------------------------------------------

    @invariant()
    def within_the_limit_and_one_open(self) -> None:
        if not hasattr(self, "assessment"):
            return
        attempts = self.attempts()
        counted = [a for a in attempts if a.status != AttemptStatus.VOIDED]
        assert len(counted) <= self.assessment.max_attempts
        assert sum(a.status == AttemptStatus.OPEN for a in attempts) <= 1
        assert len({a.slot for a in counted}) == len(counted)

    @invariant()
    def deadlines_never_move(self) -> None:
        if not hasattr(self, "assessment"):
            return
        for attempt in self.attempts():
            assert attempt.deadline == self.deadlines[attempt.pk]
            assert attempt.deadline == attempt.started_at + timedelta(minutes=DURATION_MINUTES)

    @invariant()
    def stored_answers_are_the_models(self) -> None:
        if not hasattr(self, "assessment"):
            return
        for attempt in self.attempts():
            stored = self.stored_answers(attempt.pk)
            for item_id, (seq, options) in stored.items():
                assert (seq, options) == self.expected[attempt.pk].get(item_id, (0, []))

    @invariant()
    def finalised_attempts_never_change_and_score_right(self) -> None:
        if not hasattr(self, "assessment"):
            return
        for attempt in self.attempts():
            if attempt.status == AttemptStatus.OPEN:
                continue
            answers = self.stored_answers(attempt.pk)
            if attempt.status in FINAL or attempt.score is not None:
                assert attempt.submitted_at is not None
                assert attempt.submitted_at <= self.closes_at(attempt.pk)
                if attempt.status == AttemptStatus.EXPIRED:
                    assert attempt.submitted_at == attempt.deadline
                chosen = {item_id: options for item_id, (_seq, options) in answers.items()}
                assert attempt.score == independent_score(attempt, chosen)
                assert attempt.passed == (attempt.score >= attempt.passing_score)
            snapshot = (answers, attempt.score, attempt.submitted_at, attempt.correct)
            if attempt.pk in self.frozen:
                assert self.frozen[attempt.pk] == snapshot, "a finalised attempt changed"
            else:
                self.frozen[attempt.pk] = snapshot


def test_attempt_rules_hold_under_random_action_sequences():
    run_state_machine_as_test(
        AttemptRules,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )

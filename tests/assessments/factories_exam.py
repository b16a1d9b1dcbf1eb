"""Builders for the exam-area tests: a subject exam ready to take, started attempts,
answers given right or wrong on purpose."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from bangkom.assessments.attempts import ClientInfo, save_answer, start_attempt, submit_attempt
from bangkom.assessments.choices import AssessmentKind
from bangkom.assessments.models import Attempt, ItemVersion
from bangkom.assessments.option_ids import option_token
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.curriculum.factories import SubjectFactory
from tests.learning.factories import EnrollmentFactory


def subject_exam(offering, *, bank_size=10, item_count=5, **fields):
    """A published subject exam of a new subject of the offering's program."""
    subject = fields.pop("subject", None) or SubjectFactory(program=offering.program)
    bank = make_bank(offering.program, size=bank_size, subject=subject)
    defaults = {
        "kind": AssessmentKind.SUBJECT,
        "title": f"Ujian {subject.title}",
        "passing_score": Decimal("70"),
        "max_attempts": 5,
    }
    defaults.update(fields)
    return AssessmentFactory(
        offering=offering, subject=subject, banks=[bank], item_count=item_count, **defaults
    )


def enrolled(offering, participant=None, **fields):
    kwargs = {"offering": offering, **fields}
    if participant is not None:
        kwargs["participant"] = participant
    return EnrollmentFactory(**kwargs)


def begin(assessment, enrollment, *, now=None, device="perangkat-a-0001", ip="10.0.0.1"):
    attempt, _created = start_attempt(
        assessment,
        enrollment=enrollment,
        participant=enrollment.participant,
        now=now or timezone.now(),
        client=ClientInfo(ip_address=ip, user_agent="Mozilla/5.0 Uji", device_token=device),
    )
    return attempt


def key_index(version: ItemVersion) -> int:
    return next(i for i, option in enumerate(version.options) if option.get("correct"))


def answer(attempt: Attempt, position: int, *, right: bool, seq: int = 1, now=None) -> None:
    """Answer the item at ``position`` (1-based) right or wrong through the domain function."""
    entry = next(e for e in attempt.form if e["pos"] == position)
    version = ItemVersion.objects.get(pk=entry["version"])
    key = key_index(version)
    index = key if right else next(i for i in range(len(version.options)) if i != key)
    save_answer(
        attempt_id=attempt.pk,
        item_id=entry["item"],
        option_ids=[option_token(attempt.pk, entry["item"], index)],
        client_seq=seq,
        now=now or timezone.now(),
        user_id=attempt.participant_id,
    )


def finish(attempt: Attempt, *, right: int, now=None) -> Attempt:
    """Answer the first ``right`` items right and the rest wrong, then submit."""
    now = now or timezone.now()
    for position in range(1, len(attempt.form) + 1):
        answer(attempt, position, right=position <= right, now=now)
    return submit_attempt(attempt, now=now)

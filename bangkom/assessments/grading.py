"""Finalising an attempt: close it once (conditional update) and score it from its answers.

Runs for a submit, for the expiry sweep and for lazy expiry; whichever comes first wins and
the others change nothing (RELIABILITY.md F8, F11, F13).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction

from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.models import Answer, Attempt, ItemVersion
from bangkom.assessments.option_ids import decode_options
from bangkom.assessments.scoring import Score, ScoredItem, score_form


def result_label(kind: str, passed: bool) -> str:
    """API.md: kompeten/belum_kompeten for the final test, lulus/tidak_lulus otherwise."""
    if kind == AssessmentKind.FINAL:
        return "kompeten" if passed else "belum_kompeten"
    return "lulus" if passed else "tidak_lulus"


def finalise_attempt(attempt: Attempt, *, status: str, now: datetime) -> int:
    """Close an open attempt as submitted or expired and store its score; 1 if this call did.

    An expired attempt is recorded as finished at its deadline, scored from its last saves.
    """
    finished_at = now if status == AttemptStatus.SUBMITTED else min(now, attempt.deadline)
    with transaction.atomic():
        closed = Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.OPEN).update(
            status=status, submitted_at=finished_at
        )
        if closed != 1:  # another request or the sweep finalised it first
            return 0
        score = score_attempt(attempt)
        passed = score.score >= attempt.passing_score
        Attempt.objects.filter(pk=attempt.pk).update(
            score=score.score,
            correct=score.correct,
            total=score.total,
            passed=passed,
            breakdown={str(subject): str(value) for subject, value in score.by_subject.items()},
        )
    _record_outcome(attempt.pk)
    return 1


def score_attempt(attempt: Attempt) -> Score:
    """Score the attempt's form from its stored answers and the versions it drew."""
    versions = ItemVersion.objects.select_related("item").in_bulk(
        [entry["version"] for entry in attempt.form]
    )
    chosen = dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "option_ids"))
    items = []
    for entry in attempt.form:
        version = versions[entry["version"]]
        indexes = decode_options(attempt.pk, entry["item"], chosen.get(entry["item"]) or []) or []
        items.append(
            ScoredItem(
                item_type=version.item.item_type,
                options=version.options,
                chosen=frozenset(i for i in indexes if i < len(version.options)),
                weight=version.weight or Decimal(1),
                partial_credit=version.partial_credit,
                subject_id=entry.get("subject"),
            )
        )
    return score_form(items)


def _record_outcome(attempt_id: int) -> None:
    """Let the journey's consequences follow (certificates, RPL) once the attempt is final."""
    try:
        from bangkom.progression.outcomes import record_attempt_outcome
    except ImportError:  # the progression context adds this with certificates
        return
    transaction.on_commit(lambda: record_attempt_outcome(attempt_id))

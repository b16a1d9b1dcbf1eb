"""Finalising an attempt: close it once (conditional update) and score it from its answers.

Runs for a submit, for the expiry sweep and for lazy expiry; whichever comes first wins and
the others change nothing (RELIABILITY.md F8, F11, F13).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.models import Answer, Attempt, ItemVersion
from bangkom.assessments.option_ids import decode_options
from bangkom.assessments.scoring import Score, ScoredItem, score_form
from bangkom.audit.log import record

# Only a passed placement (RPL exemption, seed R3) or a passed final (kompeten) can make the
# journey certify the enrolment; a subject exam cannot (the final is gated behind every
# subject exam), and a failed attempt never can. Skipping the others keeps a submit during a
# CAT session from recomputing the whole journey for nothing.
OUTCOME_KINDS = (AssessmentKind.PLACEMENT, AssessmentKind.FINAL)


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
        _notify_result(attempt, score=score.score, passed=passed)
        # Last: the audit append serialises on the chain head until this transaction commits.
        record(
            f"attempt.{status}",
            actor=attempt.participant if status == AttemptStatus.SUBMITTED else None,
            target=attempt,
            subject=attempt.participant,
            data={
                "assessment_id": attempt.assessment_id,
                "score": score.score,
                "correct": score.correct,
                "total": score.total,
                "passed": passed,
            },
        )
    if passed and attempt.assessment.kind in OUTCOME_KINDS:
        _record_outcome(attempt.pk)
    return 1


def _notify_result(attempt: Attempt, *, score: Decimal, passed: bool) -> None:
    """Tell the participant their score once (the key is the attempt's; trial runs are quiet)."""
    if attempt.is_trial:
        return
    from bangkom.notifications.kinds import NotificationKind
    from bangkom.notifications.service import notify

    assessment = attempt.assessment
    if assessment.kind == AssessmentKind.FINAL:
        verdict = _("kompeten") if passed else _("belum kompeten")
    else:
        verdict = _("lulus") if passed else _("tidak lulus")
    values = {
        "title": assessment.title,
        "score": f"{Decimal(str(score)).normalize():f}",
        "verdict": verdict,
        "passing": f"{Decimal(str(attempt.passing_score)).normalize():f}",
    }
    notify(
        attempt.participant,
        event_key=f"attempt:{attempt.pk}:result",
        title=_("Hasil %(title)s: nilai %(score)s, %(verdict)s") % values,
        body=_("Nilai lulus %(passing)s.") % values,
        url=reverse("assessments:exam-result", args=[attempt.pk]),
        kind=NotificationKind.EXAM_RESULT,
    )


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
    from bangkom.progression.outcomes import record_attempt_outcome

    transaction.on_commit(lambda: record_attempt_outcome(attempt_id))

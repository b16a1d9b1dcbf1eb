"""Read side of the assessments context.

``attempt_for_participant`` is the only serialiser of a running attempt: it reads the
stem and option texts and never the key fields (``correct``, ``points``) — RELIABILITY.md
control 6 and K1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection

from bangkom.assessments.choices import AfterLastFailure, AssessmentKind, AttemptStatus
from bangkom.assessments.gates import start_refusal
from bangkom.assessments.models import Answer, Assessment, Attempt, ItemVersion
from bangkom.assessments.option_ids import option_token
from bangkom.learning.models import Enrollment

# What a participant sees of a locked item version (type, stem, option texts), per process.
# A version an attempt drew is locked and never changes again (editing makes a new version,
# and an item's type cannot change once a version of it is locked), so it can be kept; every
# start and exam page of a CAT session shows versions from the same bank. Never the key.
# PostgreSQL only: its sequences never hand out an id twice, while SQLite reuses the highest
# id after a delete, so a cached entry could outlive its row and describe a newer one.
_locked_content: dict[int, tuple[str, str, tuple[str, ...]]] = {}
MAX_CACHED_VERSIONS = 20_000  # about 20 MB of text at most; emptied whole when full


def attempt_items(attempt: Attempt) -> list[dict]:
    """The form as the participant sees it: stems and options in display order, no key."""
    content = _version_content([entry["version"] for entry in attempt.form])
    items = []
    for entry in attempt.form:
        item_type, stem_html, option_texts = content[entry["version"]]
        items.append(
            {
                "item_id": entry["item"],
                "position": entry["pos"],
                "type": item_type,
                "stem": stem_html,
                "options": [
                    {
                        "option_id": option_token(attempt.pk, entry["item"], index),
                        "text": option_texts[index],
                    }
                    for index in entry["order"]
                ],
            }
        )
    return items


def _version_content(version_ids: list[int]) -> dict[int, tuple[str, str, tuple[str, ...]]]:
    if connection.vendor != "postgresql":
        return _read_content(version_ids, keep=False)
    found = {}
    for pk in version_ids:  # .get: another thread may empty the cache meanwhile
        content = _locked_content.get(pk)
        if content is not None:
            found[pk] = content
    missing = [pk for pk in version_ids if pk not in found]
    if not missing:
        return found
    if len(_locked_content) + len(missing) > MAX_CACHED_VERSIONS:
        _locked_content.clear()
    found.update(_read_content(missing, keep=True))
    return found


def _read_content(
    version_ids: list[int], *, keep: bool
) -> dict[int, tuple[str, str, tuple[str, ...]]]:
    found = {}
    for pk, item_type, stem_html, options, is_locked in ItemVersion.objects.filter(
        pk__in=version_ids
    ).values_list("pk", "item__item_type", "stem_html", "options", "is_locked"):
        found[pk] = (item_type, stem_html, tuple(option["text"] for option in options))
        if keep and is_locked:
            _locked_content[pk] = found[pk]
    return found


def attempt_answers(attempt: Attempt) -> list[dict]:
    return [
        {"item_id": item_id, "option_ids": option_ids, "client_seq": seq}
        for item_id, option_ids, seq in Answer.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list("item_id", "option_ids", "client_seq")
    ]


def remaining_seconds(attempt: Attempt, *, now: datetime) -> int:
    if attempt.status != AttemptStatus.OPEN:
        return 0
    return max(0, int((attempt.deadline - now).total_seconds()))


@dataclass(frozen=True)
class AssessmentStatus:
    assessment: Assessment
    attempts_used: int
    best_score: Decimal | None
    passed: bool
    locked_code: str | None

    @property
    def available(self) -> bool:
        return self.locked_code is None


def assessments_for_enrollment(enrollment: Enrollment, *, now: datetime) -> list[AssessmentStatus]:
    """Every published assessment of the enrolment's offering with the caller's standing."""
    assessments = list(
        Assessment.objects.filter(offering_id=enrollment.offering_id, is_published=True)
        .select_related("subject")
        .order_by("kind", "subject__order", "pk")
    )
    used: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in Attempt.objects.filter(enrollment=enrollment).exclude(
        status=AttemptStatus.VOIDED
    ):
        used[attempt.assessment_id].append(attempt)
    order = {AssessmentKind.PLACEMENT: 0, AssessmentKind.SUBJECT: 1, AssessmentKind.FINAL: 2}
    assessments.sort(key=lambda a: (order[a.kind], a.subject.order if a.subject else 0, a.pk))
    from bangkom.learning.progress import journey_for

    journey = journey_for(enrollment) if assessments else None
    result = []
    for assessment in assessments:
        attempts = used[assessment.pk]
        scores = [a.score for a in attempts if a.score is not None]
        has_open = any(a.status == AttemptStatus.OPEN for a in attempts)
        refusal = (
            None if has_open else start_refusal(assessment, enrollment, now=now, journey=journey)
        )
        result.append(
            AssessmentStatus(
                assessment=assessment,
                attempts_used=len(attempts),
                best_score=max(scores) if scores else None,
                passed=any(a.passed for a in attempts),
                locked_code=str(refusal) if refusal else None,
            )
        )
    return result


def exam_facts_for(enrollments: Sequence[Enrollment]) -> dict[int, dict]:
    """The exam facts of each enrolment for the journey (placement, subject exams, final)."""
    offering_ids = {e.offering_id for e in enrollments}
    assessments = list(
        Assessment.objects.filter(offering_id__in=offering_ids, is_published=True).values(
            "pk", "offering_id", "kind", "max_attempts", "after_last_failure"
        )
    )
    by_offering: dict[int, list[dict]] = defaultdict(list)
    for a in assessments:
        by_offering[a["offering_id"]].append(a)
    attempts: dict[tuple[int, int], list[tuple[str, bool | None]]] = defaultdict(list)
    for enrollment_id, assessment_id, status, passed in (
        Attempt.objects.filter(enrollment__in=enrollments)
        .exclude(status=AttemptStatus.VOIDED)
        .values_list("enrollment_id", "assessment_id", "status", "passed")
    ):
        attempts[(enrollment_id, assessment_id)].append((status, passed))
    return {e.pk: _facts(by_offering[e.offering_id], attempts, e.pk) for e in enrollments}


def _facts(assessments: list[dict], attempts: dict, enrollment_id: int) -> dict:
    facts: dict = {}
    subject_total = subject_passed = 0
    for a in assessments:
        rows = attempts.get((enrollment_id, a["pk"]), [])
        finished = [passed for status, passed in rows if status != AttemptStatus.OPEN]
        passed = any(finished)
        # DOMAIN.md open item 10: by default the last failure ends the enrolment
        exhausted = (
            not passed
            and len(finished) >= a["max_attempts"]
            and a["after_last_failure"] == AfterLastFailure.END_NOT_PASSED
        )
        if a["kind"] == AssessmentKind.PLACEMENT:
            facts["has_placement"] = True
            if finished:
                facts["placement_result"] = "passed" if passed else "failed"
        elif a["kind"] == AssessmentKind.SUBJECT:
            subject_total += 1
            subject_passed += passed
            if exhausted:
                facts["subject_exam_exhausted"] = True
        else:
            facts["has_final"] = True
            facts["final_passed"] = passed
            facts["final_exhausted"] = exhausted
    if subject_total:
        facts["subject_exams_total"] = subject_total
        facts["subject_exams_passed"] = subject_passed
    return facts

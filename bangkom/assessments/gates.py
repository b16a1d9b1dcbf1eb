"""May this participant start this assessment now? One function gives the API's refusal code.

The order of the gates follows the journey (seed Gambar 2): enrolled → window open →
attempts left and not yet passed → not exempt by RPL → the journey step this assessment
belongs to (placement before study; subject exams while studying; the final only when
every assignment is accepted and every subject exam passed, R5).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q

from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.errors import AssessmentErrorCode
from bangkom.assessments.models import Assessment, Attempt
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from bangkom.progression.journey import Journey, JourneyState, NextStep

SUBJECT_EXAM_STATES = {
    JourneyState.LEARNING,
    JourneyState.EXAMS_PENDING,
    JourneyState.FINAL_AVAILABLE,
}


def start_refusal(
    assessment: Assessment, enrollment: Enrollment, *, now: datetime, journey: Journey | None = None
) -> AssessmentErrorCode | None:
    """The reason this enrolment may not start the assessment now, or None if it may.

    ``journey`` may be passed when the caller already computed it (lists of assessments).
    """
    if enrollment.status != EnrollmentStatus.ENROLLED:
        return AssessmentErrorCode.NOT_ENROLLED
    if not assessment.is_published or not _window_open(assessment, now):
        return AssessmentErrorCode.WINDOW_CLOSED
    used = (
        Attempt.objects.filter(assessment=assessment, enrollment=enrollment)
        .exclude(status=AttemptStatus.VOIDED)
        .aggregate(count=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    )
    if used["passed"]:
        return AssessmentErrorCode.ALREADY_PASSED
    if used["count"] >= assessment.max_attempts:
        return AssessmentErrorCode.ATTEMPTS_EXHAUSTED
    return _journey_refusal(assessment, enrollment, journey)


def _window_open(assessment: Assessment, now: datetime) -> bool:
    if assessment.opens_at and now < assessment.opens_at:
        return False
    return not (assessment.closes_at and now > assessment.closes_at)


def _journey_refusal(
    assessment: Assessment, enrollment: Enrollment, journey: Journey | None
) -> AssessmentErrorCode | None:
    if journey is None:
        from bangkom.learning.progress import journey_for

        journey = journey_for(enrollment)
    if journey.state == JourneyState.EXEMPT_RPL:
        return AssessmentErrorCode.EXEMPT
    if journey.state == JourneyState.DISQUALIFIED:  # an active sanction (seed R11)
        return AssessmentErrorCode.PREREQUISITES_NOT_MET
    if assessment.kind == AssessmentKind.PLACEMENT:
        if journey.next_step == NextStep.ACKNOWLEDGE_RULES:
            return AssessmentErrorCode.PREREQUISITES_NOT_MET
        return None
    if assessment.kind == AssessmentKind.SUBJECT:
        return (
            None
            if journey.state in SUBJECT_EXAM_STATES
            else AssessmentErrorCode.PREREQUISITES_NOT_MET
        )
    if journey.state != JourneyState.FINAL_AVAILABLE:
        return AssessmentErrorCode.PREREQUISITES_NOT_MET
    return None

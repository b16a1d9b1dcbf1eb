"""Time to complete an offering: median days from enrolment to the result (issue 8 item 4).

Start: when the enrolment was approved (``decided_at``), else when it was requested.
End: the first passing finished attempt of the final test (kompeten) or, for participants
exempt by recognition of prior learning, of the placement test. The median is taken in the
database (ordered, then the middle one or two rows), so no enrolment list reaches Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import DurationField, ExpressionWrapper, F, Min, QuerySet
from django.db.models.functions import Coalesce

from bangkom.assessments.models import Attempt
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.reports.funnel import FINISHED, OfferingAssessments, offering_assessments

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class CompletionTime:
    completed: int  # enrolments with a result (kompeten or exempt)
    median_days: float | None


def finished_attempts_of(
    offering: Offering, assessment_ids: list[int], **conditions: object
) -> QuerySet[Attempt]:
    """Finished, non-trial attempts on these assessments by the offering's counted
    (approved, non-trial) enrolments."""
    return Attempt.objects.filter(
        assessment_id__in=assessment_ids,
        status__in=FINISHED,
        is_trial=False,
        enrollment__offering=offering,
        enrollment__status=EnrollmentStatus.ENROLLED,
        enrollment__is_trial=False,
        **conditions,
    ).order_by()


def completion_time(
    offering: Offering, *, assessments: OfferingAssessments | None = None
) -> CompletionTime:
    """Median days to kompeten (or RPL exemption) of the offering's enrolments; ≤ 3 queries."""
    assessments = assessments or offering_assessments(offering)
    finishing = [pk for pk in (assessments.final, assessments.placement) if pk]
    if not finishing:
        return CompletionTime(0, None)
    # Grouped from the finishing attempts (filtered by the offering's enrolments first),
    # rather than a "first passing attempt" subquery per enrolment.
    durations = (
        finished_attempts_of(offering, finishing, passed=True)
        .values(
            "enrollment_id", start=Coalesce("enrollment__decided_at", "enrollment__requested_at")
        )
        .annotate(done_at=Min("submitted_at"))
        .annotate(took=ExpressionWrapper(F("done_at") - F("start"), output_field=DurationField()))
        .order_by("took", "enrollment_id")
        .values_list("took", flat=True)
    )
    count = durations.count()
    if not count:
        return CompletionTime(0, None)
    middle = list(durations[(count - 1) // 2 : count // 2 + 1])
    median = sum(middle, timedelta()) / len(middle)
    return CompletionTime(count, round(median.total_seconds() / SECONDS_PER_DAY, 1))

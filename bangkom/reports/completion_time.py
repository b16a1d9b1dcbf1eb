"""Time to complete an offering: median days from enrolment to the result (issue 8 item 4).

Start: when the enrolment was approved (``decided_at``), else when it was requested.
End: the first passing finished attempt of the final test (kompeten) or, for participants
exempt by recognition of prior learning, of the placement test. The median is taken in the
database (ordered, then the middle one or two rows), so no enrolment list reaches Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Min, Subquery
from django.db.models.functions import Coalesce

from bangkom.curriculum.models import Offering
from bangkom.reports.funnel import (
    OfferingAssessments,
    counted_enrollments,
    finished_attempts,
    offering_assessments,
)

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class CompletionTime:
    completed: int  # enrolments with a result (kompeten or exempt)
    median_days: float | None


def completion_time(
    offering: Offering, *, assessments: OfferingAssessments | None = None
) -> CompletionTime:
    """Median days to kompeten (or RPL exemption) of the offering's enrolments; ≤ 3 queries."""
    assessments = assessments or offering_assessments(offering)
    finishing = [pk for pk in (assessments.final, assessments.placement) if pk]
    if not finishing:
        return CompletionTime(0, None)
    done_at = Subquery(
        finished_attempts(finishing, passed=True)
        .order_by()
        .values("enrollment_id")
        .annotate(first=Min("submitted_at"))
        .values("first"),
        output_field=DateTimeField(),
    )
    durations = (
        counted_enrollments(offering)
        .annotate(done_at=done_at)
        .filter(done_at__isnull=False)
        .annotate(
            took=ExpressionWrapper(
                F("done_at") - Coalesce("decided_at", "requested_at"),
                output_field=DurationField(),
            )
        )
        .order_by("took", "pk")
        .values_list("took", flat=True)
    )
    count = durations.count()
    if not count:
        return CompletionTime(0, None)
    middle = list(durations[(count - 1) // 2 : count // 2 + 1])
    median = sum(middle, timedelta()) / len(middle)
    return CompletionTime(count, round(median.total_seconds() / SECONDS_PER_DAY, 1))

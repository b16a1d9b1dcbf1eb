"""Pass rates and attempts used per assessment of an offering (issue 8 item 4).

Counted like the journey counts exams (``assessments.queries.exam_facts_for``): finished
attempts only (submitted or expired; open and voided ones are not results), no trial
attempts, approved non-trial enrolments. The pass rate is participants who passed over
participants who finished at least one attempt. One grouped query for all assessments.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q

from bangkom.assessments.choices import AssessmentKind
from bangkom.assessments.models import Assessment, Attempt
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.reports.funnel import FINISHED, share

KIND_ORDER = {AssessmentKind.PLACEMENT: 0, AssessmentKind.SUBJECT: 1, AssessmentKind.FINAL: 2}


@dataclass(frozen=True)
class AssessmentRate:
    assessment_id: int
    title: str
    kind: str
    kind_label: str
    max_attempts: int
    takers: int  # participants with at least one finished attempt
    passed: int  # participants with a passing finished attempt
    attempts: int  # finished attempts used, all participants together
    passed_first: int  # participants who passed at their first attempt
    mean_score: Decimal | None

    @property
    def pass_rate(self) -> float | None:
        return share(self.passed, self.takers)

    @property
    def attempts_per_taker(self) -> float | None:
        return round(self.attempts / self.takers, 2) if self.takers else None


def assessment_pass_rates(offering: Offering) -> list[AssessmentRate]:
    """One row per published assessment of the offering (placement, subjects, final); 2 queries."""
    assessments = list(
        Assessment.objects.filter(offering=offering, is_published=True)
        .select_related("subject")
        .order_by("pk")
    )
    stats = {
        row["assessment_id"]: row
        for row in Attempt.objects.filter(
            assessment_id__in=[a.pk for a in assessments],  # only the published are shown
            status__in=FINISHED,
            is_trial=False,
            enrollment__is_trial=False,
            enrollment__status=EnrollmentStatus.ENROLLED,
        )
        .values("assessment_id")
        .annotate(
            # aliases unlike the fields: an alias "passed" would shadow Q(passed=True)
            n_attempts=Count("pk"),
            n_takers=Count("enrollment_id", distinct=True),
            n_passed=Count("enrollment_id", distinct=True, filter=Q(passed=True)),
            n_passed_first=Count("enrollment_id", distinct=True, filter=Q(passed=True, number=1)),
            mean=Avg("score"),
        )
        .order_by()
    }
    assessments.sort(
        key=lambda a: (KIND_ORDER.get(a.kind, 9), a.subject.order if a.subject else 0, a.pk)
    )
    return [_rate(a, stats.get(a.pk, {})) for a in assessments]


def _rate(assessment: Assessment, row: dict) -> AssessmentRate:
    mean = row.get("mean")
    return AssessmentRate(
        assessment_id=assessment.pk,
        title=assessment.title,
        kind=assessment.kind,
        kind_label=str(assessment.get_kind_display()),
        max_attempts=assessment.max_attempts,
        takers=row.get("n_takers", 0),
        passed=row.get("n_passed", 0),
        attempts=row.get("n_attempts", 0),
        passed_first=row.get("n_passed_first", 0),
        mean_score=(
            None
            if mean is None
            else Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        ),
    )

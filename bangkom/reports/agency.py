"""Agency-wide: the offering figures across offerings, one row per offering (issue 8 item 4).

Per offering: approved participants, kompeten and exempt by RPL (not counting disqualified
enrolments, as the offering funnel), the final test's pass rate
(participants who passed over participants who finished it, as in the dashboard's
pass-rate table), JP credited (``progression.JpCredit`` of its enrolments) and the cost per
participant from its plan (``reports.cost``). The counts are correlated subqueries on the
offering queryset, so a page of offerings costs one query plus one for the plans.
Filters: the year the learning starts (WIB calendar) and the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from bangkom.assessments.choices import AssessmentKind
from bangkom.assessments.models import Attempt
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from bangkom.planning.models import ProgramPlan
from bangkom.progression.models import JpCredit
from bangkom.reports.compliance import year_bounds
from bangkom.reports.cost import plan_cost
from bangkom.reports.funnel import FINISHED, disqualified_enrollment_ids, share


def _count(queryset: QuerySet, *, per: str, counted: str) -> Coalesce:
    """Correlated count of distinct ``counted`` in ``queryset`` grouped by ``per``; 0 if none."""
    counts = queryset.order_by().values(per).annotate(n=Count(counted, distinct=True)).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _finished(kind: str, **conditions: object) -> QuerySet[Attempt]:
    attempts = Attempt.objects.filter(
        assessment__offering=OuterRef("pk"),
        assessment__kind=kind,
        assessment__is_published=True,
        status__in=FINISHED,
        is_trial=False,
        enrollment__status=EnrollmentStatus.ENROLLED,
        enrollment__is_trial=False,
        **conditions,
    )
    disqualified = disqualified_enrollment_ids()  # as the funnel: they count nowhere else
    return attempts if disqualified is None else attempts.exclude(enrollment_id__in=disqualified)


def offerings_with_figures(
    *, year: int | None = None, program_id: int | None = None
) -> QuerySet[Offering]:
    """Offerings (newest first) annotated with ``enrolled``, ``kompeten``, ``exempt``,
    ``final_takers`` and ``jp_credited``."""
    offerings = Offering.objects.select_related("program")
    if year is not None:
        start, end = year_bounds(year)
        offerings = offerings.filter(starts_at__gte=start, starts_at__lt=end)
    if program_id is not None:
        offerings = offerings.filter(program_id=program_id)
    enrolled = Enrollment.objects.filter(
        offering=OuterRef("pk"), status=EnrollmentStatus.ENROLLED, is_trial=False
    )
    jp = (
        JpCredit.objects.filter(enrollment__offering=OuterRef("pk"))
        .order_by()
        .values("enrollment__offering")
        .annotate(total=Sum("jp"))
        .values("total")
    )
    by_offering = {"per": "assessment__offering", "counted": "enrollment_id"}
    return offerings.annotate(
        enrolled=_count(enrolled, per="offering_id", counted="pk"),
        final_takers=_count(_finished(AssessmentKind.FINAL), **by_offering),
        kompeten=_count(_finished(AssessmentKind.FINAL, passed=True), **by_offering),
        exempt=_count(_finished(AssessmentKind.PLACEMENT, passed=True), **by_offering),
        jp_credited=Coalesce(
            Subquery(jp, output_field=DecimalField(max_digits=12, decimal_places=1)),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=12, decimal_places=1),
        ),
    ).order_by("-starts_at", "code")


@dataclass(frozen=True)
class OfferingRow:
    offering: Offering
    enrolled: int
    kompeten: int
    exempt: int
    final_takers: int
    jp_credited: Decimal
    cost_per_participant: int | None
    has_plan: bool

    @property
    def pass_rate(self) -> float | None:
        return share(self.kompeten, self.final_takers)


def offering_rows(offerings: list[Offering]) -> list[OfferingRow]:
    """Rows of annotated offerings (``offerings_with_figures``), plans read in one query."""
    plans = {
        plan.offering_id: plan
        for plan in ProgramPlan.objects.filter(offering__in=[o.pk for o in offerings])
        .select_related("program")
        .order_by()
    }
    rows = []
    for offering in offerings:
        plan = plans.get(offering.pk)
        cost = plan_cost(plan, participants=offering.enrolled) if plan else None
        rows.append(
            OfferingRow(
                offering=offering,
                enrolled=offering.enrolled,
                kompeten=offering.kompeten,
                exempt=offering.exempt,
                final_takers=offering.final_takers,
                jp_credited=offering.jp_credited,
                cost_per_participant=cost.per_participant if cost else None,
                has_plan=plan is not None,
            )
        )
    return rows

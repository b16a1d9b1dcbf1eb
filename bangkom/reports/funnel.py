"""The journey funnel of one offering, computed in the database (issue 8 item 4).

The stages follow the journey state machine (``progression/journey.py``) and the exam facts
it reads (``assessments.queries.exam_facts_for``): an attempt counts once it is finished
(submitted or expired, never voided); an assessment is passed when any finished attempt
passed; only published assessments count; trial enrolments and trial attempts are left out.

- ``enrolled``: approved enrolments (status *enrolled*).
- ``placement_taken`` / ``exempt`` / ``not_exempt``: the placement test finished, passed
  (recognition of prior learning, journey state ``exempt_rpl``) or failed.
- ``learning``: past the placement gate and not exempt (every enrolment when the offering
  has no placement test).
- ``subjects_passed``: of those, every subject exam passed.
- ``final_taken``: of those in learning, the final test finished at least once.
- ``kompeten``: the final test passed (journey state ``kompeten``).
- ``disqualified``: an active disqualification sanction (journey state ``disqualified``,
  which stops the journey wherever it is: such enrolments count in ``enrolled`` and here,
  in no other stage).

Each figure is one conditional count over per-enrolment facts (``EXISTS`` and ``IN``
subqueries that PostgreSQL evaluates once and hashes, never a subquery per enrolment), in a
single query whatever the number of enrolments; ``tests/reports/test_funnel.py`` checks
them against ``journeys_for`` on a fixture.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Q,
    QuerySet,
    Value,
)

from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.models import Assessment, Attempt
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment

FINISHED = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)


@dataclass(frozen=True)
class OfferingAssessments:
    """The published assessments of an offering, by kind."""

    placement: int | None
    subjects: tuple[int, ...]
    final: int | None

    @property
    def all_ids(self) -> tuple[int, ...]:
        return tuple(pk for pk in (self.placement, *self.subjects, self.final) if pk)


def offering_assessments(offering: Offering) -> OfferingAssessments:
    """Ids of the offering's published placement test, subject exams and final test (1 query)."""
    placement = final = None
    subjects = []
    rows = Assessment.objects.filter(offering=offering, is_published=True).order_by("pk")
    for pk, kind in rows.values_list("pk", "kind"):
        if kind == AssessmentKind.PLACEMENT:
            placement = pk
        elif kind == AssessmentKind.FINAL:
            final = pk
        else:
            subjects.append(pk)
    return OfferingAssessments(placement, tuple(subjects), final)


def counted_enrollments(offering: Offering) -> QuerySet[Enrollment]:
    """The enrolments every offering figure counts: approved and not trial."""
    return Enrollment.objects.filter(
        offering=offering, status=EnrollmentStatus.ENROLLED, is_trial=False
    )


def finished_attempts(assessment_ids: object, **conditions: object) -> QuerySet[Attempt]:
    """Finished, non-trial attempts on these assessments (any enrolment)."""
    ids = [assessment_ids] if isinstance(assessment_ids, int) else list(assessment_ids)
    return Attempt.objects.filter(
        assessment_id__in=ids,
        status__in=FINISHED,
        is_trial=False,
        **conditions,
    ).order_by()


def passed_every_subject(subject_ids: tuple[int, ...]) -> QuerySet:
    """Ids of enrolments with a passing finished attempt on every one of these subject exams."""
    return (
        finished_attempts(subject_ids, passed=True)
        .values("enrollment_id")
        .annotate(n=Count("assessment_id", distinct=True))
        .filter(n__gte=len(subject_ids))
        .values("enrollment_id")
    )


def _member_of(enrollment_ids: QuerySet) -> ExpressionWrapper:
    """``pk IN (enrollment_ids)``: an uncorrelated subquery that PostgreSQL runs once and
    hashes, cheap per enrolment and cheap in the plan's cost (a correlated ``EXISTS`` is
    costed per row, which pushes the funnel past the JIT threshold for nothing)."""
    return ExpressionWrapper(Q(pk__in=enrollment_ids), output_field=BooleanField())


def _took(assessment_id: int | None, **conditions: object) -> ExpressionWrapper | Value:
    if not assessment_id:
        return Value(False)
    return _member_of(finished_attempts(assessment_id, **conditions).values("enrollment_id"))


def _all_subjects_passed(subject_ids: tuple[int, ...]) -> ExpressionWrapper | Value:
    if not subject_ids:
        return Value(True)
    return _member_of(passed_every_subject(subject_ids))


DISQUALIFICATION = "disqualification"  # evaluation.choices.SanctionKind.DISQUALIFICATION


def disqualified_enrollment_ids() -> QuerySet | None:
    """Ids of enrolments with an active disqualification (a subquery), or None without the
    evaluation context; the same rule as ``evaluation.sanctions.disqualified_enrollment_ids``."""
    try:
        sanction = apps.get_model("evaluation", "Sanction")
    except LookupError:
        return None
    return sanction.objects.filter(kind=DISQUALIFICATION, is_active=True).values("enrollment_id")


def _disqualified() -> ExpressionWrapper | Value:
    ids = disqualified_enrollment_ids()
    if ids is None:
        return Value(False)
    return _member_of(ids.filter(enrollment_id__isnull=False))  # no NULL in an IN list


def with_journey_facts(
    enrollments: QuerySet[Enrollment], assessments: OfferingAssessments
) -> QuerySet[Enrollment]:
    """Annotate each enrolment with the exam facts the funnel counts (no query by itself).

    ``placement_taken``, ``placement_passed``, ``final_taken``, ``final_passed``,
    ``all_subjects_passed`` (every subject exam passed; true without subject exams) and
    ``disqualified``, all booleans.
    """
    a = assessments
    return enrollments.annotate(
        placement_taken=_took(a.placement),
        placement_passed=_took(a.placement, passed=True),
        all_subjects_passed=_all_subjects_passed(a.subjects),
        final_taken=_took(a.final),
        final_passed=_took(a.final, passed=True),
        disqualified=_disqualified(),
    )


FACTS = (
    "placement_taken",
    "placement_passed",
    "all_subjects_passed",
    "final_taken",
    "final_passed",
    "disqualified",
)


def stage_conditions(assessments: OfferingAssessments) -> dict[str, Q]:
    """The condition on the annotated facts that puts an enrolment in each funnel stage."""
    active = Q(disqualified=False)
    exempt = active & Q(placement_passed=True, final_passed=False)
    learning = active & (
        Q(placement_taken=True, placement_passed=False) | Q(final_passed=True)
        if assessments.placement
        else Q(pk__isnull=False)
    )
    subjects = learning & Q(all_subjects_passed=True) if assessments.subjects else learning
    return {
        "enrolled": Q(pk__isnull=False),
        "placement_taken": active & Q(placement_taken=True),
        "exempt": exempt,
        "not_exempt": active & Q(placement_taken=True, placement_passed=False),
        "learning": learning,
        "subjects_passed": subjects,
        "final_taken": learning & Q(final_taken=True),
        "kompeten": active & Q(final_passed=True),
        "disqualified": Q(disqualified=True),
    }


@dataclass(frozen=True)
class Funnel:
    """Counts of enrolments per stage; ``has_placement`` etc. say which stages apply."""

    enrolled: int
    placement_taken: int
    exempt: int
    not_exempt: int
    learning: int
    subjects_passed: int
    final_taken: int
    kompeten: int
    disqualified: int
    has_placement: bool
    subject_exams: int
    has_final: bool

    @property
    def completed(self) -> int:
        """Enrolments that earned a certificate: kompeten or exempt by RPL."""
        return self.kompeten + self.exempt

    def percent(self, count: int) -> float | None:
        """``count`` as a share of the enrolled, one decimal; None with nobody enrolled."""
        return share(count, self.enrolled)


def share(part: int, whole: int) -> float | None:
    """``part / whole`` in percent with one decimal, None when ``whole`` is 0."""
    return round(100 * part / whole, 1) if whole else None


def offering_funnel(
    offering: Offering, *, assessments: OfferingAssessments | None = None
) -> Funnel:
    """The funnel of an offering in one query (two without ``assessments``)."""
    assessments = assessments or offering_assessments(offering)
    conditions = stage_conditions(assessments)
    # distinct() makes Django compute the facts once per enrolment in an inner query and
    # count outside it; without it every FILTER clause repeats the EXISTS subqueries.
    # The aliases must differ from the annotations they count (Django refuses otherwise).
    facts = (
        with_journey_facts(counted_enrollments(offering), assessments)
        .values("pk", *FACTS)
        .distinct()
    )
    counts = facts.aggregate(
        **{f"n_{name}": Count("pk", filter=condition) for name, condition in conditions.items()}
    )
    return Funnel(
        **{name: counts[f"n_{name}"] for name in conditions},
        has_placement=assessments.placement is not None,
        subject_exams=len(assessments.subjects),
        has_final=assessments.final is not None,
    )

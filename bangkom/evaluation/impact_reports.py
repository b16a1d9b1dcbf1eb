"""Impact results per program, institution and competency, with the competency gap of the
alumni before the training and now (planning's gaps: required − assessed level).

Means are shown only for groups with at least ``min_responses()`` responses, like every
survey aggregate; response rates (answered / invited) are always shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from bangkom.accounts.models import Institution
from bangkom.curriculum.models import Program, ProgramCompetency
from bangkom.evaluation.choices import InstrumentTarget, ItemKind
from bangkom.evaluation.models import (
    ImpactInvitation,
    SurveyAnswer,
    SurveyInstrument,
    SurveyParticipation,
    SurveyResponse,
)
from bangkom.evaluation.rules import min_responses
from bangkom.planning.gaps import requirements_of
from bangkom.planning.models import CompetencyAssessment, EmployeeAssignment


@dataclass(frozen=True)
class ImpactGroup:
    label: str
    invited: int
    answered: int
    responses: int
    mean: float | None  # None below the threshold

    @property
    def rate(self) -> float:
        return round(100 * self.answered / self.invited, 1) if self.invited else 0.0


@dataclass(frozen=True)
class CompetencyImpact:
    competency: str
    program: str
    responses: int
    mean: float | None
    alumni_known: int  # alumni whose level before the training is known
    gap_before: Decimal | None  # mean shortfall max(gap, 0) at the certificate
    gap_now: Decimal | None  # mean shortfall by the latest assessment


@dataclass(frozen=True)
class ImpactReport:
    by_program: list[ImpactGroup]
    by_institution: list[ImpactGroup]
    by_competency: list[CompetencyImpact]
    threshold: int


def _mean(total: int, count: int, responses: int, threshold: int) -> float | None:
    if responses < threshold or not count:
        return None
    return round(total / count, 2)


def impact_report() -> ImpactReport:
    threshold = min_responses()
    instruments = list(
        SurveyInstrument.objects.filter(target=InstrumentTarget.IMPACT).select_related(
            "offering__program"
        )
    )
    program_of = {i.pk: i.offering.program for i in instruments}
    invited = defaultdict(int)
    invited_inst = defaultdict(int)
    inst_of_invitation = {}
    for instrument_id, user_id, institution_id in ImpactInvitation.objects.filter(
        instrument_id__in=program_of
    ).values_list("instrument_id", "user_id", "institution_id"):
        invited[program_of[instrument_id].pk] += 1
        invited_inst[institution_id] += 1
        inst_of_invitation[(instrument_id, user_id)] = institution_id
    answered = defaultdict(int)
    answered_inst = defaultdict(int)
    for instrument_id, user_id in SurveyParticipation.objects.filter(
        instrument_id__in=program_of
    ).values_list("instrument_id", "user_id"):
        answered[program_of[instrument_id].pk] += 1
        answered_inst[inst_of_invitation.get((instrument_id, user_id))] += 1
    responses = defaultdict(int)
    responses_inst = defaultdict(int)
    for instrument_id, institution_id in SurveyResponse.objects.filter(
        instrument_id__in=program_of
    ).values_list("instrument_id", "institution_id"):
        responses[program_of[instrument_id].pk] += 1
        responses_inst[institution_id] += 1
    sums = defaultdict(lambda: [0, 0])
    sums_inst = defaultdict(lambda: [0, 0])
    for row in (
        SurveyAnswer.objects.filter(
            response__instrument_id__in=program_of, item__kind=ItemKind.LIKERT, value__isnull=False
        )
        .values("response__instrument_id", "response__institution_id", "value")
        .annotate(n=Count("pk"))
    ):
        program = program_of[row["response__instrument_id"]]
        for bucket in (sums[program.pk], sums_inst[row["response__institution_id"]]):
            bucket[0] += row["value"] * row["n"]
            bucket[1] += row["n"]
    programs = {p.pk: p for p in program_of.values()}
    by_program = [
        ImpactGroup(
            p.title,
            invited[p.pk],
            answered[p.pk],
            responses[p.pk],
            _mean(*sums[p.pk], responses[p.pk], threshold),
        )
        for p in sorted(programs.values(), key=lambda p: p.title)
    ]
    institutions = Institution.objects.in_bulk([pk for pk in invited_inst if pk])
    by_institution = [
        ImpactGroup(
            institutions[pk].name if pk in institutions else "—",
            invited_inst[pk],
            answered_inst[pk],
            responses_inst[pk],
            _mean(*sums_inst[pk], responses_inst[pk], threshold),
        )
        for pk in sorted(
            invited_inst, key=lambda pk: institutions[pk].name if pk in institutions else ""
        )
    ]
    by_competency = _by_competency(programs, responses, sums, threshold)
    return ImpactReport(by_program, by_institution, by_competency, threshold)


def _by_competency(programs: dict[int, Program], responses, sums, threshold: int) -> list:  # noqa: ANN001
    targets = list(
        ProgramCompetency.objects.filter(program_id__in=programs).select_related(
            "competency", "program"
        )
    )
    alumni = defaultdict(list)  # program pk → [(employee pk, issued_on)]
    for program_id, employee_id, issued_on in ImpactInvitation.objects.filter(
        instrument__offering__program_id__in=programs,
        certificate__isnull=False,
        role="alumnus",
    ).values_list(
        "instrument__offering__program_id",
        "certificate__holder__employee_id",
        "certificate__issued_on",
    ):
        if employee_id:
            alumni[program_id].append((employee_id, issued_on))
    employee_ids = {e for rows in alumni.values() for e, _d in rows}
    position_of = dict(
        EmployeeAssignment.objects.filter(employee_id__in=employee_ids).values_list(
            "employee_id", "position_id"
        )
    )
    required = requirements_of(set(position_of.values()))
    assessments = defaultdict(list)  # (employee, competency) → [(assessed_on, pk, level)]
    for employee_id, competency_id, assessed_on, pk, level in CompetencyAssessment.objects.filter(
        employee_id__in=employee_ids
    ).values_list("employee_id", "competency_id", "assessed_on", "pk", "level"):
        assessments[(employee_id, competency_id)].append((assessed_on, pk, level))
    rows = []
    for target in targets:
        before, now = [], []
        for employee_id, issued_on in alumni[target.program_id]:
            need = required.get(position_of.get(employee_id), {}).get(target.competency_id)
            history = sorted(assessments.get((employee_id, target.competency_id), []))
            if need is None or not history:
                continue
            earlier = [h for h in history if h[0] <= issued_on]
            if earlier:
                before.append(max(need - earlier[-1][2], 0))
            now.append(max(need - history[-1][2], 0))
        rows.append(
            CompetencyImpact(
                competency=target.competency.name,
                program=target.program.title,
                responses=responses[target.program_id],
                mean=_mean(*sums[target.program_id], responses[target.program_id], threshold),
                alumni_known=len(before),
                gap_before=_avg(before),
                gap_now=_avg(now),
            )
        )
    return rows


def _avg(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)

"""Factories of the planning context (positions, profiles, plans)."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from bangkom.accounts.choices import PositionType
from bangkom.planning.choices import AssessmentSource, PlanStatus
from bangkom.planning.models import (
    CompetencyAssessment,
    EmployeeAssignment,
    Position,
    PositionRequirement,
    ProgramPlan,
)
from tests.accounts.factories import EmployeeFactory
from tests.curriculum.factories import CompetencyFactory, ProgramFactory


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    code = factory.Sequence(lambda n: f"JAB-{n:03d}")
    name = factory.Sequence(lambda n: f"Analis Uji {n}")
    position_type = PositionType.FUNGSIONAL
    jenjang = "Ahli Muda"
    kelas_jabatan = 9


class RequirementFactory(DjangoModelFactory):
    class Meta:
        model = PositionRequirement

    position = factory.SubFactory(PositionFactory)
    competency = factory.SubFactory(CompetencyFactory)
    required_level = 3


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = EmployeeAssignment

    employee = factory.SubFactory(EmployeeFactory)
    position = factory.SubFactory(PositionFactory)


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = CompetencyAssessment

    employee = factory.SubFactory(EmployeeFactory)
    competency = factory.SubFactory(CompetencyFactory)
    level = 3
    source = AssessmentSource.ASSESSMENT_CENTRE
    assessed_on = date(2026, 6, 1)


class PlanFactory(DjangoModelFactory):
    """A complete draft plan (objectives and targets filled), ready to submit."""

    class Meta:
        model = ProgramPlan

    title = factory.Sequence(lambda n: f"Rencana Uji {n}")
    program = factory.SubFactory(ProgramFactory)
    year = 2027
    objectives = "Peserta mencapai level standar jabatannya."
    target_participants = 100
    target_pass_rate = 85
    target_jp = 20
    starts_on = date(2027, 3, 1)
    ends_on = date(2027, 3, 12)
    status = PlanStatus.DRAFT


def planning_route_samples(personas: dict) -> dict[str, list]:
    """URL arguments for every planning route of the policy matrix (tests/accounts).

    The analysis is of the home institution (the pimpinan persona's) and its candidate
    covers the peserta persona's own gap, so both allowed roles open their object routes.
    """
    from datetime import UTC, datetime

    from bangkom.accounts.choices import Role
    from bangkom.curriculum.models import ProgramCompetency
    from bangkom.planning.models import PlanCommitteeMember, PreparationItem
    from bangkom.planning.needs import build_needs_analysis

    peserta, pengelola = personas[Role.PESERTA], personas[Role.PENGELOLA]
    institution = peserta.employee.institution
    requirement = RequirementFactory(required_level=3)
    AssignmentFactory(employee=peserta.employee, position=requirement.position)
    AssessmentFactory(employee=peserta.employee, competency=requirement.competency, level=2)
    program = ProgramFactory()
    ProgramCompetency.objects.create(
        program=program, competency=requirement.competency, target_level=3
    )
    analysis = build_needs_analysis(
        institution, 2027, by=pengelola, now=datetime(2026, 11, 29, tzinfo=UTC)
    )
    candidate = analysis.candidates.get()
    plan = PlanFactory(program=program, created_by=pengelola)
    member = PlanCommitteeMember.objects.create(plan=plan, user=pengelola, task="Sekretaris")
    item = PreparationItem.objects.create(plan=plan, kind="other", title="Backdrop")
    return {
        "planning:competency-edit": [requirement.competency.pk],
        "planning:position-detail": [requirement.position.pk],
        "planning:position-edit": [requirement.position.pk],
        "planning:requirement-set": [requirement.position.pk],
        "planning:requirement-remove": [requirement.pk],
        "planning:profile-detail": [peserta.employee.pk],
        "planning:assessment-add": [peserta.employee.pk],
        "planning:position-assign": [peserta.employee.pk],
        "planning:institution-gaps": [institution.pk],
        "planning:analysis-detail": [analysis.pk],
        "planning:analysis-rebuild": [analysis.pk],
        "planning:analysis-status": [analysis.pk],
        "planning:analysis-xlsx": [analysis.pk],
        "planning:supervisor-answer": [candidate.pk],
        "planning:my-answer": [candidate.pk],
        "planning:plan-detail": [plan.pk],
        "planning:plan-edit": [plan.pk],
        "planning:plan-transition": [plan.pk],
        "planning:plan-comment": [plan.pk],
        "planning:plan-budget": [plan.pk],
        "planning:plan-committee-add": [plan.pk],
        "planning:plan-committee-remove": [member.pk],
        "planning:plan-item-add": [plan.pk],
        "planning:plan-item-update": [item.pk],
        "planning:plan-offering": [plan.pk],
    }

"""The planning demo data (issue "planning" item 7; DOMAIN.md D-2, D-3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bangkom.accounts.demo import seed_demo
from bangkom.accounts.models import Employee
from bangkom.curriculum.models import ProgramCompetency
from bangkom.planning.choices import PlanStatus
from bangkom.planning.demo import DEMO_POSITIONS, seed_planning_demo
from bangkom.planning.gaps import employee_gaps
from bangkom.planning.models import (
    Competency,
    CompetencyAssessment,
    EmployeeAssignment,
    NeedsAnalysis,
    Position,
    ProgramPlan,
)
from tests.curriculum.factories import OfferingFactory, ProgramFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@pytest.fixture
def registry():
    seed_demo(employees=150, now=NOW)


@pytest.fixture
def programs(registry):
    """What the curriculum demo provides: programs aimed at competencies, an offering."""
    from bangkom.planning.competencies import seed_standard_competencies

    seed_standard_competencies()
    sahli = ProgramFactory(code="SAHLI", title="Pelatihan Staf Ahli Kepala Daerah")
    akhlak = ProgramFactory(code="AKHLAK", title="Penguatan Nilai BerAKHLAK dan Perekat Bangsa")
    for program, code, level in (
        (sahli, "MJ-OPH", 4),
        (sahli, "MJ-KOM", 4),
        (akhlak, "SK-PB", 3),
        (akhlak, "MJ-INT", 3),
        (akhlak, "MJ-PP", 3),
    ):
        ProgramCompetency.objects.create(
            program=program, competency=Competency.objects.get(code=code), target_level=level
        )
    start = NOW + timedelta(days=20)
    OfferingFactory(program=sahli, starts_at=start, ends_at=start + timedelta(days=10))
    OfferingFactory(program=akhlak, starts_at=start, ends_at=start + timedelta(days=10))
    return sahli, akhlak


def _managerial_levels(code: str) -> set[int]:
    position = Position.objects.get(code=code)
    return set(
        position.requirements.filter(competency__competency_type="manajerial").values_list(
            "required_level", flat=True
        )
    )


def test_demo_builds_dictionary_positions_profiles_analyses_and_an_approved_plan(programs):
    summary = seed_planning_demo(now=NOW)

    assert Competency.objects.count() == 22
    assert Position.objects.count() == len(DEMO_POSITIONS)
    assert _managerial_levels("JPT-SEKDA-PROV") == {5}
    assert _managerial_levels("JPT-SEKWAN") <= {4, 5}
    assert _managerial_levels("ADM-CAMAT") == {3, 4}
    assert _managerial_levels("PGW-KASUBBAG-KEU") == {3}
    assert _managerial_levels("JF-POLPP-MAHIR") <= {2, 3}
    perekat = Position.objects.get(code="JF-AK-MUDA").requirements.get(competency__code="SK-PB")
    assert perekat.required_level == 3

    assigned = EmployeeAssignment.objects.count()
    assert assigned >= 0.9 * Employee.objects.count()
    assert summary.assignments_created == assigned
    assert CompetencyAssessment.objects.exists()

    analyses = NeedsAnalysis.objects.filter(year=2026).values_list("institution__code", flat=True)
    assert sorted(analyses) == ["pemkab-gowa", "pemprov-jabar"]
    assert NeedsAnalysis.objects.get(institution__code="pemprov-jabar").candidates.exists()

    plan = ProgramPlan.objects.get()
    assert plan.status == PlanStatus.APPROVED
    assert plan.offering is not None
    assert plan.offering.program == plan.program
    assert plan.submitted_by != plan.decided_by  # approved by another manager
    assert plan.preparation_items.filter(done_at__isnull=True).exists()
    assert plan.preparation_items.filter(done_at__isnull=False).exists()


def test_demo_gap_distribution_follows_d3(programs):
    seed_planning_demo(now=NOW)
    employees = Employee.objects.filter(planning_assignment__isnull=False)
    with_gap = with_gap_two = above = 0
    for employee in employees:
        managerial = [
            line
            for line in employee_gaps(employee).lines
            if line.competency.competency_type == "manajerial" and line.gap is not None
        ]
        gaps = [line.gap for line in managerial]
        with_gap += any(g > 0 for g in gaps)
        with_gap_two += any(g >= 2 for g in gaps)
        above += bool(gaps) and all(g < 0 for g in gaps)
    total = employees.count()
    assert 0.25 * total <= with_gap <= 0.5 * total
    assert with_gap_two >= 1
    assert above >= 1


def test_demo_participant_has_a_need_to_answer(programs):
    from bangkom.accounts.models import User
    from bangkom.planning.needs import candidates_for_employee

    seed_planning_demo(now=NOW)
    rina = User.objects.get(nip="199004042015032004")
    assert candidates_for_employee(rina).exists()


def test_demo_is_idempotent(programs):
    seed_planning_demo(now=NOW)
    counts = (
        Competency.objects.count(),
        Position.objects.count(),
        EmployeeAssignment.objects.count(),
        CompetencyAssessment.objects.count(),
        NeedsAnalysis.objects.count(),
        ProgramPlan.objects.count(),
    )
    again = seed_planning_demo(now=NOW)
    assert (again.competencies_created, again.positions_created) == (0, 0)
    assert (again.assignments_created, again.assessments_created) == (0, 0)
    assert counts == (
        Competency.objects.count(),
        Position.objects.count(),
        EmployeeAssignment.objects.count(),
        CompetencyAssessment.objects.count(),
        NeedsAnalysis.objects.count(),
        ProgramPlan.objects.count(),
    )


def test_demo_without_programs_builds_no_analysis_or_plan(registry):
    summary = seed_planning_demo(now=NOW)
    assert summary.analyses == 0
    assert summary.plan_id is None
    assert Position.objects.exists()

"""The planning pages: managers' pages render, scoping answers 404, bounded queries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from bangkom.planning.models import (
    Competency,
    CompetencyAssessment,
    EmployeeAssignment,
    Position,
    PositionRequirement,
    ProgramPlan,
)
from bangkom.planning.needs import build_needs_analysis
from tests.accounts.factories import EmployeeFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import CompetencyFactory, ProgramFactory
from tests.planning.factories_planning import (
    AssessmentFactory,
    AssignmentFactory,
    PlanFactory,
    PositionFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def test_every_manager_page_renders(world, pengelola):
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    plan = PlanFactory(created_by=pengelola, program=world.x)
    client = logged_in_client(pengelola)
    urls = [
        reverse("planning:competency-list"),
        reverse("planning:competency-create"),
        reverse("planning:competency-edit", args=[world.a.pk]),
        reverse("planning:competency-import"),
        reverse("planning:position-list"),
        reverse("planning:position-list") + "?q=Analis&instansi=umum",
        reverse("planning:position-create"),
        reverse("planning:position-detail", args=[world.position.pk]),
        reverse("planning:position-edit", args=[world.position.pk]),
        reverse("planning:position-import"),
        reverse("planning:profile-search") + "?q=Pegawai",
        reverse("planning:profile-detail", args=[world.e1.pk]),
        reverse("planning:gap-institutions"),
        reverse("planning:institution-gaps", args=[world.institution.pk]),
        reverse("planning:institution-gaps", args=[world.institution.pk]) + "?menurut=unit",
        reverse("planning:analysis-list"),
        reverse("planning:analysis-detail", args=[analysis.pk]),
        reverse("planning:plan-list"),
        reverse("planning:plan-create"),
        reverse("planning:plan-detail", args=[plan.pk]),
        reverse("planning:plan-edit", args=[plan.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_manager_home_links_point_to_planning(pengelola):
    response = logged_in_client(pengelola).get(reverse("home"))
    body = response.content.decode()
    assert reverse("planning:plan-list") in body
    assert reverse("planning:analysis-list") in body


def test_pimpinan_sees_own_institution_gaps_and_404_for_another(
    world, world_pimpinan, other_institution
):
    client = logged_in_client(world_pimpinan)
    listing = client.get(reverse("planning:gap-institutions")).content.decode()
    assert world.institution.name in listing
    assert other_institution.name not in listing
    own = client.get(reverse("planning:institution-gaps", args=[world.institution.pk]))
    assert own.status_code == 200
    assert "Komunikasi" in own.content.decode()
    foreign = client.get(reverse("planning:institution-gaps", args=[other_institution.pk]))
    assert foreign.status_code == 404


def test_heat_map_page_passes_chart_data_without_inline_script(world, pengelola):
    response = logged_in_client(pengelola).get(
        reverse("planning:institution-gaps", args=[world.institution.pk])
    )
    body = response.content.decode()
    assert 'id="gap-chart-data" type="application/json"' in body
    assert "gap-heat-2" in body  # Komunikasi: average shortfall 1.00
    assert "js/gap_heatmap.js" in body
    assert "<script>" not in body


def test_heat_map_query_count_does_not_grow_with_employees(
    world, pengelola, django_assert_max_num_queries
):
    client = logged_in_client(pengelola)
    url = reverse("planning:institution-gaps", args=[world.institution.pk])
    client.get(url)
    positions = [
        RequirementFactory(competency=world.a, required_level=3).position for _n in range(3)
    ]
    for n in range(30):
        employee = EmployeeFactory(institution=world.institution)
        AssignmentFactory(employee=employee, position=positions[n % 3])
        AssessmentFactory(employee=employee, competency=world.a, level=1 + n % 3)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["matrix"].employees == 33


def test_profile_search_by_nip_opens_the_profile(world, pengelola):
    response = logged_in_client(pengelola).get(
        reverse("planning:profile-search"), {"q": world.e1.nip}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:profile-detail", args=[world.e1.pk])


def test_recording_an_assessment_changes_the_gap(world, pengelola):
    client = logged_in_client(pengelola)
    response = client.post(
        reverse("planning:assessment-add", args=[world.e1.pk]),
        {"competency": world.a.pk, "level": 3, "source": "supervisor", "assessed_on": "2026-11-01"},
    )
    assert response.status_code == 302
    page = client.get(reverse("planning:profile-detail", args=[world.e1.pk]))
    lines = {line.competency.code: line.status for line in page.context["profile"].lines}
    assert lines["MJ-KOM"] == "met"


def test_assessment_in_the_future_or_level_six_is_refused(world, pengelola):
    client = logged_in_client(pengelola)
    url = reverse("planning:assessment-add", args=[world.e1.pk])
    before = CompetencyAssessment.objects.count()
    future = client.post(
        url, {"competency": world.a.pk, "level": 3, "source": "self", "assessed_on": "2099-01-01"}
    )
    six = client.post(
        url, {"competency": world.a.pk, "level": 6, "source": "self", "assessed_on": "2026-01-01"}
    )
    assert future.status_code == six.status_code == 422
    assert "masa depan" in future.content.decode()
    assert CompetencyAssessment.objects.count() == before


def test_assigning_a_position_from_the_profile(pengelola, home_institution):
    employee = EmployeeFactory(institution=home_institution)
    position = PositionFactory()
    response = logged_in_client(pengelola).post(
        reverse("planning:position-assign", args=[employee.pk]), {"position": position.pk}
    )
    assert response.status_code == 302
    assert EmployeeAssignment.objects.get(employee=employee).position == position


def test_competency_and_position_forms_create_and_refuse_duplicates(pengelola):
    client = logged_in_client(pengelola)
    client.post(
        reverse("planning:competency-create"),
        {"code": "tk-09", "name": "Kearsipan", "competency_type": "teknis", "level_1": "Dasar"},
    )
    competency = Competency.objects.get(code="TK-09")
    assert competency.level_descriptions == {"1": "Dasar"}
    duplicate = client.post(
        reverse("planning:competency-create"),
        {"code": "TK-09", "name": "Lain", "competency_type": "teknis"},
    )
    assert duplicate.status_code == 200
    assert "sudah dipakai" in duplicate.content.decode()

    client.post(
        reverse("planning:position-create"),
        {"code": "jab-1", "name": "Camat", "position_type": "administrator", "kelas_jabatan": 11},
    )
    position = Position.objects.get(code="JAB-1")
    client.post(
        reverse("planning:requirement-set", args=[position.pk]),
        {"competency": competency.pk, "required_level": 4},
    )
    assert PositionRequirement.objects.get(position=position).required_level == 4
    bad = client.post(
        reverse("planning:position-create"),
        {"code": "JAB-2", "name": "X", "position_type": "administrator", "kelas_jabatan": 18},
    )
    assert bad.status_code == 200
    assert not Position.objects.filter(code="JAB-2").exists()


def test_plan_created_through_the_page_gets_its_checklist(pengelola):
    program = ProgramFactory()
    response = logged_in_client(pengelola).post(
        reverse("planning:plan-create"),
        {
            "title": "Rencana Sekda 2027",
            "program": program.pk,
            "year": 2027,
            "objectives": "Sekda memimpin perubahan.",
            "target_participants": 50,
            "target_pass_rate": 85,
            "target_jp": "40",
            "starts_on": "2027-04-01",
            "ends_on": "2027-04-20",
        },
    )
    plan = ProgramPlan.objects.get()
    assert response["Location"] == reverse("planning:plan-detail", args=[plan.pk])
    page = logged_in_client(pengelola).get(response["Location"])
    assert page.context["summary"].open == plan.preparation_items.count()
    assert "checklist-item" in page.content.decode()


def test_plan_budget_comes_from_the_cost_model(pengelola):
    from bangkom.finance.models import CostTemplate

    template = CostTemplate.objects.get(is_builtin=True)  # installed by a data migration
    plan = PlanFactory(created_by=pengelola, cost_template=template, target_participants=30)
    page = logged_in_client(pengelola).get(reverse("planning:plan-detail", args=[plan.pk]))
    budget = page.context["budget"]
    assert budget.error == ""
    assert budget.total > 0
    assert budget.scenario == "smart"

    from bangkom.planning.plans import transition_plan

    transition_plan(plan, "submit", by=pengelola, now=NOW)
    plan.refresh_from_db()
    assert plan.budget_snapshot["total"] == budget.total
    assert plan.budget_snapshot["version"] == 1


def test_analysis_build_page_builds_and_lists(world, pengelola):
    client = logged_in_client(pengelola)
    response = client.post(
        reverse("planning:analysis-build"), {"institution": world.institution.pk, "year": 2027}
    )
    assert response.status_code == 302
    listing = client.get(reverse("planning:analysis-list")).content.decode()
    assert world.institution.name in listing


def test_unknown_competency_page_is_404(pengelola):
    client = logged_in_client(pengelola)
    assert client.get(reverse("planning:competency-edit", args=[999])).status_code == 404
    assert client.get(reverse("planning:plan-detail", args=[999])).status_code == 404
    assert client.get(reverse("planning:profile-detail", args=[999])).status_code == 404


def test_competency_list_counts_positions_requiring_it(pengelola):
    competency = CompetencyFactory(code="MJ-PK", name="Pengambilan Keputusan")
    RequirementFactory(competency=competency)
    RequirementFactory(competency=competency)
    page = logged_in_client(pengelola).get(reverse("planning:competency-list"))
    groups = {value: items for value, _label, items in page.context["groups"]}
    assert groups["manajerial"][0].required_by == 2


def test_item_due_dates_follow_a_start_date_set_later(pengelola):
    from bangkom.planning.plans import PlanData, create_plan, update_plan

    program = ProgramFactory()
    plan = create_plan(PlanData(title="R", program=program, year=2027), by=pengelola, now=NOW)
    assert not plan.preparation_items.filter(due_on__isnull=False).exists()
    update_plan(
        plan,
        PlanData(
            title="R",
            program=program,
            year=2027,
            starts_on=date(2027, 5, 1),
            ends_on=date(2027, 5, 10),
        ),
        by=pengelola,
    )
    assert plan.preparation_items.get(kind="videos").due_on == date(2027, 4, 21)


def test_plan_page_query_count_does_not_grow_with_the_checklist(
    pengelola, django_assert_max_num_queries
):
    from bangkom.planning.models import PlanComment, PreparationItem

    plan = PlanFactory(created_by=pengelola)
    client = logged_in_client(pengelola)
    for n in range(25):
        PreparationItem.objects.create(plan=plan, kind="other", title=f"Butir {n}", owner=pengelola)
        PlanComment.objects.create(plan=plan, author=pengelola, body=f"Catatan {n}", created_at=NOW)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("planning:plan-detail", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="checklist-item"') == 25


def test_analysis_page_query_count_is_bounded(world, pengelola, django_assert_max_num_queries):
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    client = logged_in_client(pengelola)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("planning:analysis-detail", args=[analysis.pk]))
    assert len(response.context["page"].object_list) == 3

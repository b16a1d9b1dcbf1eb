"""The report pages: who may open them, what they show, how many queries they take."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from bangkom.accounts.choices import Role
from bangkom.evaluation.reporting import LikertRow
from bangkom.reports import surveys
from tests.accounts.factories import InstitutionFactory, UserFactory
from tests.conftest import logged_in_client
from tests.learning.factories import EnrollmentFactory
from tests.planning.factories_planning import PlanFactory
from tests.reports.factories_reports import (
    CONVENTIONAL_TOTAL,
    SMART_TOTAL,
    budget_snapshot,
    disqualified,
    known_offering,
    make_attempt,
)

pytestmark = pytest.mark.django_db

SURVEY = [
    LikertRow("Evaluasi program", "Materi relevan dengan pekerjaan", 5, (0, 1, 1, 2, 3), 7, 71.4),
    LikertRow("Evaluasi program", "Fasilitator menguasai materi", 5, (0, 0, 2, 2, 3), 7, 71.4),
]


@pytest.fixture
def known():
    return known_offering()


def _dashboard(client, offering):
    return client.get(reverse("reports:offering-dashboard", args=[offering.pk]))


@pytest.mark.parametrize("role", [Role.PENGELOLA, Role.ADMIN])
def test_managers_open_the_offering_dashboard(known, personas, role):
    response = _dashboard(logged_in_client(personas[role]), known.offering)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="funnel-chart"' in html
    assert 'data-testid="funnel-table"' in html
    assert "<canvas" in html
    assert 'id="funnel-data"' in html


@pytest.mark.parametrize("role", [Role.PESERTA, Role.WIDYAISWARA, Role.COACH, Role.PIMPINAN])
def test_other_roles_get_404_for_an_offering_dashboard(known, personas, role):
    response = _dashboard(logged_in_client(personas[role]), known.offering)

    assert response.status_code == 404


def test_funnel_table_shows_the_stage_counts(known, pengelola):
    response = _dashboard(logged_in_client(pengelola), known.offering)

    stages = {s.key: s.count for s in response.context["dashboard"].stages}
    assert stages == {
        "enrolled": 6,
        "placement_taken": 5,
        "exempt": 1,
        "not_exempt": 4,
        "learning": 4,
        "subjects_passed": 3,
        "final_taken": 2,
        "kompeten": 1,
    }
    assert '<tr data-stage="kompeten"><td>Kompeten</td><td class="text-end" data-count="1">' in (
        response.content.decode()
    )


def test_survey_chart_appears_when_the_evaluation_has_rows(known, pengelola, monkeypatch):
    monkeypatch.setattr(surveys, "survey_rows", lambda offering: SURVEY)

    response = _dashboard(logged_in_client(pengelola), known.offering)

    html = response.content.decode()
    assert 'data-testid="survey-chart"' in html
    assert "Materi relevan dengan pekerjaan" in html
    chart = response.context["survey_chart"]
    assert chart["kind"] == "stacked"
    assert [d["data"][0] for d in chart["datasets"]] == [0.0, 14.3, 14.3, 28.6, 42.9]


def test_no_survey_chart_below_the_anonymity_threshold(known, pengelola):
    response = _dashboard(logged_in_client(pengelola), known.offering)

    html = response.content.decode()
    assert 'data-testid="survey-chart"' not in html
    assert 'data-testid="survey-empty"' in html


def test_cost_without_a_plan_says_so(known, pengelola):
    response = _dashboard(logged_in_client(pengelola), known.offering)

    assert 'data-testid="cost-none"' in response.content.decode()
    assert response.context["dashboard"].cost is None


def test_cost_from_the_plan_shows_smart_conventional_and_saving(known, pengelola):
    PlanFactory(
        program=known.offering.program, offering=known.offering, budget_snapshot=budget_snapshot()
    )

    response = _dashboard(logged_in_client(pengelola), known.offering)

    cost = response.context["dashboard"].cost
    assert (cost.smart_total, cost.conventional_total) == (SMART_TOTAL, CONVENTIONAL_TOTAL)
    assert str(cost.saving_percent) == "85.05"
    assert cost.per_participant == 2_288_665  # Rp 13,731,988 / 6 participants
    assert "Rp 91.829.000" in response.content.decode()


def test_dashboard_queries_do_not_grow_with_enrolments(
    known, pengelola, django_assert_max_num_queries
):
    client = logged_in_client(pengelola)
    _dashboard(client, known.offering)  # warm the session and caches
    for _ in range(20):
        enrollment = EnrollmentFactory(offering=known.offering)
        make_attempt(known.placement, enrollment, passed=False)
        make_attempt(known.s1, enrollment, passed=True)

    with django_assert_max_num_queries(18):
        response = _dashboard(client, known.offering)

    assert response.context["dashboard"].funnel.enrolled == 26


# --- institution report ----------------------------------------------------------------------


def _institution_report(client, **params):
    return client.get(reverse("reports:institution-report"), params)


def test_pimpinan_sees_only_their_own_institution(pimpinan, home_institution, other_institution):
    response = _institution_report(logged_in_client(pimpinan), year=2026)

    assert response.status_code == 200
    names = [row.name for row in response.context["rows"]]
    assert names == [home_institution.name]
    assert other_institution.name not in response.content.decode()


def test_pimpinan_asking_for_another_institution_gets_404(pimpinan, other_institution):
    response = _institution_report(
        logged_in_client(pimpinan), year=2026, institution=other_institution.pk
    )

    assert response.status_code == 404


def test_pengelola_sees_every_institution(pengelola, home_institution, other_institution):
    response = _institution_report(logged_in_client(pengelola), year=2026)

    names = {row.name for row in response.context["rows"]}
    assert {home_institution.name, other_institution.name} <= names
    assert 'data-testid="institution-chart"' in response.content.decode()
    assert "AKPK" in response.content.decode()  # the gap-closure definition is on the page


@pytest.mark.parametrize("role", [Role.PESERTA, Role.WIDYAISWARA, Role.COACH])
def test_participants_and_facilitators_are_refused_the_dashboards(personas, role):
    client = logged_in_client(personas[role])

    for route in ("reports:institution-report", "reports:agency", "reports:agency-xlsx"):
        assert client.get(reverse(route)).status_code == 403, route


def test_institution_report_queries_do_not_grow_with_institutions(
    pengelola, django_assert_max_num_queries
):
    client = logged_in_client(pengelola)
    _institution_report(client, year=2026)
    for _ in range(10):
        UserFactory(institution=InstitutionFactory())

    with django_assert_max_num_queries(12):
        _institution_report(client, year=2026)


# --- agency ---------------------------------------------------------------------------------


def test_agency_lists_offerings_with_their_figures(known, pengelola):
    PlanFactory(
        program=known.offering.program, offering=known.offering, budget_snapshot=budget_snapshot()
    )

    response = logged_in_client(pengelola).get(reverse("reports:agency"))

    assert response.status_code == 200
    [row] = [r for r in response.context["rows"] if r.offering.pk == known.offering.pk]
    assert (row.enrolled, row.kompeten, row.exempt, row.final_takers) == (6, 1, 1, 2)
    assert row.pass_rate == 50.0
    assert row.cost_per_participant == 2_288_665
    assert reverse("reports:offering-dashboard", args=[known.offering.pk]) in (
        response.content.decode()
    )


def test_agency_filters_by_year_and_program(known, pengelola):
    client = logged_in_client(pengelola)
    start = known.offering.starts_at

    same_year = client.get(reverse("reports:agency"), {"year": start.year})
    other_year = client.get(reverse("reports:agency"), {"year": start.year + 3})
    by_program = client.get(reverse("reports:agency"), {"program": known.offering.program_id})

    assert known.offering in [r.offering for r in same_year.context["rows"]]
    assert other_year.context["rows"] == []
    assert [r.offering for r in by_program.context["rows"]] == [known.offering]


def test_agency_page_queries_do_not_grow_with_offerings(
    known, pengelola, django_assert_max_num_queries
):
    from tests.curriculum.factories import OfferingFactory

    client = logged_in_client(pengelola)
    client.get(reverse("reports:agency"))
    for n in range(10):
        offering = OfferingFactory(starts_at=known.offering.starts_at + timedelta(days=n))
        EnrollmentFactory(offering=offering)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:agency"))

    assert len(response.context["rows"]) == 11


def test_home_page_links_to_the_dashboards_and_my_data(pengelola, peserta):
    manager_home = logged_in_client(pengelola).get(reverse("home")).content.decode()
    participant_home = logged_in_client(peserta).get(reverse("home")).content.decode()

    assert reverse("reports:agency") in manager_home
    assert reverse("reports:institution-report") in manager_home
    assert reverse("reports:my-data") in participant_home
    assert reverse("reports:agency") not in participant_home


def test_agency_counts_disqualified_participants_as_the_funnel_does(known, pengelola):
    disqualified(known.e[5], by=pengelola)  # was kompeten

    response = logged_in_client(pengelola).get(reverse("reports:agency"))
    dashboard = _dashboard(logged_in_client(pengelola), known.offering)

    [row] = [r for r in response.context["rows"] if r.offering.pk == known.offering.pk]
    funnel = dashboard.context["dashboard"].funnel
    assert (row.kompeten, row.final_takers) == (funnel.kompeten, funnel.final_taken) == (0, 1)
    assert 'data-stage="disqualified"' in dashboard.content.decode()

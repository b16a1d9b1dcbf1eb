"""XLSX exports open with openpyxl and hold the numbers the pages show (RELIABILITY.md B12)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bangkom.reports import surveys
from tests.conftest import logged_in_client
from tests.planning.factories_planning import PlanFactory
from tests.reports.factories_reports import budget_snapshot, known_offering
from tests.reports.test_views import SURVEY

pytestmark = pytest.mark.django_db


def _sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def test_offering_dashboard_xlsx_holds_the_same_numbers_as_the_page(pengelola, monkeypatch):
    monkeypatch.setattr(surveys, "survey_rows", lambda offering: SURVEY)
    known = known_offering()
    PlanFactory(
        program=known.offering.program, offering=known.offering, budget_snapshot=budget_snapshot()
    )
    client = logged_in_client(pengelola)
    page = client.get(reverse("reports:offering-dashboard", args=[known.offering.pk]))
    dashboard = page.context["dashboard"]

    sheets = _sheets(
        client.get(reverse("reports:offering-dashboard-xlsx", args=[known.offering.pk]))
    )

    funnel = sheets["Corong"][1:]
    assert [(label, count, pct) for label, count, pct in funnel] == [
        (s.label, s.count, s.percent) for s in dashboard.stages
    ]
    exams = {row[0]: row for row in sheets["Ujian"][1:]}
    for rate in dashboard.rates:
        row = exams[rate.title]
        assert row[3:9] == (
            rate.takers,
            rate.passed,
            rate.pass_rate,
            rate.attempts,
            rate.attempts_per_taker,
            rate.passed_first,
        )
    survey = sheets["Survei"][1:]
    assert [row[2:7] for row in survey] == [r.counts for r in SURVEY]
    assert [row[-1] for row in survey] == [71.4, 71.4]
    cost = dict(sheets["Biaya"][1:])
    assert cost["Total SMART (Rp)"] == dashboard.cost.smart_total
    assert cost["Penghematan (%)"] == 85.05
    attendance = dict(sheets["Kehadiran"][1:])
    assert attendance["Hadir minimal sekali"] == dashboard.attendance.present_once
    assert attendance["Median hari sampai selesai"] == dashboard.completion.median_days


def test_institution_xlsx_holds_the_rows_and_the_total(pengelola, home_institution):
    client = logged_in_client(pengelola)
    page = client.get(reverse("reports:institution-report"), {"year": 2026})

    sheets = _sheets(client.get(reverse("reports:institution-report-xlsx"), {"year": 2026}))

    [rows] = sheets.values()
    body = rows[1:]
    shown = list(page.context["rows"])
    assert [row[0] for row in body[:-1]] == [r.name for r in shown]
    assert [row[1:4] for row in body[:-1]] == [
        (r.employees, r.compliant, r.compliance) for r in shown
    ]
    total = page.context["total"]
    assert body[-1][:3] == (total.name, total.employees, total.compliant)


def test_pimpinan_institution_xlsx_holds_only_their_institution(
    pimpinan, home_institution, other_institution
):
    sheets = _sheets(
        logged_in_client(pimpinan).get(reverse("reports:institution-report-xlsx"), {"year": 2026})
    )

    [rows] = sheets.values()
    names = [row[0] for row in rows[1:-1]]
    assert names == [home_institution.name]


def test_agency_xlsx_holds_the_page_rows_and_neutralises_formulas(pengelola):
    known = known_offering()
    known.offering.name = '=HYPERLINK("http://evil.example","klik")'
    known.offering.save(update_fields=["name"])
    client = logged_in_client(pengelola)
    page = client.get(reverse("reports:agency"))

    sheets = _sheets(client.get(reverse("reports:agency-xlsx")))

    [rows] = sheets.values()
    [row] = [r for r in rows[1:] if r[0] == known.offering.code]
    [shown] = [r for r in page.context["rows"] if r.offering.pk == known.offering.pk]
    assert row[4:9] == (shown.enrolled, shown.kompeten, shown.exempt, shown.final_takers, 50.0)
    assert row[1] == "'" + known.offering.name  # stored as text, never evaluated

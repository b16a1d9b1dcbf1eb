"""The AKPK export: a "Rencana Pengembangan Kompetensi" sheet and the target employees."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
import pytest
from django.urls import reverse

from bangkom.planning.choices import PlanStatus
from bangkom.planning.needs import PLAN_SHEET, TARGET_SHEET, build_needs_analysis, needs_xlsx
from tests.conftest import logged_in_client
from tests.planning.factories_planning import PlanFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@pytest.fixture
def analysis(world, pengelola):
    return build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)


def test_export_opens_with_the_ranked_needs_and_nips_as_text(world, analysis):
    workbook = openpyxl.load_workbook(io.BytesIO(needs_xlsx(analysis)))
    assert workbook.sheetnames == [PLAN_SHEET, TARGET_SHEET]
    plan_rows = list(workbook[PLAN_SHEET].iter_rows(values_only=True))
    assert plan_rows[0][:6] == (
        "No",
        "Jenis kompetensi",
        "Kompetensi",
        "Program/jalur pengembangan",
        "Sasaran (jumlah PNS)",
        "Rata-rata kesenjangan",
    )
    first = plan_rows[1]
    assert first[:3] == (1, "Manajerial", "Komunikasi")
    assert first[3].startswith("Program X (NKL03")
    assert (first[4], first[5]) == (2, 1.5)
    assert first[10] == "BPSDM Kementerian Dalam Negeri"
    assert len(plan_rows) == 4

    targets = list(workbook[TARGET_SHEET].iter_rows())
    nip_cells = [row[1] for row in targets[1:]]
    assert {cell.value for cell in nip_cells} >= {world.e1.nip, world.e2.nip}
    assert all(cell.data_type == "s" for cell in nip_cells)  # text: all 18 digits kept


def test_export_fills_schedule_and_budget_from_the_program_plan(world, analysis):
    PlanFactory(
        program=world.x,
        year=2027,
        status=PlanStatus.APPROVED,
        budget_snapshot={"version": 1, "total": 13731988},
    )
    workbook = openpyxl.load_workbook(io.BytesIO(needs_xlsx(analysis)))
    first = next(workbook[PLAN_SHEET].iter_rows(min_row=2, values_only=True))
    assert first[11] == "01-03-2027 s.d. 12-03-2027"
    assert first[12] == 13731988


def test_export_page_downloads_for_managers_only(analysis, pengelola, pimpinan):
    url = reverse("planning:analysis-xlsx", args=[analysis.pk])
    response = logged_in_client(pengelola).get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    openpyxl.load_workbook(io.BytesIO(response.content))
    assert logged_in_client(pimpinan).get(url).status_code == 404

"""The cost comparison page, its HTMX fragment, the XLSX and PDF exports, and who may
open the finance pages."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bangkom.accounts.choices import Role
from bangkom.finance import access
from bangkom.finance.models import CostLine
from tests.conftest import logged_in_client
from tests.finance import tabel2
from tests.finance.factories_finance import editable_copy, finance_route_samples

pytestmark = pytest.mark.django_db

COMPARISON = reverse("finance:comparison")


def text(response) -> str:
    return response.content.decode()


def test_pengelola_sees_tabel_2_totals_saving_and_per_participant(pengelola):
    response = logged_in_client(pengelola).get(COMPARISON)

    assert response.status_code == 200
    page = text(response)
    for shown in (
        "Rp 91.829.000",
        "Rp 13.731.988",
        "Rp 78.097.012",
        "85,05 %",
        "Rp 3.060.967",
        "Rp 457.733",
        "Rp 44.400.000",  # row 3
        "Rp 2.561.988",  # row 15
    ):
        assert shown in page, shown
    assert page.count('<tr data-item="') == 15


def test_page_shows_the_seeds_inconsistencies(pengelola):
    page = text(logged_in_client(pengelola).get(COMPARISON))
    assert "Rp77.000" in page
    assert "Rp33.300.000" in page
    assert "bukan nilai resmi SBM" in page


def chart_data(page: str) -> dict:
    match = re.search(r'<canvas class="cost-chart"[^>]* data-chart="([^"]*)"', page)
    assert match is not None
    return json.loads(html.unescape(match.group(1)))


def test_page_carries_chart_data_in_an_attribute_and_loads_scripts_by_src(pengelola):
    page = text(logged_in_client(pengelola).get(COMPARISON))

    data = chart_data(page)
    assert data["participants"] == 30
    assert [p["participants"] for p in data["points"]] == [
        10,
        20,
        50,
        100,
        200,
        500,
        1000,
        2000,
        5000,
        10000,
    ]
    assert data["points"][1]["conventional"] > data["points"][1]["smart"]
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in page
    assert 'src="/static/js/cost_chart.js"' in page
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert inline == []  # CSP script-src 'self': nothing inline
    assert "style=" not in page


def test_parameter_form_updates_results_through_htmx_without_reload(pengelola):
    response = logged_in_client(pengelola).get(
        COMPARISON, {"participants": "300"}, headers={"HX-Request": "true"}
    )

    page = text(response)
    assert response.status_code == 200
    assert "<html" not in page  # only the results fragment
    assert "Rp 576.479.000" in page
    assert "Rp 13.731.988" in page
    assert "Rp 1.921.597" in page
    assert "Rp 45.773" in page
    assert chart_data(page)["participants"] == 300


def test_form_is_wired_for_htmx_updates_on_change_and_typing(pengelola):
    page = text(logged_in_client(pengelola).get(COMPARISON))
    assert 'hx-get="/biaya/"' in page
    assert 'hx-trigger="submit, change, keyup changed delay:400ms"' in page
    assert 'hx-target="#cost-results"' in page


def test_invalid_parameter_is_shown_as_an_error_not_a_500(pengelola):
    client = logged_in_client(pengelola)

    negative = client.get(COMPARISON, {"participants": "-5"}, headers={"HX-Request": "true"})
    not_a_number = client.get(COMPARISON, {"participants": "banyak"})

    assert negative.status_code == 200
    assert "tidak boleh negatif" in text(negative)
    assert "Rp 91.829.000" not in text(negative)
    assert not_a_number.status_code == 200
    assert 'data-testid="comparison-errors"' in text(not_a_number)


def test_unknown_template_is_404(pengelola):
    response = logged_in_client(pengelola).get(COMPARISON, {"template": "tidak-ada"})
    assert response.status_code == 404


def test_comparison_page_uses_a_bounded_number_of_queries(pengelola, django_assert_max_num_queries):
    client = logged_in_client(pengelola)
    with django_assert_max_num_queries(14):
        assert client.get(COMPARISON, {"participants": "300"}).status_code == 200


def test_empty_field_falls_back_to_the_default(pengelola):
    page = text(logged_in_client(pengelola).get(COMPARISON, {"participants": "", "year": ""}))
    assert "Rp 91.829.000" in page


# --- exports ----------------------------------------------------------------------------------


def xlsx_sheet(response, title="Perbandingan"):
    return load_workbook(io.BytesIO(response.content), read_only=True)[title]


def test_xlsx_export_reproduces_tabel_2_line_by_line_and_in_total(pengelola):
    response = logged_in_client(pengelola).get(reverse("finance:comparison-xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = list(xlsx_sheet(response).iter_rows(values_only=True))
    header, lines = rows[0], rows[1:16]
    conventional = header.index("Jumlah Konvensional (Rp)")
    smart = header.index("Jumlah SMART Training (Rp)")
    assert [(row[0], row[1], row[conventional], row[smart]) for row in lines] == list(tabel2.ROWS)
    summary = {row[2]: row for row in rows[16:]}
    assert summary["Total"][conventional] == tabel2.CONVENTIONAL_TOTAL
    assert summary["Total"][smart] == tabel2.SMART_TOTAL
    assert summary["Biaya per peserta"][conventional] == tabel2.PER_PARTICIPANT_CONVENTIONAL
    assert summary["Biaya per peserta"][smart] == tabel2.PER_PARTICIPANT_SMART
    assert summary["Penghematan SMART (Rp)"][conventional] == tabel2.SAVING
    assert summary["Penghematan SMART (%)"][conventional] == 85.05
    assert "33.300.000" in lines[2][-1]  # the 6-vs-8-days note of row 3


def test_xlsx_export_uses_the_parameters_of_the_query_string(pengelola):
    response = logged_in_client(pengelola).get(
        reverse("finance:comparison-xlsx"), {"participants": "300"}
    )
    rows = list(xlsx_sheet(response).iter_rows(values_only=True))
    header = rows[0]
    total = next(row for row in rows if row[2] == "Total")
    assert total[header.index("Jumlah Konvensional (Rp)")] == tabel2.CONVENTIONAL_TOTAL_AT_300
    parameters = {
        row[0]: row[2] for row in xlsx_sheet(response, "Parameter").iter_rows(values_only=True)
    }
    assert parameters["participants"] == 300


def test_xlsx_export_neutralises_formula_like_text(pengelola):
    copy = editable_copy()
    line = CostLine.objects.get(
        scenario__template=copy, scenario__code="conventional", item_code="obat"
    )
    line.name = '=HYPERLINK("http://x")'
    line.save()

    response = logged_in_client(pengelola).get(
        reverse("finance:comparison-xlsx"), {"template": copy.code}
    )
    names = [row[2] for row in xlsx_sheet(response).iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://x")' in names


def test_pdf_export_is_an_a4_pdf(pengelola):
    response = logged_in_client(pengelola).get(reverse("finance:comparison-pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content  # A4 portrait


def test_export_with_invalid_parameters_returns_to_the_page_with_the_message(pengelola):
    client = logged_in_client(pengelola)
    response = client.get(reverse("finance:comparison-pdf"), {"participants": "-1"}, follow=True)

    assert response.redirect_chain[0][0].startswith(COMPARISON)
    assert "tidak boleh negatif" in text(response)


# --- access ----------------------------------------------------------------------------------


@pytest.fixture
def finance_urls():
    samples = finance_route_samples()
    return {
        name: reverse(name, args=samples.get(name, []))
        for name in access.ROUTES
        if not name.startswith("api:")
    }


OUTSIDERS = [Role.PESERTA, Role.PIMPINAN, Role.WIDYAISWARA, Role.COACH]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_other_roles_are_refused_every_finance_page(role, personas, finance_urls):
    client = logged_in_client(personas[role])
    for name, url in finance_urls.items():
        assert client.get(url).status_code == 403, name


@pytest.mark.parametrize("role", [Role.PENGELOLA, Role.ADMIN])
def test_managers_open_every_finance_page(role, personas, finance_urls):
    client = logged_in_client(personas[role])
    for name, url in finance_urls.items():
        assert client.get(url).status_code in (200, 302), name


def test_peserta_gets_403_on_the_comparison(peserta):
    assert logged_in_client(peserta).get(COMPARISON).status_code == 403


def test_anonymous_visitor_is_sent_to_login(finance_urls):
    for url in finance_urls.values():
        assert Client().get(url).status_code == 302


def test_pengelola_home_links_to_the_cost_comparison(pengelola):
    page = text(logged_in_client(pengelola).get(reverse("home")))
    assert "Perbandingan biaya SMART vs konvensional" in page
    assert f'href="{COMPARISON}"' in page

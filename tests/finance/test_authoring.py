"""Editing cost templates and unit prices through the pages (bangkom/finance/authoring.py):
refused edits save nothing, the built-in Tabel 2 stays as it is, prices keep history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkom.finance import authoring
from bangkom.finance.choices import PriceSource, ScenarioCode
from bangkom.finance.costing import compare_costs
from bangkom.finance.errors import BuiltinReadOnly, DuplicateCode, ParameterInUse
from bangkom.finance.models import CostLine, CostParameter, CostTemplate, PriceItem, UnitPrice
from tests.conftest import logged_in_client
from tests.finance import tabel2
from tests.finance.factories_finance import builtin, editable_copy

pytestmark = pytest.mark.django_db


def line_of(template, item_code, scenario=ScenarioCode.CONVENTIONAL):
    return CostLine.objects.get(
        scenario__template=template, scenario__code=scenario, item_code=item_code
    )


def line_post(line, **changes):
    data = {
        "order": line.order,
        "item_code": line.item_code,
        "name": line.name,
        "unit": line.unit,
        "quantity_formula": line.quantity_formula,
        "price_item": line.price_item.code if line.price_item else "",
        "literal_unit_price": line.literal_unit_price or "",
        "note": line.note,
    }
    return data | changes


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("__import__('os').system('id')", "Akses atribut"),
        ("peserta * meal_days", "Nama tidak dikenal: &#x27;peserta&#x27;"),
        ("participants ** 9", "Pangkat (**) tidak diizinkan"),
        ("participants / (days - 6)", "Pembagian dengan nol"),
        ("participants * (", "tidak dapat dibaca"),
    ],
)
def test_bad_formula_in_the_edit_view_is_refused_and_nothing_is_saved(pengelola, formula, message):
    copy = editable_copy()
    line = line_of(copy, "konsumsi_peserta")

    response = logged_in_client(pengelola).post(
        reverse("finance:line-edit", args=[line.pk]),
        line_post(line, quantity_formula=formula, name="Nama baru"),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    line.refresh_from_db()
    assert line.quantity_formula == "participants * meal_days"
    assert line.name == "Konsumsi peserta (3× makan + 2× snack)"


def test_bad_formula_when_adding_a_line_creates_no_line(pengelola):
    copy = editable_copy()
    scenario = copy.scenarios.get(code=ScenarioCode.SMART)
    before = CostLine.objects.count()

    response = logged_in_client(pengelola).post(
        reverse("finance:line-add", args=[scenario.pk]),
        {
            "order": 16,
            "item_code": "lms",
            "name": "Hosting LMS",
            "unit": "bulan",
            "quantity_formula": "open('/etc/passwd')",
            "literal_unit_price": 1_000_000,
        },
    )

    assert response.status_code == 200
    assert "Fungsi tidak diizinkan" in response.content.decode()
    assert CostLine.objects.count() == before


def test_good_line_is_saved_and_counted_in_the_comparison(pengelola):
    copy = editable_copy()
    scenario = copy.scenarios.get(code=ScenarioCode.SMART)

    response = logged_in_client(pengelola).post(
        reverse("finance:line-add", args=[scenario.pk]),
        {
            "order": 16,
            "item_code": "lms",
            "name": "Hosting LMS",
            "unit": "bulan",
            "quantity_formula": "licence_months",
            "literal_unit_price": 100_000,
        },
    )

    assert response.status_code == 302
    comparison = compare_costs(copy, params={})
    assert comparison.smart.total == tabel2.SMART_TOTAL + 12 * 100_000
    assert comparison.conventional.total == tabel2.CONVENTIONAL_TOTAL


def test_a_line_needs_exactly_one_kind_of_unit_price(pengelola):
    copy = editable_copy()
    line = line_of(copy, "obat")

    both = logged_in_client(pengelola).post(
        reverse("finance:line-edit", args=[line.pk]), line_post(line, literal_unit_price=5)
    )

    assert "salah satu saja" in both.content.decode()
    line.refresh_from_db()
    assert line.literal_unit_price is None


def test_builtin_template_lines_cannot_be_edited(pengelola):
    line = line_of(builtin(), "konsumsi_peserta")

    response = logged_in_client(pengelola).post(
        reverse("finance:line-edit", args=[line.pk]), line_post(line, quantity_formula="1")
    )

    assert "tidak dapat diubah" in response.content.decode()
    line.refresh_from_db()
    assert line.quantity_formula == "participants * meal_days"
    assert compare_costs(builtin(), params={}).conventional.total == tabel2.CONVENTIONAL_TOTAL


def test_builtin_template_refuses_every_edit_in_the_domain():
    template = builtin()
    with pytest.raises(BuiltinReadOnly):
        authoring.add_scenario(template, code=ScenarioCode.HOTEL_PNBP)
    with pytest.raises(BuiltinReadOnly):
        authoring.delete_parameter(template.parameters.first())
    with pytest.raises(BuiltinReadOnly):
        authoring.update_template(template, name="x", description="", notes="", price_year=2025)


def test_copying_a_template_copies_parameters_scenarios_and_lines(pengelola):
    source = builtin()

    response = logged_in_client(pengelola).post(
        reverse("finance:template-copy", args=[source.pk]),
        {"code": "pelatihan-sekda", "name": "Pelatihan Sekda"},
    )

    copy = CostTemplate.objects.get(code="pelatihan-sekda")
    assert response.status_code == 302
    assert not copy.is_builtin
    assert copy.parameters.count() == source.parameters.count()
    assert CostLine.objects.filter(scenario__template=copy).count() == 21
    comparison = compare_costs(copy, params={})
    assert (comparison.conventional.total, comparison.smart.total) == (
        tabel2.CONVENTIONAL_TOTAL,
        tabel2.SMART_TOTAL,
    )


def test_copy_with_a_code_in_use_is_refused(pengelola):
    editable_copy("sudah-ada")
    response = logged_in_client(pengelola).post(
        reverse("finance:template-copy", args=[builtin().pk]),
        {"code": "sudah-ada", "name": "Lagi"},
    )
    assert "sudah dipakai" in response.content.decode()
    assert CostTemplate.objects.filter(code="sudah-ada").count() == 1


def test_hotel_pnbp_scenario_can_be_added_and_is_compared_beside_the_others(pengelola):
    copy = editable_copy()
    client = logged_in_client(pengelola)

    client.post(reverse("finance:scenario-add", args=[copy.pk]), {"code": ScenarioCode.HOTEL_PNBP})
    hotel = copy.scenarios.get(code=ScenarioCode.HOTEL_PNBP)
    authoring.save_line(
        hotel,
        item_code="paket_hotel",
        name="Paket meeting fullboard",
        unit="OH",
        quantity_formula="participants * days",
        price_item=None,
        literal_unit_price=850_000,
    )

    comparison = compare_costs(copy, params={})
    assert [s.code for s in comparison.scenarios] == ["conventional", "smart", "hotel_pnbp"]
    assert comparison.scenario("hotel_pnbp").total == 30 * 6 * 850_000
    assert comparison.saving == tabel2.SAVING  # still conventional − SMART
    page = client.get(reverse("finance:comparison"), {"template": copy.code}).content.decode()
    assert "Rp 153.000.000" in page


def test_a_parameter_used_by_formulas_cannot_be_renamed_or_deleted():
    copy = editable_copy()
    parameter = copy.parameters.get(code="meal_days")

    with pytest.raises(ParameterInUse, match="Konsumsi peserta"):
        authoring.save_parameter(
            copy, parameter=parameter, code="hari_makan", label="Hari makan", default_value=8
        )
    with pytest.raises(ParameterInUse):
        authoring.delete_parameter(parameter)
    parameter.refresh_from_db()
    assert parameter.code == "meal_days"


def test_a_new_parameter_can_be_used_in_a_formula(pengelola):
    copy = editable_copy()
    client = logged_in_client(pengelola)

    client.post(
        reverse("finance:parameter-add", args=[copy.pk]),
        {"code": "sessions", "label": "Sesi daring", "default_value": "4", "unit": "sesi"},
    )
    line = line_of(copy, "lisensi_zoom", ScenarioCode.SMART)
    client.post(
        reverse("finance:line-edit", args=[line.pk]),
        line_post(line, quantity_formula="sessions"),
    )

    line.refresh_from_db()
    assert line.quantity_formula == "sessions"
    assert CostParameter.objects.get(template=copy, code="sessions").default_value == 4


@pytest.mark.parametrize("code", ["Peserta", "round", "year", "1x"])
def test_parameter_codes_must_be_usable_in_formulas(pengelola, code):
    copy = editable_copy()
    response = logged_in_client(pengelola).post(
        reverse("finance:parameter-add", args=[copy.pk]),
        {"code": code, "label": "x", "default_value": "1"},
    )
    assert "Kode parameter harus" in response.content.decode()
    assert not copy.parameters.filter(code=code).exists()


# --- unit prices ------------------------------------------------------------------------


def test_new_unit_price_keeps_the_old_one_and_applies_from_its_year(pengelola):
    client = logged_in_client(pengelola)

    response = client.post(
        reverse("finance:price-add"),
        {
            "item": "konsumsi_rapat",
            "effective_year": 2025,
            "amount": 77_000,
            "source": PriceSource.SBM,
            "source_note": "PMK 39/2024",
        },
    )

    assert response.status_code == 302
    assert list(
        UnitPrice.objects.filter(item__code="konsumsi_rapat").values_list(
            "effective_year", "amount"
        )
    ) == [(2025, 77_000), (2024, 69_000)]
    later = client.get(reverse("finance:comparison"), {"year": "2025"}).content.decode()
    earlier = client.get(reverse("finance:comparison"), {"year": "2024"}).content.decode()
    assert "Rp 1.155.000" in later  # 15 × 77,000 on rows 2 and 13
    assert "Rp 1.155.000" not in earlier
    assert "Rp 91.829.000" in earlier


def test_second_price_for_the_same_year_is_refused():
    item = PriceItem.objects.get(code="konsumsi_rapat")
    with pytest.raises(DuplicateCode):
        authoring.add_unit_price(item, effective_year=2024, amount=1)
    assert item.prices.get(effective_year=2024).amount == 69_000


def test_price_list_shows_history_and_marks_seed_values(pengelola, django_assert_max_num_queries):
    client = logged_in_client(pengelola)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("finance:price-list")).content.decode()
    assert "Rp 213.499" in page
    assert "bukan nilai resmi SBM" in page
    assert 'data-source="seed"' in page


def test_new_price_item_then_its_price(pengelola):
    client = logged_in_client(pengelola)
    response = client.post(
        reverse("finance:price-item-add"),
        {"code": "hosting_lms", "name": "Hosting LMS", "unit": "bulan"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?item=hosting_lms")
    assert PriceItem.objects.get(code="hosting_lms").unit == "bulan"

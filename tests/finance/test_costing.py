"""The cost comparison (bangkom/finance/costing.py) against the seed's Tabel 2
(DOMAIN.md S-3), parameter validation, and the versioned unit-price lookup (§6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bangkom.finance import authoring
from bangkom.finance.builtin import (
    BUILTIN_TEMPLATE_CODE,
    ensure_builtin_template,
    install_builtin_template,
    remove_builtin_template,
)
from bangkom.finance.choices import PriceSource
from bangkom.finance.costing import (
    CURVE_PARTICIPANTS,
    compare_costs,
    cost_plan,
    per_participant_curve,
    template_by_code,
)
from bangkom.finance.errors import InvalidFormula, InvalidParameters, PriceMissing
from bangkom.finance.models import CostLine, CostTemplate, PriceItem, UnitPrice
from tests.finance import tabel2
from tests.finance.factories_finance import builtin, editable_copy

pytestmark = pytest.mark.django_db


def amounts_by_item(comparison):
    return {
        row.item: (
            cell.amount if (cell := comparison.cell(row, "conventional")) else None,
            cell.amount if (cell := comparison.cell(row, "smart")) else None,
        )
        for row in comparison.rows
    }


def test_builtin_template_reproduces_tabel_2_line_by_line():
    comparison = compare_costs(builtin(), params={})

    assert [(row.number, row.item) for row in comparison.rows] == [
        (number, item) for number, item, _conv, _smart in tabel2.ROWS
    ]
    assert amounts_by_item(comparison) == {
        item: (conventional, smart) for _n, item, conventional, smart in tabel2.ROWS
    }


def test_builtin_template_reproduces_tabel_2_totals_saving_and_per_participant():
    comparison = compare_costs(builtin(), params={})

    assert comparison.conventional.total == tabel2.CONVENTIONAL_TOTAL
    assert comparison.smart.total == tabel2.SMART_TOTAL
    assert comparison.saving == tabel2.SAVING
    assert comparison.saving_percent == Decimal(tabel2.SAVING_PERCENT)
    assert comparison.conventional.per_participant == tabel2.PER_PARTICIPANT_CONVENTIONAL
    assert comparison.smart.per_participant == tabel2.PER_PARTICIPANT_SMART
    assert comparison.year == 2024


def test_quantities_and_unit_prices_are_those_of_tabel_2():
    comparison = compare_costs(builtin(), params={})
    rows = {row.item: row for row in comparison.rows}

    meals = comparison.cell(rows["konsumsi_peserta"], "conventional")
    assert (meals.quantity, meals.unit_price) == (Decimal(240), 185_000)  # 30 × 8 meal-days
    outside = rows["pengajar_luar"]
    assert comparison.cell(outside, "conventional").quantity == 40  # 5 × 8 JP
    assert comparison.cell(outside, "smart").quantity == 15  # 5 × 3 JP
    atk = rows["atk_persiapan"]
    assert comparison.cell(atk, "conventional").unit_price == 9_500_000
    assert comparison.cell(atk, "smart").unit_price == 800_000  # its own price item
    licence = comparison.cell(rows["lisensi_zoom"], "smart")
    assert (licence.quantity, licence.unit_price) == (12, 213_499)


def test_seed_inconsistencies_are_shown_as_notes_not_hidden():
    comparison = compare_costs(builtin(), params={})
    rows = {row.item: row for row in comparison.rows}
    notes = " ".join(comparison.notes)

    assert "33.300.000" in rows["konsumsi_peserta"].note  # 30 × 6 days would be
    assert "6 hari" in rows["konsumsi_peserta"].note
    for item in ("rapat_persiapan", "konsumsi_pengajar", "rapat_evaluasi"):
        assert "Rp77.000" in rows[item].note, item
    assert "bukan nilai resmi SBM" in notes
    assert "145–170 juta" in notes  # the hotel/PNBP range, text only
    seed_prices = UnitPrice.objects.filter(item__code="konsumsi_rapat")
    assert all(p.source == PriceSource.SEED for p in seed_prices)


def test_three_hundred_participants_scale_participant_lines_but_not_the_licence():
    comparison = compare_costs(builtin(), params={"participants": 300})
    amounts = amounts_by_item(comparison)

    for item, conventional in tabel2.AT_300.items():
        assert amounts[item][0] == conventional, item
    assert amounts["lisensi_zoom"] == (None, 2_561_988)
    assert amounts["pengajar_luar"] == (12_000_000, 4_500_000)  # facilitators unchanged
    assert comparison.conventional.total == tabel2.CONVENTIONAL_TOTAL_AT_300
    assert comparison.smart.total == tabel2.SMART_TOTAL
    assert (
        comparison.conventional.per_participant,
        comparison.smart.per_participant,
    ) == tabel2.PER_PARTICIPANT_AT_300


def test_more_participants_than_one_licence_holds_rent_a_second_licence():
    comparison = compare_costs(builtin(), params={"participants": 301})
    rows = {row.item: row for row in comparison.rows}
    assert comparison.cell(rows["lisensi_zoom"], "smart").amount == 2 * 2_561_988


def test_missing_parameters_take_defaults_and_given_ones_change_their_lines():
    comparison = compare_costs(builtin(), params={"meal_days": 6, "licence_months": "6"})
    amounts = amounts_by_item(comparison)

    assert amounts["konsumsi_peserta"] == (33_300_000, None)  # the title's 6 days
    assert amounts["lisensi_zoom"] == (None, 1_280_994)
    assert amounts["training_kit"] == (4_500_000, None)  # default 30 participants


def test_facilitator_counts_drive_honoraria_meals_and_transport():
    comparison = compare_costs(builtin(), params={"facilitators_external": 6})
    amounts = amounts_by_item(comparison)

    assert amounts["pengajar_luar"] == (6 * 8 * 300_000, 6 * 3 * 300_000)
    assert amounts["konsumsi_pengajar"] == (11 * 69_000, None)
    assert amounts["transport"] == (11 * 150_000, None)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"participants": -1}, "tidak boleh negatif"),
        ({"meal_days": "-0.5"}, "tidak boleh negatif"),
        ({"participants": 1_000_001}, "terlalu besar"),
        ({"participants": 0}, "paling sedikit 1"),
        ({"participants": "tiga puluh"}, "harus berupa angka"),
        ({"participants": float("nan")}, "harus berupa angka"),
        ({"participants": True}, "harus berupa angka"),
        ({"peserta": 30}, "Parameter tidak dikenal: peserta"),
    ],
)
def test_invalid_parameter_values_are_refused(params, message):
    with pytest.raises(InvalidParameters, match=message) as refused:
        compare_costs(builtin(), params=params)
    assert refused.value.code == "invalid_input"
    assert refused.value.status == 422


def test_a_formula_that_cannot_be_computed_for_the_given_values_is_refused():
    with pytest.raises(InvalidFormula, match="Pembagian dengan nol"):
        compare_costs(builtin(), params={"licence_capacity": 0})


def test_per_participant_curve_covers_10_to_10000_for_both_scenarios():
    curve = per_participant_curve(builtin())

    assert [point.participants for point in curve] == list(CURVE_PARTICIPANTS)
    for point in curve:
        assert point.smart < point.conventional
    smart = [point.smart for point in curve]
    assert smart == sorted(smart, reverse=True)  # fixed costs spread over more people
    thirty = compare_costs(builtin(), params={"participants": 20})
    assert curve[1].conventional == thirty.conventional.per_participant


def test_curve_keeps_the_other_parameters_at_their_given_values():
    default = per_participant_curve(builtin())
    fewer_days = per_participant_curve(builtin(), params={"meal_days": 6})
    assert all(a.conventional > b.conventional for a, b in zip(default, fewer_days, strict=True))
    assert [p.smart for p in default] == [p.smart for p in fewer_days]


def test_reading_a_template_takes_a_fixed_number_of_queries(django_assert_num_queries):
    template = builtin()
    with django_assert_num_queries(4):  # parameters, scenarios, lines, prices
        plan = cost_plan(template)
    assert len(plan.scenarios) == 2


# --- versioned unit prices (DOMAIN.md §6) ----------------------------------------------------


def meeting_row(comparison):
    row = next(row for row in comparison.rows if row.item == "rapat_persiapan")
    return comparison.cell(row, "conventional")


def test_new_price_with_later_effective_year_is_used_from_that_year_on():
    item = PriceItem.objects.get(code="konsumsi_rapat")
    authoring.add_unit_price(item, effective_year=2025, amount=77_000, source=PriceSource.SBM)

    assert meeting_row(compare_costs(builtin(), params={}, year=2024)).amount == 1_035_000
    assert meeting_row(compare_costs(builtin(), params={}, year=2025)).amount == 15 * 77_000
    assert meeting_row(compare_costs(builtin(), params={}, year=2030)).unit_price == 77_000
    # the template's own price year stays the default, so Tabel 2 is still reproduced
    assert compare_costs(builtin(), params={}).conventional.total == tabel2.CONVENTIONAL_TOTAL
    assert item.prices.count() == 2  # history kept


def test_no_price_in_force_for_an_earlier_year_is_refused_with_price_missing():
    with pytest.raises(PriceMissing) as refused:
        compare_costs(builtin(), params={}, year=2023)
    assert refused.value.code == "price_missing"


def test_province_price_wins_over_the_national_one_of_the_same_year():
    item = PriceItem.objects.get(code="konsumsi_rapat")
    authoring.add_unit_price(
        item, effective_year=2024, amount=77_000, province_code="31", source=PriceSource.SBM
    )

    assert meeting_row(compare_costs(builtin(), params={}, province="31")).unit_price == 77_000
    assert meeting_row(compare_costs(builtin(), params={}, province="32")).unit_price == 69_000
    assert meeting_row(compare_costs(builtin(), params={})).unit_price == 69_000


def test_year_out_of_range_is_refused():
    with pytest.raises(InvalidParameters, match="Tahun harga"):
        compare_costs(builtin(), params={}, year=1999)


# --- the built-in template ------------------------------------------------------------------


def test_builtin_template_is_installed_by_the_data_migration():
    template = template_by_code()
    assert template.code == BUILTIN_TEMPLATE_CODE
    assert template.is_builtin
    assert CostLine.objects.filter(scenario__template=template).count() == 21  # 14 + 7


def test_ensure_builtin_template_is_idempotent():
    first = ensure_builtin_template()
    second = ensure_builtin_template()
    assert first.pk == second.pk
    assert CostTemplate.objects.filter(code=BUILTIN_TEMPLATE_CODE).count() == 1
    assert UnitPrice.objects.filter(effective_year=2024).count() == 15


def test_removing_and_reinstalling_the_builtin_template_gives_the_same_figures():
    from django.apps import apps

    remove_builtin_template(apps)
    assert not CostTemplate.objects.filter(code=BUILTIN_TEMPLATE_CODE).exists()
    assert not PriceItem.objects.exists()

    install_builtin_template(apps)
    comparison = compare_costs(builtin(), params={})
    assert (comparison.conventional.total, comparison.smart.total) == (
        tabel2.CONVENTIONAL_TOTAL,
        tabel2.SMART_TOTAL,
    )


def test_removing_the_builtin_template_keeps_prices_that_a_copy_still_uses():
    from django.apps import apps

    copy = editable_copy()
    remove_builtin_template(apps)

    assert CostLine.objects.filter(scenario__template=copy).count() == 21
    comparison = compare_costs(copy, params={})
    assert comparison.conventional.total == tabel2.CONVENTIONAL_TOTAL


def test_a_curve_point_the_template_cannot_compute_is_left_empty():
    copy = editable_copy()
    line = CostLine.objects.get(
        scenario__template=copy, scenario__code="smart", item_code="atk_persiapan"
    )
    line.quantity_formula = "participants - 15"  # negative below 15 participants
    line.save()

    curve = per_participant_curve(copy)

    assert (curve[0].participants, curve[0].conventional, curve[0].smart) == (10, None, None)
    assert curve[1].smart is not None

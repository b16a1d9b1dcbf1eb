"""Indonesian money and number formatting (bangkom/finance/formatting.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bangkom.finance.formatting import format_number, format_percent, format_rupiah


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (91_829_000, "Rp 91.829.000"),
        (13_731_988, "Rp 13.731.988"),
        (0, "Rp 0"),
        (999, "Rp 999"),
        (-78_097_012, "-Rp 78.097.012"),
        (None, "—"),
    ],
)
def test_rupiah_uses_dots_between_thousands(amount, shown):
    assert format_rupiah(amount) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("240.0000"), "240"),
        (Decimal("1234.50"), "1.234,5"),
        (Decimal("0.25"), "0,25"),
        (Decimal("-1500"), "-1.500"),
        (1_000_000, "1.000.000"),
    ],
)
def test_numbers_use_a_decimal_comma(value, shown):
    assert format_number(value) == shown


def test_percent_has_two_decimals_and_a_comma():
    assert format_percent(Decimal("85.05")) == "85,05 %"
    assert format_percent(Decimal("-3.1")) == "-3,10 %"
    assert format_percent(None) == "—"

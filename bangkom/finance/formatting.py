"""Indonesian number formatting for money and quantities (``Rp 91.829.000``, ``1.234,5``).

Used by the templates (``{% load finance_format %}``) and the XLSX/PDF exports alike, so
the page and the documents show the same text. Presentation only, no rules.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

EMPTY = "—"


def format_number(value: Decimal | int | float | None) -> str:
    """``1234567.5`` → ``1.234.567,5``: dots group thousands, a comma marks decimals."""
    if value is None:
        return EMPTY
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    fraction = fraction.rstrip("0")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_rupiah(amount: Decimal | int | None) -> str:
    """``91829000`` → ``Rp 91.829.000``; ``None`` → an em dash."""
    if amount is None:
        return EMPTY
    text = format_number(amount)
    return f"-Rp {text[1:]}" if text.startswith("-") else f"Rp {text}"


def format_percent(value: Decimal | None) -> str:
    """``Decimal("85.05")`` → ``85,05 %``."""
    if value is None:
        return EMPTY
    text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}".replace(".", ",")
    return f"{text} %"

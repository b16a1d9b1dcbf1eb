"""Template filters for rupiah and Indonesian numbers: ``{{ total|rupiah }}``."""

from __future__ import annotations

from decimal import Decimal

from django import template

from bangkom.finance.formatting import format_number, format_percent, format_rupiah

register = template.Library()


@register.filter
def rupiah(value: Decimal | int | None) -> str:
    return format_rupiah(value)


@register.filter
def angka(value: Decimal | int | None) -> str:
    return format_number(value)


@register.filter
def persen(value: Decimal | None) -> str:
    return format_percent(value)

"""Template filters of the reports: ``{{ share|pct }}`` → ``66,7 %`` (or an em dash)."""

from __future__ import annotations

from django import template

from bangkom.finance.formatting import EMPTY, format_number

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """A percentage with Indonesian decimals; an em dash when undefined."""
    if value is None:
        return EMPTY
    return f"{format_number(value)} %"


@register.filter
def chart_size(labels: list) -> str:
    """The CSS class that gives a horizontal chart room for its number of bars."""
    count = len(labels)
    if count > 12:
        return "report-chart-box report-chart-tall"
    if count > 6:
        return "report-chart-box report-chart-medium"
    return "report-chart-box"

"""Formatting of instants for the live pages: formatting only, no decisions."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from bangkom.common.timezones import to_local, zone_label

register = template.Library()

DAY_FORMAT = "l, d-m-Y H.i"


@register.filter
def in_zone(value: datetime | None, zone: str) -> str:
    """An instant in a given zone with its day name and label: 'Jumat, 27-11-2026 11.45 WIB'."""
    if value is None:
        return ""
    return f"{date_format(to_local(value, zone), DAY_FORMAT)} {zone_label(zone)}"


@register.filter
def when(value: datetime | None) -> str:
    """An instant in the viewer's zone with its day name and label."""
    if value is None:
        return ""
    return in_zone(value, timezone.get_current_timezone_name())


@register.filter
def clock(value: datetime | None) -> str:
    """Only the time of day in the viewer's zone with its label: '12.00 WIT'."""
    if value is None:
        return ""
    zone = timezone.get_current_timezone_name()
    return f"{to_local(value, zone):%H.%M} {zone_label(zone)}"


@register.filter
def input_value(value: datetime | None) -> str:
    """An instant as a datetime-local input value in the viewer's zone."""
    if value is None:
        return ""
    return f"{timezone.localtime(value):%Y-%m-%dT%H:%M}"

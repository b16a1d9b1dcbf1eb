"""Template helpers: formatting only, no decisions."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.http import QueryDict
from django.utils import timezone

from bangkom.common.timezones import zone_label

register = template.Library()


@register.simple_tag
def zone_name() -> str:
    """Return the label (WIB/WITA/WIT) of the zone active for this request."""
    return zone_label(timezone.get_current_timezone_name())


@register.filter
def local_time(value: datetime | None) -> str:
    """Show an instant in the viewer's zone with its label, e.g. '29-11-2026 09.00 WIB'."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%d-%m-%Y %H.%M} {zone_label(timezone.get_current_timezone_name())}"


@register.simple_tag(takes_context=True)
def page_url(context: dict, page_number: int) -> str:
    """Return the current query string with another page number (keeps search filters)."""
    query: QueryDict = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()

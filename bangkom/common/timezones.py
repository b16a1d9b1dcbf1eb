"""Indonesian time zones: IANA names, their labels (WIB/WITA/WIT) and formatting.

DOMAIN.md §5.1: three zones, no daylight saving; Asia/Pontianak is WIB too.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
DEFAULT_ZONE = "Asia/Jakarta"


def zone_label(zone_name: str) -> str:
    """Return WIB/WITA/WIT for an Indonesian zone, or the IANA name for any other."""
    return ZONE_LABELS.get(zone_name, zone_name)


def to_local(instant: datetime, zone_name: str) -> datetime:
    """Convert an aware instant to the given zone."""
    return instant.astimezone(ZoneInfo(zone_name))


def format_local(instant: datetime, zone_name: str) -> str:
    """Format an instant as '09.00 WIB, 29-11-2026' style text in the given zone."""
    local = to_local(instant, zone_name)
    return f"{local:%d-%m-%Y %H.%M} {zone_label(zone_name)}"

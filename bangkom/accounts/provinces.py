"""Reference data: Indonesia's 38 provinces, their Kemendagri codes and IANA time zones.

DOMAIN.md §5.1 (Keppres 41/1987): 18 WIB, 12 WITA, 8 WIT provinces; West and Central
Kalimantan are WIB but use Asia/Pontianak. Codes are reference data, not logic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    time_zone: str


PROVINCES: tuple[Province, ...] = (
    Province("11", "Aceh", "Asia/Jakarta"),
    Province("12", "Sumatera Utara", "Asia/Jakarta"),
    Province("13", "Sumatera Barat", "Asia/Jakarta"),
    Province("14", "Riau", "Asia/Jakarta"),
    Province("15", "Jambi", "Asia/Jakarta"),
    Province("16", "Sumatera Selatan", "Asia/Jakarta"),
    Province("17", "Bengkulu", "Asia/Jakarta"),
    Province("18", "Lampung", "Asia/Jakarta"),
    Province("19", "Kepulauan Bangka Belitung", "Asia/Jakarta"),
    Province("21", "Kepulauan Riau", "Asia/Jakarta"),
    Province("31", "DKI Jakarta", "Asia/Jakarta"),
    Province("32", "Jawa Barat", "Asia/Jakarta"),
    Province("33", "Jawa Tengah", "Asia/Jakarta"),
    Province("34", "DI Yogyakarta", "Asia/Jakarta"),
    Province("35", "Jawa Timur", "Asia/Jakarta"),
    Province("36", "Banten", "Asia/Jakarta"),
    Province("51", "Bali", "Asia/Makassar"),
    Province("52", "Nusa Tenggara Barat", "Asia/Makassar"),
    Province("53", "Nusa Tenggara Timur", "Asia/Makassar"),
    Province("61", "Kalimantan Barat", "Asia/Pontianak"),
    Province("62", "Kalimantan Tengah", "Asia/Pontianak"),
    Province("63", "Kalimantan Selatan", "Asia/Makassar"),
    Province("64", "Kalimantan Timur", "Asia/Makassar"),
    Province("65", "Kalimantan Utara", "Asia/Makassar"),
    Province("71", "Sulawesi Utara", "Asia/Makassar"),
    Province("72", "Sulawesi Tengah", "Asia/Makassar"),
    Province("73", "Sulawesi Selatan", "Asia/Makassar"),
    Province("74", "Sulawesi Tenggara", "Asia/Makassar"),
    Province("75", "Gorontalo", "Asia/Makassar"),
    Province("76", "Sulawesi Barat", "Asia/Makassar"),
    Province("81", "Maluku", "Asia/Jayapura"),
    Province("82", "Maluku Utara", "Asia/Jayapura"),
    Province("91", "Papua", "Asia/Jayapura"),
    Province("92", "Papua Barat", "Asia/Jayapura"),
    Province("93", "Papua Selatan", "Asia/Jayapura"),
    Province("94", "Papua Tengah", "Asia/Jayapura"),
    Province("95", "Papua Pegunungan", "Asia/Jayapura"),
    Province("96", "Papua Barat Daya", "Asia/Jayapura"),
)

PROVINCES_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}
PROVINCE_CHOICES: list[tuple[str, str]] = [(p.code, p.name) for p in PROVINCES]


def province_time_zone(code: str) -> str:
    """Return the IANA zone of a province code; an unknown code is a KeyError (a bug)."""
    return PROVINCES_BY_CODE[code].time_zone

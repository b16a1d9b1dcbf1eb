"""Pure text helpers for certificates: masked names (AC11), NIP spacing, JP in Indonesian
words ("20 (dua puluh) jam pelajaran", DOMAIN.md §4.1) and Indonesian dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

_ONES = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
)  # fmt: skip
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip


def mask_name(name: str) -> str:
    """Keep the first letter of each word, star the rest: "Budi Santoso" → "B*** S******"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def format_nip(nip: str) -> str:
    """The printed form of an 18-digit NIP: ``19780412 200312 1 002``."""
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


def terbilang(n: int) -> str:
    """A non-negative integer in Indonesian words (``terbilang``)."""
    if n < 0:
        raise ValueError("n must be non-negative")
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
        return head + (f" {terbilang(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = "seribu" if thousands == 1 else f"{terbilang(thousands)} ribu"
        return head + (f" {terbilang(rest)}" if rest else "")
    return str(n)


def jp_text(jp: Decimal) -> str:
    """``Decimal("20")`` → "20 (dua puluh)"; half JP → "12,5 (dua belas koma lima)"."""
    whole = int(jp)
    if jp == whole:
        return f"{whole} ({terbilang(whole)})"
    tenths = int((jp - whole) * 10)
    return f"{whole},{tenths} ({terbilang(whole)} koma {terbilang(tenths)})"


def tanggal(day: date | None) -> str:
    """An Indonesian long date: "1 Januari 2025"."""
    if day is None:
        return "-"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

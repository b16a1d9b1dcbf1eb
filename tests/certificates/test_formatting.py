"""Pure text helpers: masking (AC11), NIP spacing, JP in words (DOMAIN.md §4.1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bangkom.certificates.formatting import format_nip, jp_text, mask_name, tanggal, terbilang


def test_mask_name_keeps_only_first_letters():
    assert mask_name("Budi Santoso") == "B*** S******"
    assert mask_name("Nyoman Ṣ") == "N***** Ṣ"


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (11, "sebelas"),
        (15, "lima belas"),
        (20, "dua puluh"),
        (32, "tiga puluh dua"),
        (100, "seratus"),
        (145, "seratus empat puluh lima"),
        (1000, "seribu"),
        (2024, "dua ribu dua puluh empat"),
    ],
)
def test_terbilang(n, words):
    assert terbilang(n) == words


def test_jp_text_matches_the_printed_form():
    assert jp_text(Decimal("20.0")) == "20 (dua puluh)"
    assert jp_text(Decimal("12.5")) == "12,5 (dua belas koma lima)"


def test_nip_is_printed_in_groups():
    assert format_nip("197804122003121002") == "19780412 200312 1 002"


def test_tanggal_is_indonesian():
    from datetime import date

    assert tanggal(date(2025, 1, 1)) == "1 Januari 2025"

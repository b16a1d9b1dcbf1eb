"""Spreadsheet exports never hand Excel a formula (RELIABILITY.md B12, CWE-1236)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pytest

from bangkom.common.exports import csv_text, neutralize_formula, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # full-width equals sign
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_evaluate_gets_an_apostrophe(text: str) -> None:
    assert neutralize_formula(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["Budi Santoso", "O'Hara", "a=b", " =1", "", "#N/A", 42, -5, 3.5, None, date(2026, 1, 2)],
)
def test_other_values_are_unchanged(value: object) -> None:
    assert neutralize_formula(value) == value


def test_csv_text_neutralises_header_and_cells_and_keeps_numbers() -> None:
    text = csv_text(["nama", "=jumlah"], [["=1+1", 5], [None, "-x"]])

    rows = list(csv.reader(io.StringIO(text)))

    assert rows == [["nama", "'=jumlah"], ["'=1+1", "5"], ["", "'-x"]]


def test_xlsx_cells_hold_literal_text_never_formulas() -> None:
    data = xlsx_bytes(
        {
            "Data": (
                ["Nama", "Nilai", "Tanggal"],
                [
                    ['=HYPERLINK("http://x","y")', 10, date(2026, 1, 2)],
                    ["#N/A", -1.5, datetime(2026, 1, 2, 3, 4, tzinfo=UTC)],
                    ["ab\x01c", None, None],
                ],
            ),
            "Kosong": (["A"], []),
        }
    )

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["Data"]
    assert workbook.sheetnames == ["Data", "Kosong"]
    assert sheet["A1"].font.bold is True
    assert sheet["A2"].value == '\'=HYPERLINK("http://x","y")'
    assert sheet["A2"].data_type == "s"
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("#N/A", "s")  # not an error cell
    assert sheet["A4"].value == "abc"  # XML cannot carry the control character
    assert (sheet["B2"].value, sheet["B3"].value) == (10, -1.5)
    assert sheet["C2"].value == datetime(2026, 1, 2)
    assert sheet["C3"].value.tzinfo is None


def test_xlsx_formula_cells_are_absent_from_the_xml() -> None:
    data = xlsx_bytes({"Data": (["x"], [["=1+1"], ["+A1"]])})

    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    assert b"'=1+1" in sheet_xml

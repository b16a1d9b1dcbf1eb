"""Spreadsheet exports that a spreadsheet program cannot turn into formulas.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
evaluated as a formula (or a DDE command) by Excel and LibreOffice when a CSV is opened,
or when a text cell is edited and confirmed (CWE-1236, RELIABILITY.md B12). Every export
of user-supplied text goes through this module: such text gets a leading apostrophe, and
XLSX string cells are written with an explicit text type, never as formulas. No business
rules live here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

# OWASP "CSV Injection": the characters that start a formula or a DDE payload. The
# full-width forms are included because Excel with an East Asian IME reads them as ASCII.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_BOLD = Font(bold=True)


def neutralize_formula(value: object) -> object:
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet would evaluate.

    Only ``str`` values are changed; numbers, dates, booleans and ``None`` are returned as
    they are, so numeric columns stay numeric.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Return a CSV document (``\\r\\n`` line ends) with every text cell neutralised.

    ``None`` becomes an empty field. Callers that serve it to Excel users should encode it
    as ``utf-8-sig`` so the BOM tells Excel it is UTF-8.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralize_formula(title) for title in header])
    for row in rows:
        writer.writerow(["" if value is None else neutralize_formula(value) for value in row])
    return buffer.getvalue()


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """Build an XLSX workbook: one sheet per item, a bold header row, then the rows.

    Rows are streamed (openpyxl write-only mode), so a large export does not hold the whole
    sheet in memory. Every string is neutralised, stripped of the control characters XML
    cannot carry, and written as a text cell, so nothing in it is ever a formula or an
    error value such as ``#N/A``. Aware datetimes are written in the current time zone.
    """
    workbook = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title)
        sheet.append([_header_cell(sheet, title_text) for title_text in header])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet: object, text: str) -> WriteOnlyCell:
    cell = _cell(sheet, text)
    cell.font = _BOLD
    return cell


def _cell(sheet: object, value: object) -> WriteOnlyCell:
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)  # Excel has no time zones
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    text = neutralize_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl infers "f" for text starting with "=" and "e" for "#N/A"; force plain text.
    cell.data_type = "s"
    return cell

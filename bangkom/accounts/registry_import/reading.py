"""Opening the uploaded file and turning it into a table of rows, or refusing it whole.

This module owns everything between the upload and the first data row: the size limit and
format check, CSV decoding (UTF-8 or cp1252, comma or semicolon), the XLSX archive checks
run before openpyxl sees the file (delegated to ``xlsx_safety``: RELIABILITY.md B5),
openpyxl in read-only mode through ``_ExcelReader``/``_ReadOnlySheet`` (which find a
sheet's size without parsing it), turning every openpyxl failure on a damaged or hostile
workbook into one clear refusal (B8, B9), picking the data sheet, and the merged-cell
handling that fills a merged unit name down or refuses a merge that hides cells.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from bangkom.accounts.registry_import.columns import (
    _COLUMN_NAMES,
    _REQUIRED,
    _column_indexes,
    _header_key,
)
from bangkom.accounts.registry_import.results import RowError, _FileRefused
from bangkom.accounts.registry_import.xlsx_safety import (
    _XLSX_READ_ERRORS,
    _checked_archive,
    _invalid_xlsx,
)

# Sheet limits, beside the archive limits in xlsx_safety (RELIABILITY.md B5).
MAX_MERGED_RANGES = 10_000
EXCEL_MAX_ROWS = 1_048_576  # a row number beyond Excel's grid only comes from a forged file

SUPPORTED_FORMATS = (".csv", ".xlsx")


# A cell range such as A2:A40 (absolute "$" markers allowed); whole-column refs never occur.
_RANGE = rb"\$?[A-Za-z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Za-z]{1,3}\$?[0-9]{1,7})?"
_MERGE_RE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=[\"'](" + _RANGE + rb")[\"']"
)
_DIMENSION_RE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref=[\"'](" + _RANGE + rb")[\"']"
)


@dataclass
class _Table:
    """A sheet after its header row: data rows as (spreadsheet row number, cell values)."""

    header_row: int
    indexes: tuple[int | None, ...]  # position of each of COLUMNS in a row, or None
    rows: Iterator[tuple[int, Sequence[object]]]
    estimated_rows: int
    errors: list[RowError] = field(default_factory=list)

    @property
    def present(self) -> frozenset[str]:
        return frozenset(
            name for name, i in zip(_COLUMN_NAMES, self.indexes, strict=True) if i is not None
        )


def _checked_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_FORMATS:
        raise _FileRefused(
            _(
                "Format berkas tidak didukung (%(suffix)s). Unggah berkas .xlsx (Excel "
                "Workbook) atau .csv; berkas .xls, .xlsm dan .ods perlu disimpan ulang "
                "sebagai .xlsx."
            )
            % {"suffix": suffix or _("tanpa ekstensi")}
        )
    return suffix


@contextmanager
def _opened(source: BinaryIO | Path | str) -> Iterator[BinaryIO]:
    """Yield a seekable binary stream no larger than MAX_IMPORT_UPLOAD_MB."""
    limit = settings.MAX_IMPORT_UPLOAD_MB * 1024 * 1024
    too_big = _FileRefused(
        _("Ukuran berkas melebihi batas %(limit)s MB.") % {"limit": settings.MAX_IMPORT_UPLOAD_MB}
    )
    if isinstance(source, str | Path):
        if Path(source).stat().st_size > limit:
            raise too_big
        with open(source, "rb") as stream:
            yield stream
        return
    if not source.seekable():
        data = source.read(limit + 1)
        if len(data) > limit:
            raise too_big
        yield io.BytesIO(data)
        return
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(0)
    if size > limit:
        raise too_big
    yield source


@contextmanager
def _read_table(stream: BinaryIO, suffix: str) -> Iterator[_Table]:
    if suffix == ".csv":
        yield _csv_table(stream.read())
        return
    with _xlsx_table(stream) as table:
        yield table


def _csv_table(data: bytes) -> _Table:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # a zip (xlsx) or OLE (xls)
        raise _FileRefused(
            _("Berkas ini bukan CSV teks (isinya Excel). Simpan sebagai .xlsx atau CSV.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel "CSV" on Windows in a Western locale
        except UnicodeDecodeError:
            raise _FileRefused(
                _("Pengodean berkas CSV tidak dikenali; simpan ulang sebagai CSV UTF-8.")
            ) from None
    first_line = next((line for line in _lines(text) if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = _csv_rows(csv.reader(_lines(text), delimiter=delimiter))
    first = _first_non_blank(rows)
    if first is None:
        raise _empty_file()
    header_row, header = first
    return _Table(
        header_row=header_row,
        indexes=_column_indexes(header),
        rows=rows,
        estimated_rows=max(0, text.count("\n") - header_row),
    )


def _lines(text: str) -> Iterator[str]:
    """Yield lines ending in "\\n" without copying the text (str.splitlines also splits
    on U+2028 and friends, which may legitimately appear inside a cell)."""
    start = 0
    while (end := text.find("\n", start)) != -1:
        yield text[start : end + 1]
        start = end + 1
    if start < len(text):
        yield text[start:]


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, Sequence[object]]]:
    row_no = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _FileRefused(
                _("Berkas CSV rusak di sekitar baris %(row)s: %(detail)s")
                % {"row": row_no + 1, "detail": exc}
            ) from None
        row_no += 1
        yield row_no, values


@contextmanager
def _xlsx_table(stream: BinaryIO) -> Iterator[_Table]:
    archive = _checked_archive(stream)
    try:
        try:
            reader = _ExcelReader(stream, read_only=True, data_only=True, keep_links=False)
            reader.read()
            workbook = reader.wb
        except _XLSX_READ_ERRORS as exc:
            raise _invalid_xlsx(exc) from None
        try:
            yield _xlsx_sheet_table(workbook, archive)
        finally:
            workbook.close()
    finally:
        archive.close()


class _ReadOnlySheet(ReadOnlyWorksheet):
    """A read-only sheet that finds its declared size without parsing the sheet.

    openpyxl looks for ``<dimension>`` by parsing the sheet XML up to it, and, when a file
    has none (openpyxl's own write-only output, some exporters), parses the whole sheet
    for nothing: +17 s per 100,000 rows. The element, when present, is in the first bytes.
    """

    def _get_size(self) -> None:
        with self._get_source() as source:
            head = source.read(64 * 1024)
        match = _DIMENSION_RE.search(head)
        if match:
            try:
                bounds = range_boundaries(match.group(1).decode("ascii").replace("$", ""))
            except ValueError:
                return  # a bogus dimension is ignored; rows are read until the end
            self._min_column, self._min_row, self._max_column, self._max_row = bounds


class _ExcelReader(ExcelReader):
    """openpyxl's reader (openpyxl 3.1, read-only mode) creating ``_ReadOnlySheet`` sheets.

    This is ``ExcelReader.read_worksheets`` minus what read-only mode skips anyway.
    """

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            worksheet = _ReadOnlySheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _xlsx_sheet_table(workbook: openpyxl.Workbook, archive: zipfile.ZipFile) -> _Table:
    """Pick the data sheet: one named "Pegawai", else the first with the required headers."""
    sheets = workbook.worksheets
    named = [sheet for sheet in sheets if sheet.title.strip().casefold() == "pegawai"]
    for sheet in named[:1] or sheets:
        dimension_rows = sheet.max_row or 0
        # The declared dimension may be wrong; trusting it would silently drop rows.
        sheet.reset_dimensions()
        rows = _xlsx_rows(sheet.iter_rows(values_only=True))
        first = _first_non_blank(rows)
        if first is None:
            if named or len(sheets) == 1:
                raise _empty_file()
            continue
        header_row, header = first
        keys = {_header_key(value) for value in header}
        if named or len(sheets) == 1 or all(name in keys for name in _REQUIRED):
            break
    else:
        raise _FileRefused(
            _(
                "Tidak ada lembar kerja yang baris judulnya memuat kolom wajib (%(required)s). "
                'Lembar yang ada: %(sheets)s. Beri nama lembar data "Pegawai".'
            )
            % {"required": ", ".join(_REQUIRED), "sheets": ", ".join(workbook.sheetnames)}
        )
    indexes = _column_indexes(header)
    # openpyxl 3.1 keeps the sheet's part name here; read-only sheets do not parse merges.
    merges = _merged_ranges(archive, sheet._worksheet_path)
    fills, errors = _merge_plan(merges, header_row, indexes)
    return _Table(
        header_row=header_row,
        indexes=indexes,
        rows=_filled(rows, fills) if fills else rows,
        estimated_rows=max(0, dimension_rows - header_row),
        errors=errors,
    )


def _xlsx_rows(values: Iterator[tuple[object, ...]]) -> Iterator[tuple[int, Sequence[object]]]:
    """Number the rows and turn openpyxl's failures on hostile XML into a file refusal."""
    row_no = 0
    while True:
        try:
            row = next(values)
        except StopIteration:
            return
        except _XLSX_READ_ERRORS as exc:
            raise _invalid_xlsx(exc) from None
        row_no += 1
        if row_no > EXCEL_MAX_ROWS:
            raise _invalid_xlsx()
        yield row_no, row


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, int, int]]:
    """Return (min_col, min_row, max_col, max_row) of every merged range of the sheet.

    The sheet XML is scanned as bytes for ``<mergeCell ref=…>``: parsing it a second time
    would double the import time for a table that is almost always empty.
    """
    refs: set[bytes] = set()
    tail = b""
    try:
        with archive.open(part.lstrip("/")) as member:
            while chunk := member.read(1 << 20):
                buffer = tail + chunk
                if b"mergeCell" in buffer:
                    refs.update(match.group(1) for match in _MERGE_RE.finditer(buffer))
                    if len(refs) > MAX_MERGED_RANGES:
                        raise _FileRefused(_("Berkas XLSX berisi terlalu banyak sel gabungan."))
                tail = buffer[-256:]
        return [range_boundaries(ref.decode("ascii").replace("$", "")) for ref in refs]
    except _XLSX_READ_ERRORS as exc:
        raise _invalid_xlsx(exc) from None


def _merge_plan(
    merges: list[tuple[int, int, int, int]], header_row: int, indexes: tuple[int | None, ...]
) -> tuple[list[tuple[int, int, int]], list[RowError]]:
    """Decide what merged cells mean for the data.

    A range whose top-left cell is the only cell in a known column (a unit name merged
    down several rows, or widened into unknown columns) is filled: Excel shows its value
    on every row it covers. A range that hides cells of another known column, or crosses
    the header row, is refused, because the hidden cells would silently become blank.
    """
    columns = {
        index + 1: name
        for name, index in zip(_COLUMN_NAMES, indexes, strict=True)
        if index is not None
    }
    fills: list[tuple[int, int, int]] = []
    errors: list[RowError] = []
    for min_col, min_row, max_col, max_row in sorted(merges, key=lambda m: (m[1], m[0])):
        covered = sorted(col for col in columns if min_col <= col <= max_col)
        if max_row <= header_row or not covered:
            continue
        if covered != [min_col] or min_row <= header_row:
            errors.append(
                RowError(
                    max(min_row, header_row + 1),
                    columns[covered[0]],
                    _(
                        "Sel gabungan (merge) %(ref)s menutupi kolom lain; pisahkan sel "
                        "gabungan (Unmerge) lalu isi setiap sel."
                    )
                    % {"ref": _range_ref(min_col, min_row, max_col, max_row)},
                )
            )
        elif max_row > min_row:
            fills.append((min_row, max_row, min_col - 1))
    by_column = sorted(fills, key=lambda fill: (fill[2], fill[0]))
    if any(a[2] == b[2] and b[0] <= a[1] for a, b in pairwise(by_column)):
        raise _invalid_xlsx()  # Excel never writes overlapping merges; only a forged file
    return fills, errors


def _range_ref(min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


def _filled(
    rows: Iterator[tuple[int, Sequence[object]]], fills: list[tuple[int, int, int]]
) -> Iterator[tuple[int, Sequence[object]]]:
    """Copy each merged range's top-left value into the blank cells below it."""
    pending = sorted(fills)
    active: list[list] = []  # [max_row, column index, value]
    for row_no, values in rows:
        while pending and pending[0][0] == row_no:
            _min_row, max_row, col = pending.pop(0)
            active.append([max_row, col, values[col] if col < len(values) else None])
        while pending and pending[0][0] < row_no:  # a range starting on a skipped row
            pending.pop(0)
        active = [fill for fill in active if fill[0] >= row_no]
        if active:
            values = list(values)
            for _max_row, col, value in active:
                values.extend([None] * (col + 1 - len(values)))
                if values[col] is None:
                    values[col] = value
        yield row_no, values


def _first_non_blank(
    rows: Iterator[tuple[int, Sequence[object]]],
) -> tuple[int, Sequence[object]] | None:
    for row_no, values in rows:
        if any(not _is_blank(value) for value in values):
            return row_no, values
    return None


def _empty_file() -> _FileRefused:
    return _FileRefused(_("Berkas kosong: tidak ada baris judul maupun data."))


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())

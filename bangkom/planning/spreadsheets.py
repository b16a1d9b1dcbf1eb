"""Reading the small XLSX files of the planning imports (dictionary, positions).

No business rules: the file is checked by its content (``common.uploads.check_upload``:
real XLSX, size, zip bomb, virus hook), then the first sheet is read into a header and
numbered rows. A file that cannot be read raises :class:`FileRefused`, which the importers
report as a row-0 error; nothing is written in that case.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from bangkom.accounts.registry_import import ImportResult, RowError
from bangkom.common.uploads import UploadRejected, check_upload

__all__ = ["MAX_ROWS", "FileRefused", "ImportResult", "RowError", "Sheet", "read_xlsx"]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a dictionary or an Anjab of thousands of rows is < 1 MB
MAX_ROWS = 5_000  # more rows than any agency's dictionary or position list
_READ_ERRORS = (
    DefusedXmlException,
    ParseError,
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    EOFError,
    OSError,
)


class FileRefused(Exception):
    """The whole file is unusable; ``message`` is shown as a row-0 error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Sheet:
    """The first sheet: ``header`` as normalised keys, ``rows`` as (row number, cells)."""

    header: tuple[str, ...]
    raw_header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]

    def index(self, key: str) -> int | None:
        return self.header.index(key) if key in self.header else None


def header_key(value: object) -> str:
    """``"Level 1"`` → ``"level_1"``: case, spaces and dashes do not matter in headers."""
    text = "" if value is None else str(value).strip().casefold()
    return "_".join(text.replace("-", " ").split())


def cell_text(value: object) -> str:
    """The cell as stripped text; a whole float (``3.0``) is written without its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(upload: UploadedFile) -> Sheet:
    """Read the first sheet of an uploaded XLSX; raise FileRefused for anything unreadable."""
    try:
        check_upload(upload, allowed_types={"xlsx"}, max_bytes=MAX_UPLOAD_BYTES)
    except UploadRejected as exc:
        raise FileRefused(str(exc)) from None
    upload.seek(0)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except _READ_ERRORS:
        raise FileRefused(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from None
    try:
        return _first_sheet(workbook)
    except _READ_ERRORS:
        raise FileRefused(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from None
    finally:
        workbook.close()


def _first_sheet(workbook: openpyxl.Workbook) -> Sheet:
    if not workbook.worksheets:
        raise FileRefused(_("Berkas tidak berisi lembar kerja."))
    values = workbook.worksheets[0].iter_rows(values_only=True)
    header_cells = next(values, None)
    if header_cells is None or not any(cell_text(v) for v in header_cells):
        raise FileRefused(_("Baris pertama harus berisi judul kolom."))
    raw = tuple(cell_text(v) for v in header_cells)
    rows = []
    for number, cells in enumerate(values, start=2):
        if not any(cell_text(v) for v in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRefused(_("Berkas berisi lebih dari %(max)s baris data.") % {"max": MAX_ROWS})
        rows.append((number, tuple(cells)))
    return Sheet(tuple(header_key(v) for v in raw), raw, tuple(rows))


def missing_columns(sheet: Sheet, required: Iterable[str]) -> list[str]:
    return [name for name in required if name not in sheet.header]


def cell(cells: Sequence[object], index: int | None) -> object:
    """The value at ``index`` (None when the column is absent or the row is short)."""
    if index is None or index >= len(cells):
        return None
    return cells[index]


def refused(message: str) -> ImportResult:
    return ImportResult(created=0, updated=0, rows=0, errors=(RowError(0, "", message),))

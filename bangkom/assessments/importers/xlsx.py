"""Reading the XLSX item template (RELIABILITY.md B5, B8, B12, B13).

One row per item on the sheet "Soal" (else the first sheet), the header in row 1 with the
columns of ``COLUMNS`` in any order: ``tipe`` (single, multiple, true_false, graded),
``pertanyaan``, ``pilihan_a``…``pilihan_e``, ``kunci`` (``B`` or ``A,C``; for true/false
also ``Benar``/``Salah``), ``poin_a``…``poin_e`` (graded items, 1–5), ``nilai_sebagian``
(ya/tidak), ``bobot``, ``tingkat`` (mudah/sedang/sulit), ``mata_pelatihan`` (order number
or title), ``kompetensi`` (code) and ``level`` (1–5). Blank rows are skipped; errors carry
the spreadsheet row number.

The archive is checked for zip bombs and path tricks (``common.uploads.check_archive``)
before openpyxl opens it, read-only and without formulas; a text cell our own export
protected with a leading apostrophe (``common.exports``; a text that itself starts with an
apostrophe is exported with two) is read back without it. A
damaged or hostile workbook becomes one clear file error, never an exception.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
from django.utils.translation import gettext as _

from bangkom.assessments.choices import ItemType
from bangkom.assessments.importers.common import (
    LineError,
    ParsedItem,
    file_error,
    parse_yes_no,
    unknown_type_message,
)
from bangkom.assessments.items import FALSE_TEXT, MAX_OPTIONS, TRUE_TEXT, option_letter
from bangkom.common.exports import FORMULA_TRIGGERS
from bangkom.common.uploads import UploadRejected, check_archive

logger = logging.getLogger(__name__)

SHEET_NAME = "Soal"
LETTERS = tuple(option_letter(i).lower() for i in range(MAX_OPTIONS))
OPTION_COLUMNS = tuple(f"pilihan_{letter}" for letter in LETTERS)
POINT_COLUMNS = tuple(f"poin_{letter}" for letter in LETTERS)
COLUMNS = (
    "tipe",
    "pertanyaan",
    *OPTION_COLUMNS,
    "kunci",
    *POINT_COLUMNS,
    "nilai_sebagian",
    "bobot",
    "tingkat",
    "mata_pelatihan",
    "kompetensi",
    "level",
)
REQUIRED = ("tipe", "pertanyaan")
_KEY_SPLIT = re.compile(r"[\s,;/]+")


def parse_xlsx(data: bytes) -> tuple[list[ParsedItem], list[LineError]]:
    """Parse an XLSX workbook's item rows into items and row errors."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
    except UploadRejected as exc:
        return [], [file_error(exc.message)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        return [], [_invalid(exc)]
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:  # a hostile workbook makes openpyxl raise anything
        return [], [_invalid(exc)]
    try:
        return _read(workbook)
    except Exception as exc:  # read-only sheets parse lazily, while iterating
        return [], [_invalid(exc)]
    finally:
        workbook.close()


def _invalid(exc: BaseException) -> LineError:
    logger.info("Refused item XLSX: %s: %s", type(exc).__name__, exc)
    return file_error(
        _(
            "Berkas bukan XLSX yang valid (rusak, terpotong, berkata sandi, atau format lain). "
            "Buka di Excel lalu simpan ulang sebagai Excel Workbook (.xlsx)."
        )
    )


def _read(workbook: openpyxl.Workbook) -> tuple[list[ParsedItem], list[LineError]]:
    if SHEET_NAME in workbook.sheetnames:
        sheet = workbook[SHEET_NAME]
    elif workbook.worksheets:
        sheet = workbook.worksheets[0]
    else:
        return [], [file_error(_("Berkas tidak berisi lembar kerja."))]
    sheet.reset_dimensions()  # a wrong declared size must not silently drop rows
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return [], [file_error(_("Lembar kerja kosong: baris 1 harus berisi judul kolom."))]
    columns, errors = _columns(header)
    if errors:
        return [], errors
    items: list[ParsedItem] = []
    for row_no, values in enumerate(rows, start=2):
        cells = {name: values[i] if i < len(values) else None for name, i in columns.items()}
        if all(_text(value) == "" for value in cells.values()):
            continue
        item, row_errors = _row_item(row_no, cells)
        errors.extend(row_errors)
        if item is not None:
            items.append(item)
    return items, errors


def _columns(header: tuple[object, ...]) -> tuple[dict[str, int], list[LineError]]:
    columns: dict[str, int] = {}
    errors: list[LineError] = []
    for index, value in enumerate(header):
        name = re.sub(r"[\s\-]+", "_", _text(value).lower())
        if not name:
            continue
        if name not in COLUMNS:
            errors.append(
                LineError(1, _("Kolom tidak dikenal: %(name)s.") % {"name": _text(value)[:40]})
            )
        elif name in columns:
            errors.append(LineError(1, _("Kolom %(name)s ganda.") % {"name": name}))
        else:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        errors.append(
            LineError(1, _("Kolom wajib tidak ada: %(names)s.") % {"names": ", ".join(missing)})
        )
    return columns, errors


def _row_item(row_no: int, cells: dict[str, object]) -> tuple[ParsedItem | None, list[LineError]]:
    errors: list[LineError] = []
    kind = _text(cells.get("tipe")).lower()
    if kind not in ItemType.values:
        message = unknown_type_message(kind) if kind else _("Kolom tipe kosong.")
        return None, [LineError(row_no, message)]
    texts = [_text(cells.get(column)) for column in OPTION_COLUMNS]
    while texts and not texts[-1]:
        texts.pop()
    if kind == ItemType.TRUE_FALSE and not texts:
        texts = [TRUE_TEXT, FALSE_TEXT]
    correct = set()
    if kind != ItemType.GRADED:
        correct = _key(row_no, kind, _text(cells.get("kunci")), texts, errors)
    partial = parse_yes_no(_text(cells.get("nilai_sebagian")))
    if partial is None:
        errors.append(LineError(row_no, _("Kolom nilai_sebagian harus ya atau tidak.")))
    if errors:
        return None, errors
    points = [cells.get(column) for column in POINT_COLUMNS]
    item = ParsedItem(
        line=row_no,
        item_type=kind,
        stem_html=_text(cells.get("pertanyaan")),
        options=[
            {
                "text": text,
                "correct": index in correct,
                "points": points[index] if kind == ItemType.GRADED else 0,
            }
            for index, text in enumerate(texts)
        ],
        option_lines=[row_no] * len(texts),
        partial_credit=bool(partial),
        weight=_text(cells.get("bobot")),
        difficulty=_text(cells.get("tingkat")),
        subject=_text(cells.get("mata_pelatihan")),
        competency=_text(cells.get("kompetensi")),
        level=_text(cells.get("level")),
    )
    return item, []


def _key(row_no: int, kind: str, raw: str, texts: list[str], errors: list[LineError]) -> set[int]:
    """The 0-based indexes the ``kunci`` cell names; unknown letters are reported."""
    words = {TRUE_TEXT.upper(): 0, FALSE_TEXT.upper(): 1} if kind == ItemType.TRUE_FALSE else {}
    correct: set[int] = set()
    for token in filter(None, _KEY_SPLIT.split(raw.upper())):
        if token in words:
            index = words[token]
        elif len(token) == 1 and token.lower() in LETTERS:
            index = LETTERS.index(token.lower())
        else:
            errors.append(
                LineError(
                    row_no,
                    _("Kunci tidak dikenal: %(key)s (tulis huruf pilihan, mis. B atau A,C).")
                    % {"key": token[:20]},
                )
            )
            continue
        if index >= len(texts) or not texts[index]:
            errors.append(
                LineError(
                    row_no,
                    _("Kunci %(key)s menunjuk pilihan yang kosong.") % {"key": token[:20]},
                )
            )
        correct.add(index)
    return correct


def _text(value: object) -> str:
    """A cell as text: numbers without a spurious ".0", our export's apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    text = str(value)
    if text.startswith("'") and text[1:].startswith((*FORMULA_TRIGGERS, "'")):
        # the inverse of common.exports.neutralize_formula (and of the exporter's "''")
        text = text[1:]
    return text.strip()

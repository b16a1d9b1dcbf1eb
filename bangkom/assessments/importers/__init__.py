"""Importing items into a bank from GIFT, Aiken or the XLSX template (RELIABILITY.md B13).

``import_items`` is the one entry point (the upload page and ``bangkom import-items`` call
it): the whole file is read and every item checked with the rules of
``items.create_item`` first; then everything is written in one transaction — or, on any
error, nothing, and every error is returned with its line or row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.assessments.choices import ItemStatus
from bangkom.assessments.importers.aiken import parse_aiken
from bangkom.assessments.importers.common import (
    FORMATS,
    MAX_IMPORT_BYTES,
    ImportResult,
    LineError,
    ParsedItem,
    decode_text,
    file_error,
    format_from_name,
    looks_like_aiken,
    prepare_items,
)
from bangkom.assessments.importers.gift import parse_gift
from bangkom.assessments.importers.xlsx import parse_xlsx
from bangkom.assessments.items import insert_items
from bangkom.assessments.models import ItemBank

__all__ = [
    "FORMATS",
    "MAX_IMPORT_BYTES",
    "ImportResult",
    "LineError",
    "ParsedItem",
    "import_items",
    "parse_items",
]

logger = logging.getLogger(__name__)
_Source = TypeVar("_Source", str, bytes)
_Parsed = tuple[list[ParsedItem], list[LineError]]
_ZIP_MAGIC = b"PK\x03\x04"


def import_items(
    bank: ItemBank,
    source_bytes: bytes,
    *,
    filename: str,
    fmt: str | None = None,
    by: User | None,
    now: datetime,
    activate: bool = False,
) -> ImportResult:
    """Import every item of the file into ``bank``, or none.

    ``fmt`` (gift, aiken, xlsx) defaults to the file's extension (.txt is sniffed). Files
    over 10 MB are refused unread. Items start as drafts, or active when ``activate`` (demo
    seeding from the command line only: it skips review). Never raises on bad input.
    """
    if len(source_bytes) > MAX_IMPORT_BYTES:
        return ImportResult(
            0, (file_error(_("Berkas lebih dari 10 MB; bagi menjadi beberapa berkas.")),)
        )
    if not source_bytes.strip():
        return ImportResult(0, (file_error(_("Berkas kosong.")),))
    parsed, errors = parse_items(source_bytes, filename=filename, fmt=fmt)
    if not parsed and not errors:
        errors = [file_error(_("Berkas tidak berisi butir soal."))]
    entries, problems = prepare_items(bank, parsed)
    errors = sorted([*errors, *problems], key=lambda error: error.line)
    if errors:
        return ImportResult(0, tuple(errors))
    status = ItemStatus.ACTIVE if activate else ItemStatus.DRAFT
    with transaction.atomic():
        insert_items(bank, entries, by=by, now=now, status=status)
    return ImportResult(len(entries))


def parse_items(
    source_bytes: bytes, *, filename: str, fmt: str | None = None
) -> tuple[list[ParsedItem], list[LineError]]:
    """Parse a file of any supported format into items and line errors."""
    fmt = fmt or format_from_name(filename)
    if fmt not in (*FORMATS, "text"):
        return [], [
            file_error(
                _("Format berkas tidak dikenali: pilih GIFT, Aiken atau XLSX (.gift, .txt, .xlsx).")
            )
        ]
    if fmt == "xlsx" or source_bytes.startswith(_ZIP_MAGIC):
        if fmt != "xlsx":
            return [], [file_error(_("Isi berkas adalah XLSX; pilih format XLSX."))]
        return _guarded(parse_xlsx, source_bytes)
    text, errors = decode_text(source_bytes)
    if errors:
        return [], errors
    if fmt == "text":
        fmt = "aiken" if looks_like_aiken(text) else "gift"
    return _guarded(parse_aiken if fmt == "aiken" else parse_gift, text)


def _guarded(parser: Callable[[_Source], _Parsed], source: _Source) -> _Parsed:
    """Run a parser; an unexpected exception becomes a file error, never a 500 (B13)."""
    try:
        return parser(source)
    except Exception:  # a bug must not lose the whole page; it is logged with its trace
        logger.exception("Item import parser failed")
        return [], [file_error(_("Berkas tidak dapat dibaca. Periksa formatnya lalu coba lagi."))]

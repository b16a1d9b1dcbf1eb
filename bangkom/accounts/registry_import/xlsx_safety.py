"""Refusing a hostile or broken XLSX before and while openpyxl reads it.

This module owns the checks run on the zip archive before openpyxl sees it (entry count,
total uncompressed size, compression ratio of large entries, absolute, drive-letter,
``..`` or symlink entry names, macro parts: RELIABILITY.md B5), the list of exceptions
openpyxl raises for a damaged or hostile workbook, including defusedxml's refusal of
entity and external-reference attacks (B9), and ``_invalid_xlsx``, the single clear
refusal every such failure becomes, logged with its cause (B8).
"""

from __future__ import annotations

import logging
import re
import stat
import zipfile
import zlib
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from bangkom.accounts.registry_import.results import _FileRefused

logger = logging.getLogger(__package__)  # one logger for the package, as before the split


# XLSX archive limits (RELIABILITY.md B5). A real registry workbook has ~10 entries and
# compresses text 5-20x; the ratio is only judged on entries over 1 MiB, since a tiny
# entry cannot be a bomb and short repetitive XML parts legitimately compress very well.
MAX_ZIP_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024


# What openpyxl raises for a damaged or hostile workbook: defusedxml refusals (entities,
# external references), XML syntax errors, missing parts, bad zip members, bad numbers.
_XLSX_READ_ERRORS = (
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
    ArithmeticError,
    EOFError,
    OSError,
    NotImplementedError,
)


def _invalid_xlsx(exc: BaseException | None = None) -> _FileRefused:
    if exc is not None:
        cause = exc.__cause__ or exc  # openpyxl wraps parser errors in a ValueError
        logger.info("Refused XLSX: %s: %s", type(cause).__name__, cause)
    return _FileRefused(
        _(
            "Berkas bukan XLSX yang valid (rusak, terpotong, berkata sandi, atau berformat "
            "lain). Buka di Excel lalu simpan ulang sebagai Excel Workbook (.xlsx) tanpa "
            "kata sandi."
        )
    )


def _checked_archive(stream: BinaryIO) -> zipfile.ZipFile:
    """Open the XLSX as a zip and refuse bombs, traversal names and macros (B5)."""
    try:
        archive = zipfile.ZipFile(stream)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _invalid_xlsx(exc) from None
    try:
        if len(entries) > MAX_ZIP_ENTRIES:
            raise _FileRefused(_("Berkas XLSX berisi terlalu banyak bagian; berkas ditolak."))
        total = 0
        for entry in entries:
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if total > MAX_UNCOMPRESSED_BYTES or (
                entry.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO
            ):
                raise _FileRefused(
                    _("Isi berkas XLSX terlalu besar setelah dibuka (zip bomb); berkas ditolak.")
                )
            if not _is_safe_entry(entry):
                raise _FileRefused(
                    _("Berkas XLSX berisi nama bagian yang tidak aman; berkas ditolak.")
                )
        if any(entry.filename.lower().endswith("vbaproject.bin") for entry in entries):
            raise _FileRefused(
                _("Berkas berisi makro (.xlsm); simpan ulang sebagai .xlsx tanpa makro.")
            )
    except _FileRefused:
        archive.close()
        raise
    return archive


def _is_safe_entry(entry: zipfile.ZipInfo) -> bool:
    name = entry.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"[A-Za-z]:", name) or "\x00" in name:
        return False
    if ".." in name.split("/"):
        return False
    return not stat.S_ISLNK(entry.external_attr >> 16)

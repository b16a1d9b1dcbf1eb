"""The XLSX files offered for download: the import template and the error report.

This module owns ``employee_template_xlsx`` (a "Pegawai" sheet with the header and one
example row, NIP and phone columns formatted as Text so Excel keeps every digit, per
RELIABILITY.md B10, and a "Petunjuk" sheet built from ``COLUMNS``) and
``error_report_xlsx`` (Baris, Kolom, Pesan). Both are written through
``bangkom.common.exports`` or openpyxl; the error report goes through ``xlsx_bytes``,
which neutralises formula text echoed from the user's file (B12).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.cell import get_column_letter

from bangkom.accounts.registry_import.columns import _COLUMN_NAMES, COLUMNS
from bangkom.accounts.registry_import.results import RowError
from bangkom.common.exports import xlsx_bytes

TEMPLATE_EXAMPLE_INSTITUTION_CODE = "ganti-dengan-kode-instansi"


def employee_template_xlsx(*, institution_code: str = TEMPLATE_EXAMPLE_INSTITUTION_CODE) -> bytes:
    """Return the XLSX template: a "Pegawai" sheet (header + one example row) and "Petunjuk".

    The NIP and phone columns are formatted as Text so Excel keeps every digit. The
    example row is valid once ``kode_instansi`` names a registered institution.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Pegawai"
    sheet.append(list(_COLUMN_NAMES))
    sheet.append(
        [
            "198609262015051001",
            "Budi Santoso, S.E.",
            "L",
            "Bandung",
            date(1986, 9, 26),
            "PNS",
            institution_code,
            "Biro Umum",
            "Analis Kebijakan Ahli Pertama",
            "Fungsional",
            "III/a",
            "budi.santoso@example.go.id",
            "0812-3456-7890",
            "ya",
        ]
    )
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for number, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
        if column.name in ("nip", "telepon"):
            sheet.column_dimensions[letter].number_format = "@"
            sheet[f"{letter}2"].number_format = "@"
        elif column.name == "tanggal_lahir":
            sheet[f"{letter}2"].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Petunjuk")
    guide.append(["Kolom", "Wajib", "Nama lain", "Keterangan"])
    for cell in guide[1]:
        cell.font = bold
    for column in COLUMNS:
        required = "ya" if column.required else "tidak"
        guide.append([column.name, required, ", ".join(column.aliases), column.help])
    guide.append([])
    for note in _TEMPLATE_NOTES:
        guide.append([note])
    guide.column_dimensions["D"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_TEMPLATE_NOTES = (
    "Baris pertama lembar Pegawai adalah baris judul; data dimulai di baris 2.",
    "Hapus atau ganti baris contoh sebelum mengunggah.",
    "Semua baris diperiksa dulu; bila ada satu kesalahan, tidak ada data yang disimpan.",
    "NIP yang sudah terdaftar akan diperbarui; NIP baru akan ditambahkan.",
)


def error_report_xlsx(errors: Sequence[RowError] | Sequence[dict]) -> bytes:
    """Return the error report as XLSX (Baris, Kolom, Pesan), formula text neutralised.

    Accepts ``RowError`` objects or the ``{"row", "column", "message"}`` dicts stored in
    ``ImportJob.errors``. Whole-file problems (row 0) leave the Baris cell empty.
    """

    def rows() -> Iterator[tuple[object, ...]]:
        for error in errors:
            if isinstance(error, dict):
                row, column, message = error["row"], error["column"], error["message"]
            else:
                row, column, message = error.row, error.column, error.message
            yield (row or None, column, message)

    return xlsx_bytes({"Kesalahan": (["Baris", "Kolom", "Pesan"], rows())})

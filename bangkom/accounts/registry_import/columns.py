"""The accepted columns and the mapping from a file's header row to them.

This module owns ``Column`` and ``COLUMNS`` (canonical Indonesian headers, English aliases,
help text shown in the template), the derived name tables, which optional columns may
overwrite an existing employee, and the header-row parsing that finds each column in a
file, ignores unknown ones and refuses duplicated or missing required ones. Keying the
registry by the ``nip`` column follows DOMAIN.md S-1 R1; no RELIABILITY.md rule is
enforced here (the text format of the NIP column, B10, is only advised in its help text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from bangkom.accounts.registry_import.results import _FileRefused


@dataclass(frozen=True)
class Column:
    """An accepted column: canonical (Indonesian) header, English aliases, help text."""

    name: str
    required: bool
    aliases: tuple[str, ...]
    help: str


COLUMNS: tuple[Column, ...] = (
    Column("nip", True, (), "NIP atau NI PPPK, 18 angka. Format kolom sebagai Teks."),
    Column("nama", True, ("name",), "Nama lengkap dengan gelar, paling banyak 200 karakter."),
    Column("jenis_kelamin", False, ("gender",), "L atau P. Kosong: diambil dari NIP (digit 15)."),
    Column("tempat_lahir", False, ("birth_place",), "Kota/kabupaten tempat lahir."),
    Column("tanggal_lahir", True, ("birth_date",), "Sel tanggal, atau 1986-09-26, 26-09-1986."),
    Column(
        "jenis_pegawai",
        False,
        ("employee_type",),
        "PNS, CPNS, PPPK atau NON_ASN. Kosong: PPPK bila NIP-nya NI PPPK, selain itu PNS.",
    ),
    Column("kode_instansi", True, ("institution_code",), "Kode instansi yang terdaftar."),
    Column("unit_kerja", False, ("unit",), "Nama unit kerja; dibuat otomatis bila belum ada."),
    Column("jabatan", False, ("position",), "Nama jabatan."),
    Column(
        "jenis_jabatan",
        False,
        ("position_type",),
        "JPT, Administrator, Pengawas, Pelaksana atau Fungsional.",
    ),
    Column("golongan", False, ("rank",), "Pangkat/golongan, misalnya III/a atau IV/b."),
    Column("email", False, (), "Alamat email kedinasan."),
    Column("telepon", False, ("phone",), "Angka, spasi, +, -, tanda kurung; maks. 30 karakter."),
    Column("aktif", False, ("is_active",), "ya/tidak. Kosong: ya. Tidak: akun ikut dinonaktifkan."),
)
_COLUMN_NAMES = tuple(column.name for column in COLUMNS)
_REQUIRED = tuple(column.name for column in COLUMNS if column.required)
_HEADER_ALIASES = {
    alias: column.name for column in COLUMNS for alias in (column.name, *column.aliases)
}
# Optional columns copied to an existing employee only when the file has them, so a file
# without e.g. an email column does not wipe the emails already in the registry.
_OPTIONAL_FIELDS = {
    "jenis_kelamin": "gender",
    "tempat_lahir": "birth_place",
    "jenis_pegawai": "employee_type",
    "jabatan": "position_name",
    "jenis_jabatan": "position_type",
    "golongan": "rank",
    "email": "email",
    "telepon": "phone",
    "aktif": "is_active",
}


_SEPARATORS_RE = re.compile(r"[\s\-]+")


def _header_key(value: object) -> str:
    if value is None:
        return ""
    key = _SEPARATORS_RE.sub("_", str(value).strip().casefold())
    return _HEADER_ALIASES.get(key, key)


def _column_indexes(header: Sequence[object]) -> tuple[int | None, ...]:
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _header_key(value)
        if key not in _COLUMN_NAMES:
            continue  # unknown extra columns are ignored
        if key in positions:
            raise _FileRefused(
                _("Kolom %(column)s muncul lebih dari sekali di baris judul.") % {"column": key}
            )
        positions[key] = index
    missing = [name for name in _REQUIRED if name not in positions]
    if missing:
        raise _FileRefused(
            _(
                "Kolom wajib tidak ditemukan di baris judul: %(missing)s. Baris judul harus "
                "menjadi baris pertama yang terisi, dengan nama kolom seperti pada templat."
            )
            % {"missing": ", ".join(missing)}
        )
    return tuple(positions.get(name) for name in _COLUMN_NAMES)

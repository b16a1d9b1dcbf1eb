"""Checking every row before anything is written, and keeping the valid ones compactly.

This module owns ``_validate_rows`` (walks the table, skips blank rows, reports progress
at most every ~1%), ``_RowValidator`` (one parser per column, unknown institution codes,
NIPs repeated within the file, NIPs registered in another institution unless transfers
are allowed) and ``_ErrorLog`` (counts every error, keeps the first
``MAX_STORED_ERRORS``). Validation runs outside any transaction, so the whole file is
judged before the single write (RELIABILITY.md B11); a cell that cannot be trusted, such as
an NIP stored as a number, becomes an error rather than a guess (B10, in ``cells``). The
registry is the allow-list keyed by NIP (DOMAIN.md S-1 R1).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import NamedTuple

from django.utils.translation import gettext as _

from bangkom.accounts.choices import EmployeeType
from bangkom.accounts.models import Employee, Institution
from bangkom.accounts.nip import ParsedNip
from bangkom.accounts.registry_import.cells import (
    _CellError,
    _parse_active,
    _parse_birth_date,
    _parse_email,
    _parse_employee_type,
    _parse_gender,
    _parse_nip,
    _parse_phone,
    _parse_position_type,
    _parse_rank,
    _parse_text,
    _parse_unit,
    _shown,
    _text,
)
from bangkom.accounts.registry_import.columns import _COLUMN_NAMES
from bangkom.accounts.registry_import.reading import _is_blank, _Table
from bangkom.accounts.registry_import.results import RowError

MAX_STORED_ERRORS = 1000  # the report stays readable and the ImportJob.errors JSON small
PROGRESS_STEPS = 100  # progress is reported at most every ~1% of the rows


class _Record(NamedTuple):
    """A validated row, kept compact: 100,000 of these must fit in the memory budget."""

    row: int
    existing_pk: int | None
    nip: str
    name: str
    gender: str
    birth_place: str
    birth_date: date
    employee_type: str
    institution_id: int
    unit_key: tuple[int, str] | None
    position_name: str
    position_type: str
    rank: str
    email: str
    phone: str
    is_active: bool


class _ErrorLog:
    """Counts every error, keeps the first MAX_STORED_ERRORS."""

    def __init__(self) -> None:
        self.count = 0
        self._stored: list[RowError] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self._stored) < MAX_STORED_ERRORS:
            self._stored.append(RowError(row, column, str(message)))

    def result(self) -> tuple[RowError, ...]:
        errors = sorted(self._stored, key=lambda error: error.row)
        if self.count > len(errors):
            more = self.count - len(errors)
            errors.append(RowError(0, "", _("…dan %(count)s kesalahan lain.") % {"count": more}))
        return tuple(errors)


def _validate_rows(
    table: _Table, validator: _RowValidator, progress: Callable[[int, int], None] | None
) -> None:
    indexes = table.indexes
    estimate = table.estimated_rows
    step = max(1, estimate // PROGRESS_STEPS)
    for row_no, values in table.rows:
        width = len(values)
        cells = tuple(
            values[index] if index is not None and index < width else None for index in indexes
        )
        if not all(_is_blank(cell) for cell in cells):
            validator.check(row_no, cells)
        done = row_no - table.header_row
        if progress is not None and estimate and done % step == 0:
            progress(done, max(estimate, done))
    if progress is not None:
        progress(validator.rows, validator.rows)


class _RowValidator:
    """Checks rows one by one; keeps the valid ones compactly while the file is clean."""

    def __init__(self, *, present: frozenset[str], allow_transfers: bool, today: date) -> None:
        self.present = present
        self.allow_transfers = allow_transfers
        self.today = today
        self.errors = _ErrorLog()
        self.rows = 0
        self.new: list[_Record] = []
        self.existing_records: list[_Record] = []
        self.units: dict[tuple[int, str], str] = {}  # (institution, folded name) -> name
        self._seen: dict[str, int] = {}  # NIP -> first row
        # One parser per column: returns the clean value or raises _CellError.
        self._parsers: dict[str, Callable[[object], object]] = {
            "nip": partial(_parse_nip, today=today),
            "nama": partial(_parse_text, max_length=200, required=True),
            "jenis_kelamin": _parse_gender,
            "tempat_lahir": partial(_parse_text, max_length=100, required=False),
            "tanggal_lahir": partial(_parse_birth_date, today=today),
            "jenis_pegawai": _parse_employee_type,
            "kode_instansi": self._institution_id,
            "unit_kerja": _parse_unit,
            "jabatan": partial(_parse_text, max_length=200, required=False),
            "jenis_jabatan": _parse_position_type,
            "golongan": _parse_rank,
            "email": _parse_email,
            "telepon": _parse_phone,
            "aktif": _parse_active,
        }
        self._shared: dict[object, object] = {}
        self._institutions = {
            code.casefold(): (pk, name)
            for code, pk, name in Institution.objects.values_list("code", "pk", "name")
        }
        self._institution_names = dict(self._institutions.values())
        # One query for the whole registry: NIP -> (employee pk, institution pk).
        self.existing: dict[str, tuple[int, int]] = {
            nip: (pk, institution_id)
            for nip, pk, institution_id in Employee.objects.values_list(
                "nip", "pk", "institution_id"
            )
        }

    def check(self, row: int, cells: tuple[object, ...]) -> None:
        """Validate one non-blank row (cells in COLUMNS order, None for absent columns)."""
        self.rows += 1
        errors_before = self.errors.count
        values = {
            name: self._cell(row, name, self._parsers[name], cell)
            for name, cell in zip(_COLUMN_NAMES, cells, strict=True)
        }
        parsed = values["nip"]
        if parsed is not None:
            self._check_identity(row, parsed.nip, values["kode_instansi"])
        if self.errors.count == errors_before and not self.errors.count:
            self._keep(row, parsed, values)

    def _cell(self, row: int, column: str, parse: Callable, value: object) -> object:
        try:
            return parse(value)
        except _CellError as exc:
            self.errors.add(row, column, exc.message)
            return None

    def _institution_id(self, value: object) -> int:
        code = _text(value)
        if not code:
            raise _CellError(_("Kode instansi wajib diisi."))
        found = self._institutions.get(code.casefold())
        if found is None:
            raise _CellError(
                _("Kode instansi '%(code)s' tidak terdaftar.") % {"code": _shown(code)}
            )
        return found[0]

    def _check_identity(self, row: int, nip: str, institution_id: int | None) -> None:
        first_row = self._seen.setdefault(nip, row)
        if first_row != row:
            self.errors.add(
                row, "nip", _("NIP ini sudah ada di baris %(row)s berkas ini.") % {"row": first_row}
            )
            return
        existing = self.existing.get(nip)
        if (
            existing is not None
            and institution_id is not None
            and existing[1] != institution_id
            and not self.allow_transfers
        ):
            self.errors.add(
                row,
                "nip",
                _(
                    "NIP sudah terdaftar di instansi lain (%(institution)s); perpindahan "
                    "instansi perlu persetujuan admin"
                )
                % {"institution": self._institution_names.get(existing[1], "?")},
            )

    def _share(self, value: object) -> object:
        """Return one shared object per distinct value: places, positions, ranks and dates
        repeat across rows, and sharing them saves ~30 MB per 100,000 rows."""
        return self._shared.setdefault(value, value)

    def _keep(self, row: int, parsed: ParsedNip, values: dict[str, object]) -> None:
        kind = values["jenis_pegawai"]
        if kind is None:  # blank: PPPK for an NI PPPK, else PNS
            kind = EmployeeType.PPPK if parsed.is_pppk else EmployeeType.PNS
        institution_id = values["kode_instansi"]
        unit_key = None
        if unit := values["unit_kerja"]:
            unit_key = self._share((institution_id, unit.casefold()))
            self.units.setdefault(unit_key, unit)
        existing = self.existing.get(parsed.nip)
        active = values["aktif"]
        record = _Record(
            row=row,
            existing_pk=existing[0] if existing else None,
            nip=parsed.nip,
            name=values["nama"],
            # blank: what the NIP encodes (digit 15)
            gender=self._share(str(values["jenis_kelamin"] or parsed.gender)),
            birth_place=self._share(values["tempat_lahir"]),
            birth_date=self._share(values["tanggal_lahir"]),
            employee_type=self._share(str(kind)),
            institution_id=institution_id,
            unit_key=unit_key,
            position_name=self._share(values["jabatan"]),
            position_type=self._share(values["jenis_jabatan"]),
            rank=self._share(values["golongan"]),
            email=values["email"],
            phone=values["telepon"],
            is_active=True if active is None else active,
        )
        (self.existing_records if existing else self.new).append(record)

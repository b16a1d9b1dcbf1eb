"""Import the employee registry (data induk pegawai) from CSV or XLSX, all rows or none.

The whole file is read and validated first, outside any transaction; every problem is
collected as a ``RowError`` (spreadsheet row, column, Indonesian message). Only a file
without a single error is written, in one ``transaction.atomic()``: employees are upserted
by NIP, missing units are created, and deactivated employees lose their login and API
tokens. This package module owns that pipeline (``import_employees`` and ``_write``, the
transaction, RELIABILITY.md B11) and re-exports the public API; the steps live in
``columns`` (accepted columns, header mapping), ``reading`` and ``xlsx_safety`` (CSV/XLSX
readers; B5 archive bombs, B8 broken XLSX, B9 XML attacks), ``cells`` and ``validation``
(cell and row checks; B10 NIP precision loss, B12 formula text kept as literal text),
``writing`` (the upsert steps inside the transaction, B11) and ``reports`` (template and
error report; B12 exports neutralise formula text). Rules: DOMAIN.md S-1 R1 (the registry
is the allow-list, keyed by NIP), §1.1/§1.2 through ``nip.parse_nip`` (a birth date or
gender that disagrees with the NIP is kept and flagged, not refused).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.accounts.models import Employee, User
from bangkom.accounts.registry_import.cells import EARLIEST_BIRTH_YEAR
from bangkom.accounts.registry_import.columns import COLUMNS, Column
from bangkom.accounts.registry_import.reading import (
    EXCEL_MAX_ROWS,
    MAX_MERGED_RANGES,
    SUPPORTED_FORMATS,
    _checked_suffix,
    _opened,
    _read_table,
)
from bangkom.accounts.registry_import.reports import (
    TEMPLATE_EXAMPLE_INSTITUTION_CODE,
    employee_template_xlsx,
    error_report_xlsx,
)
from bangkom.accounts.registry_import.results import ImportResult, RowError, _FileRefused
from bangkom.accounts.registry_import.validation import (
    MAX_STORED_ERRORS,
    PROGRESS_STEPS,
    _RowValidator,
    _validate_rows,
)
from bangkom.accounts.registry_import.writing import (
    BATCH_SIZE,
    _changed_meanwhile,
    _check_unchanged,
    _chunks,
    _deactivate_users,
    _new_employee,
    _unit_ids,
    _update_employees,
)
from bangkom.accounts.registry_import.xlsx_safety import (
    MAX_COMPRESSION_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_ENTRIES,
    RATIO_CHECK_MIN_BYTES,
)
from bangkom.audit.log import record

__all__ = [
    "BATCH_SIZE",
    "COLUMNS",
    "EARLIEST_BIRTH_YEAR",
    "EXCEL_MAX_ROWS",
    "MAX_COMPRESSION_RATIO",
    "MAX_MERGED_RANGES",
    "MAX_STORED_ERRORS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_ENTRIES",
    "PROGRESS_STEPS",
    "RATIO_CHECK_MIN_BYTES",
    "SUPPORTED_FORMATS",
    "TEMPLATE_EXAMPLE_INSTITUTION_CODE",
    "Column",
    "ImportResult",
    "RowError",
    "employee_template_xlsx",
    "error_report_xlsx",
    "import_employees",
]

logger = logging.getLogger(__name__)


def import_employees(
    source: BinaryIO | Path | str,
    *,
    filename: str,
    allow_transfers: bool = False,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
    actor: User | None = None,
) -> ImportResult:
    """Validate a whole CSV/XLSX registry file, then upsert it by NIP in one transaction.

    ``source`` is an open binary file or a path; ``filename`` (the user's name for it)
    decides the format. Nothing is written unless every row is valid: the result then
    lists every problem found (at most ``MAX_STORED_ERRORS`` plus a closing "…dan N
    kesalahan lain"). An NIP already registered in another institution is refused
    unless ``allow_transfers``. ``progress(done, total)`` is called at most every ~1%
    while validating (outside any transaction) and once with ``(rows, rows)`` before the
    write. Re-importing a file is idempotent. ``actor``: who asked (for the audit log).
    """
    now = now or timezone.now()
    try:
        suffix = _checked_suffix(filename)
        with _opened(source) as stream, _read_table(stream, suffix) as table:
            validator = _RowValidator(
                present=table.present,
                allow_transfers=allow_transfers,
                today=timezone.localdate(now),
            )
            for error in table.errors:
                validator.errors.add(error.row, error.column, error.message)
            _validate_rows(table, validator, progress)
        if validator.errors.count:
            return _refused(validator.rows, validator.errors.result())
        if not validator.rows:
            raise _FileRefused(_("Berkas tidak berisi baris data pegawai di bawah baris judul."))
        created, updated = _write(
            validator, present=table.present, now=now, actor=actor, filename=filename
        )
    except _FileRefused as exc:
        return _refused(0, (RowError(0, "", exc.message),))
    logger.info("Registry import %s: %d created, %d updated", filename, created, updated)
    return ImportResult(created=created, updated=updated, rows=validator.rows, errors=())


def _refused(rows: int, errors: tuple[RowError, ...]) -> ImportResult:
    return ImportResult(created=0, updated=0, rows=rows, errors=errors)


# The write is composed here, from steps looked up in this module's namespace, so
# that a test can replace one of them (``_deactivate_users``) on the package.
def _write(
    validator: _RowValidator,
    *,
    present: frozenset[str],
    now: datetime,
    actor: User | None = None,
    filename: str = "",
) -> tuple[int, int]:
    """Write every record in one transaction; a database error leaves nothing behind."""
    try:
        with transaction.atomic():
            _check_unchanged(validator)
            unit_ids = _unit_ids(validator.units)
            for chunk in _chunks(validator.new):
                Employee.objects.bulk_create(
                    [_new_employee(record, unit_ids) for record in chunk], batch_size=BATCH_SIZE
                )
            deactivated = _update_employees(
                validator.existing_records, unit_ids, present=present, now=now
            )
            _deactivate_users(deactivated, now=now)
            record(
                "registry.imported",
                actor=actor,
                summary=filename[:200],
                data={
                    "filename": filename[:200],
                    "created": len(validator.new),
                    "updated": len(validator.existing_records),
                    "deactivated": len(deactivated),
                },
            )
    except IntegrityError:
        logger.warning("Registry import rolled back on an integrity error", exc_info=True)
        raise _changed_meanwhile() from None
    return len(validator.new), len(validator.existing_records)

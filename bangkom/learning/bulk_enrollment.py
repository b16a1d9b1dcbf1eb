"""Enrol a list of NIPs from an XLSX file on a manager's authority, all rows or none.

The whole file is read and checked first; every problem is reported with its spreadsheet
row: a malformed NIP (``accounts.nip``), a number cell (18 digits do not survive Excel's
number format, RELIABILITY.md B10), a NIP not in the registry, without an account or
inactive, a duplicate in the file, or a refusal by ``check_eligibility`` (managers skip only
``window_closed``). People already enrolled are reported as skipped, not as errors; a
pending request of a listed person is approved. Only a file without a single error is
written, in one transaction that re-checks eligibility and capacity under the offering's
row lock. The archive is checked against zip bombs (``common.uploads.check_archive``)
before openpyxl reads it, in read-only mode (B5, B8, B11).
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from bangkom.accounts.models import Employee, User
from bangkom.accounts.nip import InvalidNip, parse_nip
from bangkom.audit.log import record
from bangkom.common.uploads import UploadRejected, check_archive
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentSource, EnrollmentStatus
from bangkom.learning.eligibility import (
    ACTIVE_STATUSES,
    REASON_LABELS,
    EligibilityReason,
    eligibility_matrix,
)
from bangkom.learning.models import Enrollment
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify_many

logger = logging.getLogger(__name__)

MAX_ROWS = 5_000  # a larger list is split by the manager; keeps one request short
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
NIP_COLUMN = "nip"
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


@dataclass(frozen=True)
class RowIssue:
    """A row's problem or note; ``row`` is the spreadsheet row (header = 1), 0 = whole file."""

    row: int
    nip: str
    message: str


@dataclass
class BulkEnrollmentResult:
    """What happened; when ``errors`` is non-empty nothing was written."""

    enrolled: list[RowIssue] = field(default_factory=list)
    skipped: list[RowIssue] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Candidate:
    row: int
    nip: str
    user: User


class _FileRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def bulk_enroll(
    data: bytes, offering: Offering, *, by: User, now: datetime
) -> BulkEnrollmentResult:
    """Check every row of the XLSX ``data``, then enrol all listed people or nobody.

    ``data`` should already have passed ``check_upload(allowed_types={"xlsx"})``.
    """
    result = BulkEnrollmentResult()
    try:
        rows = read_nip_rows(data)
    except _FileRefused as exc:
        result.errors.append(RowIssue(0, "", exc.message))
        return result
    candidates = _registered(_well_formed(rows, result), result)
    to_enrol = _eligible(candidates, offering, result, now=now)
    if result.errors:
        return result
    if not to_enrol and not result.skipped:
        result.errors.append(RowIssue(0, "", _("Berkas tidak berisi NIP di bawah kolom nip.")))
        return result
    try:
        with transaction.atomic():
            _write(to_enrol, offering, result, by=by, now=now)
            record(
                "enrollment.bulk_enrolled",
                actor=by,
                target=offering,
                summary=f"{len(to_enrol)} peserta",
                data={"nips": [c.nip for c in to_enrol]},
            )
    except _Rollback:
        return result
    result.enrolled = [RowIssue(c.row, c.nip, "") for c in to_enrol]
    if to_enrol:
        _notify_enrolled(to_enrol, offering, now=now)
    return result


def read_nip_rows(data: bytes) -> list[tuple[int, object]]:
    """Return ``(row number, nip cell value)`` of the first sheet's data rows.

    Raises ``_FileRefused`` for a file that is not a readable XLSX, a zip bomb, a sheet
    without a ``nip`` header, or more than ``MAX_ROWS`` rows.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
    except UploadRejected as exc:
        raise _FileRefused(str(exc)) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _FileRefused(_invalid_file()) from None
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except _READ_ERRORS as exc:
        logger.info("Refused bulk enrolment XLSX: %s", type(exc).__name__)
        raise _FileRefused(_invalid_file()) from None
    try:
        return _sheet_rows(workbook.worksheets[0])
    except _READ_ERRORS as exc:
        logger.info("Refused bulk enrolment XLSX: %s", type(exc).__name__)
        raise _FileRefused(_invalid_file()) from None
    finally:
        workbook.close()


def _sheet_rows(sheet: object) -> list[tuple[int, object]]:
    column: int | None = None
    found: list[tuple[int, object]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if column is None:
            if not any(v not in (None, "") for v in values):
                continue
            headers = [str(v).strip().casefold() if v is not None else "" for v in values]
            if NIP_COLUMN not in headers:
                raise _FileRefused(_("Baris judul harus memuat kolom bernama nip."))
            column = headers.index(NIP_COLUMN)
            continue
        value = values[column] if column < len(values) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        found.append((number, value))
        if len(found) > MAX_ROWS:
            raise _FileRefused(
                _("Berkas berisi lebih dari %(max)s baris; bagi menjadi beberapa berkas.")
                % {"max": MAX_ROWS}
            )
    if column is None:
        raise _FileRefused(_("Berkas kosong: tidak ada baris judul dengan kolom nip."))
    return found


def _well_formed(rows: list[tuple[int, object]], result: BulkEnrollmentResult) -> dict[str, int]:
    """NIP → row of every valid, first-seen NIP; the rest become row errors."""
    seen: dict[str, int] = {}
    for number, value in rows:
        if isinstance(value, int | float | Decimal):
            result.errors.append(
                RowIssue(
                    number,
                    str(value),
                    _(
                        "NIP tertulis sebagai angka, sehingga digitnya bisa berubah. Format "
                        "kolom nip sebagai Teks (format as Text), lalu ketik ulang NIP-nya."
                    ),
                )
            )
            continue
        raw = str(value)
        try:
            nip = parse_nip(raw).nip
        except InvalidNip as exc:
            result.errors.append(RowIssue(number, raw.strip()[:40], str(exc.message)))
            continue
        if nip in seen:
            result.errors.append(
                RowIssue(
                    number, nip, _("NIP ganda: sama dengan baris %(row)s.") % {"row": seen[nip]}
                )
            )
            continue
        seen[nip] = number
    return seen


def _registered(nips: dict[str, int], result: BulkEnrollmentResult) -> list[_Candidate]:
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=list(nips))}
    users = {u.nip: u for u in User.objects.filter(nip__in=list(nips)).select_related("employee")}
    candidates = []
    for nip, number in nips.items():
        employee, user = employees.get(nip), users.get(nip)
        message = None
        if employee is None:
            message = _("NIP tidak terdaftar di data induk pegawai.")
        elif not employee.is_active:
            message = _("Pegawai berstatus tidak aktif di data induk pegawai.")
        elif user is None:
            message = _("NIP terdaftar tetapi belum memiliki akun Bangkom.")
        elif not user.is_active:
            message = _("Akun Bangkom NIP ini tidak aktif.")
        if message:
            result.errors.append(RowIssue(number, nip, message))
        else:
            candidates.append(_Candidate(number, nip, user))
    return candidates


def _eligible(
    candidates: list[_Candidate],
    offering: Offering,
    result: BulkEnrollmentResult,
    *,
    now: datetime,
) -> list[_Candidate]:
    verdicts = eligibility_matrix(
        [c.user for c in candidates], [offering], now=now, ignore_window=True
    )
    statuses = dict(
        Enrollment.objects.filter(
            offering=offering, participant__in=[c.user for c in candidates]
        ).values_list("participant_id", "status")
    )
    to_enrol = []
    for c in candidates:
        verdict = verdicts[(c.user.pk, offering.pk)]
        if verdict.ok:
            to_enrol.append(c)
        elif verdict.reason == EligibilityReason.ALREADY_ENROLLED:
            if statuses.get(c.user.pk) == EnrollmentStatus.PENDING:
                to_enrol.append(c)  # the manager's list approves the waiting request
            else:
                result.skipped.append(RowIssue(c.row, c.nip, _("Sudah terdaftar; dilewati.")))
        else:
            result.errors.append(RowIssue(c.row, c.nip, str(REASON_LABELS[verdict.reason])))
    _check_capacity(to_enrol, statuses, offering, result)
    return to_enrol


def _check_capacity(
    to_enrol: list[_Candidate],
    statuses: dict[int, str],
    offering: Offering,
    result: BulkEnrollmentResult,
) -> None:
    if offering.capacity is None:
        return
    new = sum(1 for c in to_enrol if statuses.get(c.user.pk) not in ACTIVE_STATUSES)
    taken = Enrollment.objects.filter(
        offering=offering, status__in=ACTIVE_STATUSES, is_trial=False
    ).count()
    if taken + new > offering.capacity:
        result.errors.append(
            RowIssue(
                0,
                "",
                _("Kuota tersisa %(left)s peserta, tetapi berkas menambah %(new)s peserta.")
                % {"left": max(offering.capacity - taken, 0), "new": new},
            )
        )


class _Rollback(Exception):
    pass


def _write(
    to_enrol: list[_Candidate],
    offering: Offering,
    result: BulkEnrollmentResult,
    *,
    by: User,
    now: datetime,
) -> None:
    """Enrol everyone under the offering's row lock, re-checking what may have changed."""
    locked = Offering.objects.select_for_update().get(pk=offering.pk)
    recheck = BulkEnrollmentResult()
    _eligible(to_enrol, locked, recheck, now=now)
    if recheck.errors:
        result.errors.extend(recheck.errors)
        raise _Rollback
    existing = {
        e.participant_id: e
        for e in Enrollment.objects.filter(
            offering=locked, participant__in=[c.user for c in to_enrol]
        )
    }
    values = {
        "status": EnrollmentStatus.ENROLLED,
        "decided_at": now,
        "decided_by": by,
        "updated_at": now,
    }
    pending = [e.pk for e in existing.values() if e.status == EnrollmentStatus.PENDING]
    Enrollment.objects.filter(pk__in=pending, status=EnrollmentStatus.PENDING).update(**values)
    reused = [e.pk for e in existing.values() if e.status not in ACTIVE_STATUSES]
    Enrollment.objects.filter(pk__in=reused).update(
        **values,
        source=EnrollmentSource.MANAGER,
        requested_at=now,
        decision_reason="",
        motivation="",
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                offering=locked,
                participant=c.user,
                status=EnrollmentStatus.ENROLLED,
                source=EnrollmentSource.MANAGER,
                requested_at=now,
                decided_at=now,
                decided_by=by,
            )
            for c in to_enrol
            if c.user.pk not in existing
        ],
        batch_size=1000,
    )


def _notify_enrolled(to_enrol: list[_Candidate], offering: Offering, *, now: datetime) -> None:
    notify_many(
        [c.user for c in to_enrol],
        event_key=f"offering:{offering.pk}:bulk-enrolled:{int(now.timestamp())}",
        title=_("Anda didaftarkan sebagai peserta pelatihan"),
        body=_("Pengelola mendaftarkan Anda pada %(offering)s.") % {"offering": offering},
        url=reverse("learning:my-enrollments"),
        kind=NotificationKind.ENROLLMENT_DECISION,
    )


def _invalid_file() -> str:
    return _(
        "Berkas bukan XLSX yang valid (rusak, terpotong, berkata sandi, atau berformat lain). "
        "Simpan ulang sebagai Excel Workbook (.xlsx)."
    )

"""The JP ledger: credits, yearly totals against the 20-JP minimum, reports and SIASN rows.

DOMAIN.md §2.2: a per-PNS, per-calendar-year ledger; only completed activities count.
A certificate credits the program's curriculum JP (§2.4) for the calendar year of
completion in the participant's own time zone (a completion at 00:30 WIT on 1 January
belongs to the new year, although it is still 31 December in WIB).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import Employee, User
from bangkom.accounts.permissions import supervised_institution_ids
from bangkom.common.exports import xlsx_bytes
from bangkom.common.timezones import to_local
from bangkom.learning.models import Enrollment
from bangkom.progression.choices import CreditSource
from bangkom.progression.errors import ProgressionForbidden
from bangkom.progression.models import JpCredit
from bangkom.progression.rules import BANGKOM_PROVIDER, MINIMUM_JP_PER_YEAR, SIASN_DATE_FORMAT

logger = logging.getLogger(__name__)

ZERO = Decimal("0.0")

SIASN_COLUMNS = (
    "nip",
    "nama",
    "namaKursus",
    "institusiPenyelenggara",
    "jumlahJam",
    "nomorSertipikat",
    "tanggalKursus",
    "tanggalSelesaiKursus",
    "tahunKursus",
)


def completion_year(completed_at: datetime, participant: User) -> int:
    """The calendar year of an instant in the participant's own zone (WIB/WITA/WIT)."""
    return to_local(completed_at, participant.time_zone_name).year


def credit_certificate(
    enrollment: Enrollment,
    *,
    completed_at: datetime,
    certificate_number: str = "",
    provider: str = "",
) -> JpCredit | None:
    """Credit the program's JP for a certified enrolment; the existing credit if already done.

    None for a trial enrolment or a participant without a registry employee (nothing to
    credit). Idempotent: one credit per enrolment, enforced by a unique constraint. A
    certificate number learnt later (the certificate was issued after the credit) is filled in.
    """
    participant = enrollment.participant
    if enrollment.is_trial or participant.employee_id is None:
        return None
    existing = JpCredit.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        if certificate_number and not existing.certificate_number:
            JpCredit.objects.filter(pk=existing.pk, certificate_number="").update(
                certificate_number=certificate_number
            )
            existing.certificate_number = certificate_number
        return existing
    offering = enrollment.offering
    program = offering.program
    zone = participant.time_zone_name
    ends_on = to_local(completed_at, zone).date()
    starts_on = min(to_local(offering.starts_at, zone).date(), ends_on)
    credit = JpCredit(
        employee_id=participant.employee_id,
        year=completion_year(completed_at, participant),
        jp=program.total_jp,
        source=CreditSource.CERTIFICATE,
        enrollment=enrollment,
        certificate_number=certificate_number,
        title=program.title,
        provider=provider or BANGKOM_PROVIDER,
        starts_on=starts_on,
        ends_on=ends_on,
        learning_form=program.learning_form,
    )
    try:
        with transaction.atomic():
            credit.save()
    except IntegrityError:  # a concurrent call credited it first
        return JpCredit.objects.get(enrollment=enrollment)
    return credit


def withdraw_certificate_credit(enrollment: Enrollment) -> Decimal | None:
    """Remove the JP a revoked certificate credited; the JP removed, or None if there was none.

    Called inside the revocation's transaction, so the ledger, the year's total and the next
    SIASN export stop counting it together with the revocation.
    """
    credit = JpCredit.objects.filter(enrollment=enrollment, source=CreditSource.CERTIFICATE).first()
    if credit is None:
        return None
    credit.delete()
    return credit.jp


def jp_total(employee: Employee, year: int) -> Decimal:
    """The JP credited to an employee in a calendar year."""
    total = JpCredit.objects.filter(employee=employee, year=year).aggregate(total=Sum("jp"))
    return total["total"] or ZERO


def credits_of(employee: Employee, *, year: int | None = None) -> QuerySet[JpCredit]:
    credits = JpCredit.objects.filter(employee=employee)
    if year is not None:
        credits = credits.filter(year=year)
    return credits.select_related("enrollment__offering")


def meets_minimum(jp: Decimal) -> bool:
    return jp >= MINIMUM_JP_PER_YEAR


@dataclass(frozen=True)
class JpProgress:
    """An employee's standing this year, for the participant's page and home page."""

    year: int
    jp: Decimal
    minimum: int = MINIMUM_JP_PER_YEAR

    @property
    def meets_minimum(self) -> bool:
        return meets_minimum(self.jp)

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, Decimal(self.minimum) - self.jp)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.jp / self.minimum))


def jp_progress(user: User, *, now: datetime) -> JpProgress | None:
    """This year's JP of the user (year in their zone), or None without a registry employee."""
    if user.employee_id is None:
        return None
    year = to_local(now, user.time_zone_name).year
    return JpProgress(year=year, jp=jp_total(user.employee, year))


# --- reports ---------------------------------------------------------------------------------


def report_institutions_for(user: User, requested: int | None = None) -> set[int] | None:
    """The institutions a user may see in the JP report; None means every institution.

    Pengelola and admin see all (or the one they ask for); a pimpinan only the institutions
    they supervise, and asking for another one is refused (API.md Reports).
    """
    if user.has_role(Role.ADMIN) or user.has_role(Role.PENGELOLA):
        return None if requested is None else {requested}
    supervised = supervised_institution_ids(user) if user.has_role(Role.PIMPINAN) else set()
    if requested is not None:
        if requested not in supervised:
            raise ProgressionForbidden(
                _("Anda hanya dapat melihat laporan JP instansi yang Anda pimpin.")
            )
        return {requested}
    return supervised


def jp_report_queryset(
    year: int, *, institution_ids: Iterable[int] | None = None, below_minimum: bool = False
) -> QuerySet[Employee]:
    """Active registry employees annotated with ``jp`` (their total in ``year``), one query.

    Employees without any credit are included with 0 JP: they are who the report is for.
    """
    employees = Employee.objects.filter(is_active=True)
    if institution_ids is not None:
        employees = employees.filter(institution_id__in=list(institution_ids))
    employees = employees.annotate(
        jp=Coalesce(
            Sum("jp_credits__jp", filter=Q(jp_credits__year=year)),
            Value(ZERO),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        )
    )
    if below_minimum:
        employees = employees.filter(jp__lt=MINIMUM_JP_PER_YEAR)
    return employees.select_related("institution").order_by("institution__name", "name", "nip")


@dataclass(frozen=True)
class JpReportRow:
    nip: str
    name: str
    institution: str
    institution_id: int
    jp: Decimal

    @property
    def meets_minimum(self) -> bool:
        return meets_minimum(self.jp)


def report_rows(employees: Iterable[Employee]) -> list[JpReportRow]:
    return [
        JpReportRow(e.nip, e.name, e.institution.name, e.institution_id, e.jp) for e in employees
    ]


def jp_report(
    year: int, *, institution_ids: Iterable[int] | None = None, below_minimum: bool = False
) -> list[JpReportRow]:
    """Rows nip, name, institution, jp, meets_minimum (≥ 20 JP) for the year."""
    return report_rows(
        jp_report_queryset(year, institution_ids=institution_ids, below_minimum=below_minimum)
    )


def jp_report_xlsx(year: int, *, institution_ids: Iterable[int] | None = None) -> bytes:
    header = ("NIP", "Nama", "Instansi", f"JP {year}", f"Memenuhi {MINIMUM_JP_PER_YEAR} JP")
    rows = (
        (r.nip, r.name, r.institution, _number(r.jp), "ya" if r.meets_minimum else "tidak")
        for r in report_rows(jp_report_queryset(year, institution_ids=institution_ids).iterator())
    )
    return xlsx_bytes({f"JP {year}": (header, rows)})


# --- SIASN riwayat kursus ------------------------------------------------------------------


def siasn_credits(year: int, *, institution_ids: Iterable[int] | None = None) -> QuerySet[JpCredit]:
    credits = JpCredit.objects.filter(year=year, employee__is_active=True)
    if institution_ids is not None:
        credits = credits.filter(employee__institution_id__in=list(institution_ids))
    return credits.select_related("employee").order_by("employee__nip", "ends_on", "pk")


def siasn_rows(
    year: int, *, institution_ids: Iterable[int] | None = None
) -> Iterator[tuple[object, ...]]:
    """One SIASN "riwayat kursus" row per credit (DOMAIN.md §4.2), NIP and name first."""
    for credit in siasn_credits(year, institution_ids=institution_ids).iterator():
        yield (
            credit.employee.nip,
            credit.employee.name,
            credit.title,
            credit.provider,
            _number(credit.jp),
            credit.certificate_number,
            _siasn_date(credit.starts_on),
            _siasn_date(credit.ends_on),
            credit.year,
        )


def siasn_xlsx(year: int, *, institution_ids: Iterable[int] | None = None) -> bytes:
    rows = siasn_rows(year, institution_ids=institution_ids)
    return xlsx_bytes({"riwayat kursus": (SIASN_COLUMNS, rows)})


def _siasn_date(value: date) -> str:
    return value.strftime(SIASN_DATE_FORMAT)


def _number(value: Decimal) -> int | float:
    """JP as a spreadsheet number: whole numbers as integers (SIASN's jumlahJam)."""
    return int(value) if value == value.to_integral_value() else float(value)

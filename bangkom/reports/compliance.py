"""Per institution and year: JP compliance, competency-gap closure and participation.

- **JP compliance** (DOMAIN.md §2.2, PP 11/2017 Ps. 203): the share of the institution's
  active registry employees whose JP credited for the year reaches the minimum (20 JP).
  Same ledger and definitions as ``progression.ledger.jp_report`` (``JpCredit.year`` is the
  calendar year in the participant's own zone); computed here with grouped queries instead
  of one row per employee.
- **Competency-gap closure** (DOMAIN.md §7.1): the gaps the institution's AKPK of the year
  (``planning.NeedsAnalysis``) set out to close — each (employee, competency) pair among
  its targets — and how many are closed now: the employee's latest competency assessment
  reaches the required level. No AKPK for the year: no figure.
- **Participation**: active employees approved (non-trial) in at least one offering whose
  learning starts in the year (WIB calendar), over all active employees.

Four grouped queries for any number of institutions and employees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import CharField, Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat

from bangkom.accounts.models import Employee, Institution
from bangkom.common.timezones import DEFAULT_ZONE
from bangkom.learning.choices import EnrollmentStatus
from bangkom.planning.models import CompetencyAssessment, NeedTarget
from bangkom.progression.models import JpCredit
from bangkom.progression.rules import MINIMUM_JP_PER_YEAR
from bangkom.reports.funnel import share


@dataclass(frozen=True)
class InstitutionYear:
    institution_id: int
    name: str
    employees: int
    compliant: int
    participants: int
    gaps: int | None  # None: no AKPK for the year
    gaps_closed: int

    @property
    def compliance(self) -> float | None:
        return share(self.compliant, self.employees)

    @property
    def participation(self) -> float | None:
        return share(self.participants, self.employees)

    @property
    def gap_closure(self) -> float | None:
        return share(self.gaps_closed, self.gaps) if self.gaps else None


def _counts(rows: Iterable[dict], key: str = "institution_id") -> dict[int, int]:
    return {row[key]: row["n"] for row in rows}


def active_employees(institution_ids: list[int]) -> dict[int, int]:
    return _counts(
        Employee.objects.filter(is_active=True, institution_id__in=institution_ids)
        .values("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def compliant_employees(year: int, institution_ids: list[int]) -> dict[int, int]:
    """Active employees with at least the minimum JP credited in ``year``, per institution."""
    meeting = (
        JpCredit.objects.filter(
            year=year,
            employee__is_active=True,
            employee__institution_id__in=institution_ids,
        )
        .values("employee_id")
        .annotate(total=Sum("jp"))
        .filter(total__gte=MINIMUM_JP_PER_YEAR)
        .values("employee_id")
    )
    return _counts(
        Employee.objects.filter(pk__in=meeting)
        .values("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """1 January of ``year`` and of the next year, 00:00 WIB."""
    zone = ZoneInfo(DEFAULT_ZONE)
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def participating_employees(year: int, institution_ids: list[int]) -> dict[int, int]:
    start, end = year_bounds(year)
    return _counts(
        Employee.objects.filter(
            is_active=True,
            institution_id__in=institution_ids,
            user__enrollments__status=EnrollmentStatus.ENROLLED,
            user__enrollments__is_trial=False,
            user__enrollments__offering__starts_at__gte=start,
            user__enrollments__offering__starts_at__lt=end,
        )
        .values("institution_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )


def gap_closure(year: int, institution_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Institution → (gaps in the year's AKPK, of which closed now)."""
    latest_level = (
        CompetencyAssessment.objects.filter(
            employee_id=OuterRef("employee_id"),
            competency_id=OuterRef("candidate__competency_id"),
        )
        .order_by("-assessed_on", "-id")
        .values("level")[:1]
    )
    pair = Concat(
        Cast("employee_id", CharField()),
        Value("-"),
        Cast("candidate__competency_id", CharField()),
        output_field=CharField(),
    )
    rows = (
        NeedTarget.objects.filter(
            candidate__analysis__year=year,
            candidate__analysis__institution_id__in=institution_ids,
            employee__is_active=True,
        )
        .annotate(latest=Subquery(latest_level), pair=pair)
        .values("candidate__analysis__institution_id")
        .annotate(
            gaps=Count("pair", distinct=True),
            closed=Count("pair", distinct=True, filter=Q(latest__gte=F("required_level"))),
        )
        .order_by()
    )
    return {
        row["candidate__analysis__institution_id"]: (row["gaps"], row["closed"]) for row in rows
    }


def institution_years(year: int, institutions: Iterable[Institution]) -> list[InstitutionYear]:
    """One row per institution (in the given order) for ``year``; four queries."""
    institutions = list(institutions)
    ids = [i.pk for i in institutions]
    employees = active_employees(ids)
    compliant = compliant_employees(year, ids)
    participants = participating_employees(year, ids)
    gaps = gap_closure(year, ids)
    return [
        InstitutionYear(
            institution_id=i.pk,
            name=i.name,
            employees=employees.get(i.pk, 0),
            compliant=compliant.get(i.pk, 0),
            participants=participants.get(i.pk, 0),
            gaps=gaps[i.pk][0] if i.pk in gaps else None,
            gaps_closed=gaps[i.pk][1] if i.pk in gaps else 0,
        )
        for i in institutions
    ]


def total_row(rows: list[InstitutionYear], *, label: str) -> InstitutionYear:
    """The sum of the rows (employees, compliant, participants, gaps)."""
    with_gaps = [r for r in rows if r.gaps is not None]
    return InstitutionYear(
        institution_id=0,
        name=label,
        employees=sum(r.employees for r in rows),
        compliant=sum(r.compliant for r in rows),
        participants=sum(r.participants for r in rows),
        gaps=sum(r.gaps for r in with_gaps) if with_gaps else None,
        gaps_closed=sum(r.gaps_closed for r in with_gaps),
    )

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

from django.db import connection
from django.db.models import Count, Sum

from bangkom.accounts.models import Employee, Institution
from bangkom.common.timezones import DEFAULT_ZONE
from bangkom.learning.choices import EnrollmentStatus
from bangkom.planning.models import (
    CompetencyAssessment,
    NeedCandidate,
    NeedsAnalysis,
    NeedTarget,
)
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
    """Active employees with at least the minimum JP credited in ``year``, per institution.

    The year's credits are summed per employee first (an index-only scan of
    ``progression_jpcredit_year_jp`` on PostgreSQL), and only then matched to the
    institutions' active employees.
    """
    meeting = (
        JpCredit.objects.filter(year=year)
        .order_by()
        .values("employee_id")
        .annotate(total=Sum("jp"))
        .filter(total__gte=MINIMUM_JP_PER_YEAR)
        .values("employee_id")
    )
    return _counts(
        Employee.objects.filter(is_active=True, institution_id__in=institution_ids, pk__in=meeting)
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


GAP_CLOSURE_SQL = """
SELECT pair.institution_id,
       COUNT(*),
       SUM(CASE WHEN (
           SELECT latest.level FROM {assessment} latest
           WHERE latest.employee_id = pair.employee_id
             AND latest.competency_id = pair.competency_id
           ORDER BY latest.assessed_on DESC, latest.id DESC
           LIMIT 1
       ) >= pair.required_level THEN 1 ELSE 0 END)
FROM (
    SELECT analysis.institution_id, target.employee_id, candidate.competency_id,
           MIN(target.required_level) AS required_level
    FROM {target} target
    JOIN {candidate} candidate ON candidate.id = target.candidate_id
    JOIN {analysis} analysis ON analysis.id = candidate.analysis_id
    JOIN {employee} employee ON employee.id = target.employee_id
    WHERE analysis.year = %s AND analysis.institution_id IN ({ids}) AND employee.is_active
    GROUP BY analysis.institution_id, target.employee_id, candidate.competency_id
) pair
GROUP BY pair.institution_id
"""


def gap_closure(year: int, institution_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Institution → (gaps in the year's AKPK, of which closed now).

    A gap is an (employee, competency) pair among the AKPK's targets; it is closed when the
    employee's latest assessment of the competency (by ``assessed_on``, then id) reaches the
    level a target of that pair requires (the lowest one, if several candidates name it).
    The pairs are formed first, so the latest level is looked up once per pair.
    """
    if not institution_ids:
        return {}
    sql = GAP_CLOSURE_SQL.format(
        assessment=CompetencyAssessment._meta.db_table,
        target=NeedTarget._meta.db_table,
        candidate=NeedCandidate._meta.db_table,
        analysis=NeedsAnalysis._meta.db_table,
        employee=Employee._meta.db_table,
        ids=", ".join(["%s"] * len(institution_ids)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, *institution_ids])
        return {pk: (gaps, closed or 0) for pk, gaps, closed in cursor.fetchall()}


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

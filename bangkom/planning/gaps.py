"""Competency gaps (DOMAIN.md §7.1): ``gap = required level − assessed level``.

- The assessed level is the latest assessment (by ``assessed_on``, then by id) of the
  employee for the competency, whatever its source.
- No assessment means the level is *unknown*: it is counted apart and never treated as a
  gap of the whole required level.
- A negative gap (above standard) is no shortfall: averages in the aggregate views are
  averages of the shortfall ``max(gap, 0)`` over the employees whose level is known, and
  ``with_gap`` counts the employees with a gap > 0.
- Only employees holding a position from the Anjab (``EmployeeAssignment``) have a standard
  to compare with; inactive employees are left out.

The arithmetic is pure (``gap_of``, ``GapCell``); the loaders read a whole institution in a
fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from bangkom.accounts.models import Employee, Institution
from bangkom.planning.choices import AssessmentSource
from bangkom.planning.models import (
    Competency,
    CompetencyAssessment,
    EmployeeAssignment,
    Position,
    PositionRequirement,
)

TWO_PLACES = Decimal("0.01")
# Heat-map shades by average shortfall: 0 → none, up to 0.5, 1, 1.5, more.
HEAT_STEPS = (Decimal("0"), Decimal("0.5"), Decimal("1"), Decimal("1.5"))


def gap_of(required: int | None, assessed: int | None) -> int | None:
    """``required − assessed``; None when either is unknown."""
    if required is None or assessed is None:
        return None
    return required - assessed


@dataclass(frozen=True)
class GapLine:
    """One competency of one employee."""

    competency: Competency
    required: int | None
    assessed: int | None
    source: str = ""
    assessed_on: object = None

    @property
    def gap(self) -> int | None:
        return gap_of(self.required, self.assessed)

    @property
    def source_label(self) -> str:
        return str(AssessmentSource(self.source).label) if self.source else ""

    @property
    def status(self) -> str:
        """``gap``, ``met`` (at or above standard), ``unknown`` or ``not_required``."""
        if self.required is None:
            return "not_required"
        if self.assessed is None:
            return "unknown"
        return "gap" if self.required > self.assessed else "met"


@dataclass
class GapCell:
    """Aggregate of one competency over a group of employees who must have it."""

    employees: int = 0
    assessed: int = 0
    with_gap: int = 0
    shortfall_total: int = 0

    def add(self, required: int, assessed: int | None) -> None:
        self.employees += 1
        if assessed is None:
            return
        self.assessed += 1
        gap = required - assessed
        if gap > 0:
            self.with_gap += 1
            self.shortfall_total += gap

    @property
    def unknown(self) -> int:
        return self.employees - self.assessed

    @property
    def average_gap(self) -> Decimal | None:
        """Average shortfall over the employees whose level is known (None: nobody)."""
        if not self.assessed:
            return None
        return (Decimal(self.shortfall_total) / self.assessed).quantize(TWO_PLACES, ROUND_HALF_UP)

    @property
    def heat(self) -> int | None:
        """Shade 0–4 for the heat map; None when no level is known."""
        average = self.average_gap
        if average is None:
            return None
        return sum(1 for step in HEAT_STEPS if average > step)


# --- loaders --------------------------------------------------------------------------------


def latest_levels(employees: Q) -> dict[tuple[int, int], tuple[int, str, object]]:
    """(employee id, competency id) → (level, source, assessed_on) of the latest assessment.

    ``employees`` filters ``CompetencyAssessment.employee`` (e.g. ``Q(institution=x)``);
    one query.
    """
    rows = (
        CompetencyAssessment.objects.filter(
            employee__in=Employee.objects.filter(employees).values("pk")
        )
        .order_by("employee_id", "competency_id", "-assessed_on", "-id")
        .values_list("employee_id", "competency_id", "level", "source", "assessed_on")
    )
    latest: dict[tuple[int, int], tuple[int, str, object]] = {}
    for employee_id, competency_id, level, source, assessed_on in rows:
        latest.setdefault((employee_id, competency_id), (level, source, assessed_on))
    return latest


def requirements_of(position_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """position id → {competency id: required level}; one query."""
    required: dict[int, dict[int, int]] = defaultdict(dict)
    rows = PositionRequirement.objects.filter(position_id__in=list(position_ids)).values_list(
        "position_id", "competency_id", "required_level"
    )
    for position_id, competency_id, level in rows:
        required[position_id][competency_id] = level
    return required


@dataclass(frozen=True)
class EmployeeGaps:
    employee: Employee
    position: Position | None
    lines: list[GapLine]

    @property
    def gaps(self) -> list[GapLine]:
        return [line for line in self.lines if line.status == "gap"]

    @property
    def unknown(self) -> list[GapLine]:
        return [line for line in self.lines if line.status == "unknown"]


def employee_gaps(employee: Employee) -> EmployeeGaps:
    """The employee's required and assessed level for every competency of their position,
    then any other competency they were assessed on (no standard, so no gap)."""
    assignment = (
        EmployeeAssignment.objects.select_related("position").filter(employee=employee).first()
    )
    position = assignment.position if assignment else None
    required = requirements_of([position.pk])[position.pk] if position else {}
    levels = {
        competency_id: value
        for (_employee_id, competency_id), value in latest_levels(Q(pk=employee.pk)).items()
    }
    competencies = Competency.objects.in_bulk(set(required) | set(levels))
    lines = []
    for competency_id in sorted(
        competencies,
        key=lambda pk: (
            pk not in required,
            competencies[pk].competency_type,
            competencies[pk].name,
        ),
    ):
        level, source, assessed_on = levels.get(competency_id, (None, "", None))
        lines.append(
            GapLine(
                competencies[competency_id],
                required.get(competency_id),
                level,
                source,
                assessed_on,
            )
        )
    return EmployeeGaps(employee, position, lines)


@dataclass(frozen=True)
class Holder:
    """An active employee with a position: what the aggregate views iterate over."""

    employee_id: int
    position_id: int
    position_name: str
    unit_name: str


def holders(employees: Q) -> list[Holder]:
    """Active employees matching ``employees`` that hold a position; one query."""
    rows = (
        EmployeeAssignment.objects.filter(
            employee__in=Employee.objects.filter(employees, is_active=True).values("pk")
        )
        .order_by("employee_id")
        .values_list("employee_id", "position_id", "position__name", "employee__unit__name")
    )
    return [Holder(e, p, name, unit or "") for e, p, name, unit in rows]


@dataclass(frozen=True)
class GapItem:
    """An employee who falls short of a competency's standard (gap > 0)."""

    employee_id: int
    competency_id: int
    required: int
    assessed: int

    @property
    def gap(self) -> int:
        return self.required - self.assessed


def gap_items(employees: Q) -> list[GapItem]:
    """Every (employee, competency) with a known gap > 0 among ``employees``; 3 queries."""
    people = holders(employees)
    required = requirements_of({h.position_id for h in people})
    levels = latest_levels(employees)
    items = []
    for holder in people:
        for competency_id, level in required.get(holder.position_id, {}).items():
            known = levels.get((holder.employee_id, competency_id))
            if known is not None and level > known[0]:
                items.append(GapItem(holder.employee_id, competency_id, level, known[0]))
    return items


@dataclass
class GapMatrix:
    """Competencies (rows) × groups (columns: positions or units) of ``GapCell``."""

    competencies: list[Competency]
    columns: list[tuple[str, str]]  # (key, label)
    cells: dict[tuple[int, str], GapCell]
    totals: dict[int, GapCell]
    employees: int = 0
    unassigned: int = 0
    column_sizes: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[dict]:
        """Rows ready for a template: the competency, its total and one cell per column."""
        return [
            {
                "competency": competency,
                "total": self.totals[competency.pk],
                "cells": [self.cells.get((competency.pk, key)) for key, _label in self.columns],
            }
            for competency in self.competencies
        ]

    def chart_data(self) -> dict:
        """JSON for the chart: per competency, employees with a gap and with unknown level."""
        return {
            "labels": [c.name for c in self.competencies],
            "with_gap": [self.totals[c.pk].with_gap for c in self.competencies],
            "unknown": [self.totals[c.pk].unknown for c in self.competencies],
            "met": [
                self.totals[c.pk].assessed - self.totals[c.pk].with_gap for c in self.competencies
            ],
        }


def gap_matrix(employees: Q, *, by: str = "position") -> GapMatrix:
    """Aggregate gaps of ``employees`` by position (``by="position"``) or unit ("unit").

    Five queries whatever the number of employees, positions or competencies.
    """
    people = holders(employees)
    required = requirements_of({h.position_id for h in people})
    levels = latest_levels(employees)
    cells: dict[tuple[int, str], GapCell] = defaultdict(GapCell)
    totals: dict[int, GapCell] = defaultdict(GapCell)
    labels: dict[str, str] = {}
    sizes: dict[str, int] = defaultdict(int)
    for holder in people:
        key = str(holder.position_id) if by == "position" else holder.unit_name
        labels[key] = holder.position_name if by == "position" else (holder.unit_name or "—")
        sizes[key] += 1
        for competency_id, level in required.get(holder.position_id, {}).items():
            known = levels.get((holder.employee_id, competency_id))
            assessed = known[0] if known else None
            cells[(competency_id, key)].add(level, assessed)
            totals[competency_id].add(level, assessed)
    competencies = sorted(
        Competency.objects.filter(pk__in=list(totals)),
        key=lambda c: (c.competency_type, c.name),
    )
    columns = sorted(labels.items(), key=lambda item: item[1])
    active = Employee.objects.filter(employees, is_active=True).count()
    return GapMatrix(
        competencies=competencies,
        columns=columns,
        cells=dict(cells),
        totals=dict(totals),
        employees=len(people),
        unassigned=active - len(people),
        column_sizes=dict(sizes),
    )


def institution_gaps(institution: Institution, *, by: str = "position") -> GapMatrix:
    """The gap matrix of an institution's active employees."""
    return gap_matrix(Q(institution=institution), by=by)


def position_gaps(position: Position, *, institution: Institution | None = None) -> GapMatrix:
    """The gaps of a position's holders (of one institution, if given), one column."""
    scope = Q(planning_assignment__position=position)
    if institution is not None:
        scope &= Q(institution=institution)
    return gap_matrix(scope, by="position")


@dataclass
class HolderSummary:
    """One holder's gaps in a list: how many competencies fall short, by how much in all."""

    employee: Employee
    position_name: str
    with_gap: int = 0
    unknown: int = 0
    shortfall_total: int = 0


def holder_summaries(employees: Q, *, limit: int = 200) -> list[HolderSummary]:
    """Per holder among ``employees`` (first ``limit`` by name): gap counts; 4 queries."""
    people = holders(employees)
    required = requirements_of({h.position_id for h in people})
    levels = latest_levels(employees)
    staff = Employee.objects.select_related("institution").in_bulk([h.employee_id for h in people])
    summaries = []
    for holder in people:
        summary = HolderSummary(staff[holder.employee_id], holder.position_name)
        for competency_id, level in required.get(holder.position_id, {}).items():
            known = levels.get((holder.employee_id, competency_id))
            if known is None:
                summary.unknown += 1
            elif level > known[0]:
                summary.with_gap += 1
                summary.shortfall_total += level - known[0]
        summaries.append(summary)
    summaries.sort(key=lambda s: (-s.shortfall_total, s.employee.name))
    return summaries[:limit]

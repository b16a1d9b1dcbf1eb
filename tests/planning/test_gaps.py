"""Gap arithmetic (DOMAIN.md §7.1): gap = required − assessed, unknown kept apart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q

from bangkom.planning.gaps import GapCell, employee_gaps, gap_items, gap_of, institution_gaps
from tests.planning.factories_planning import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_gap_is_required_minus_assessed_and_unknown_when_either_is_missing():
    assert gap_of(4, 2) == 2
    assert gap_of(3, 4) == -1
    assert gap_of(3, None) is None
    assert gap_of(None, 3) is None


def test_cell_averages_the_shortfall_over_assessed_employees_only():
    cell = GapCell()
    cell.add(3, 2)  # gap 1
    cell.add(3, 1)  # gap 2
    cell.add(3, 5)  # above standard: shortfall 0, not -2
    cell.add(3, None)  # unknown: not a gap of 3
    assert (cell.employees, cell.assessed, cell.with_gap, cell.unknown) == (4, 3, 2, 1)
    assert cell.average_gap == Decimal("1.00")
    assert cell.heat == 2


def test_cell_with_nobody_assessed_has_no_average_and_no_shade():
    cell = GapCell()
    cell.add(4, None)
    assert cell.average_gap is None
    assert cell.heat is None


def test_employee_gaps_use_the_latest_assessment_and_show_unknown_apart(world):
    e1 = employee_gaps(world.e1)
    assert [(line.competency.code, line.gap, line.status) for line in e1.lines] == [
        ("MJ-KOM", 1, "gap"),  # latest assessment is 2, not the earlier 1
        ("MJ-OPH", 1, "gap"),
    ]
    e3 = employee_gaps(world.e3)
    assert {line.competency.code: line.status for line in e3.lines} == {
        "MJ-KOM": "met",
        "MJ-OPH": "unknown",
    }
    assert [line.competency.code for line in e3.unknown] == ["MJ-OPH"]
    assert e3.gaps == []


def test_later_entry_on_the_same_day_wins(world):
    AssessmentFactory(employee=world.e2, competency=world.a, level=3, assessed_on=date(2026, 6, 1))
    assert employee_gaps(world.e2).lines[0].gap == 0


def test_assessment_without_a_standard_is_shown_but_is_no_gap(world):
    from tests.curriculum.factories import CompetencyFactory

    other = CompetencyFactory(code="SK-PB", name="Perekat Bangsa")
    AssessmentFactory(employee=world.e1, competency=other, level=1)
    line = employee_gaps(world.e1).lines[-1]
    assert (line.competency.code, line.required, line.gap, line.status) == (
        "SK-PB",
        None,
        None,
        "not_required",
    )


def test_gap_items_list_only_known_positive_gaps(world):
    items = {
        (i.employee_id, i.competency_id): i.gap for i in gap_items(Q(institution=world.institution))
    }
    assert items == {
        (world.e1.pk, world.a.pk): 1,
        (world.e1.pk, world.b.pk): 1,
        (world.e2.pk, world.a.pk): 2,
    }


def test_institution_matrix_aggregates_by_position(world):
    matrix = institution_gaps(world.institution)
    a, b = matrix.totals[world.a.pk], matrix.totals[world.b.pk]
    assert (a.employees, a.assessed, a.with_gap, a.average_gap) == (3, 3, 2, Decimal("1.00"))
    assert (b.employees, b.assessed, b.with_gap, b.unknown, b.average_gap) == (
        3,
        2,
        1,
        1,
        Decimal("0.50"),
    )
    assert matrix.columns == [(str(world.position.pk), world.position.name)]
    assert matrix.employees == 3
    assert matrix.chart_data()["with_gap"] == [2, 1]


def test_inactive_and_other_institutions_employees_are_left_out(world, other_institution):
    from tests.accounts.factories import EmployeeFactory
    from tests.planning.factories_planning import AssignmentFactory

    world.e2.is_active = False
    world.e2.save()
    outsider = EmployeeFactory(institution=other_institution)
    AssignmentFactory(employee=outsider, position=world.position)
    AssessmentFactory(employee=outsider, competency=world.a, level=1)
    matrix = institution_gaps(world.institution)
    assert matrix.totals[world.a.pk].employees == 2
    assert matrix.totals[world.a.pk].with_gap == 1


def test_matrix_by_unit_groups_columns_by_unit(world):
    from tests.accounts.factories import UnitFactory

    unit = UnitFactory(institution=world.institution, name="Biro Pemerintahan")
    world.e1.unit = unit
    world.e1.save()
    matrix = institution_gaps(world.institution, by="unit")
    assert sorted(label for _key, label in matrix.columns) == ["Biro Pemerintahan", "—"]
    assert matrix.cells[(world.a.pk, "Biro Pemerintahan")].with_gap == 1

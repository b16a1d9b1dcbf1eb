"""The small hand-computed dataset of the gap and needs tests.

Position P requires A (Komunikasi) = 3 and B (Orientasi pada Hasil) = 3.
- e1: A 2 (gap 1), B 2 (gap 1)
- e2: A 1 (gap 2), B 3 (meets)
- e3: A 4 (above standard), B not assessed (unknown)
Program X targets A at 3 and B at 3; program Y targets A at 2 and B at 2.
Cover rule (target ≥ assessed + 1):
- X-A covers e1 and e2: headcount 2, gaps 1 + 2 = 3, average 1.50  → rank 1
- Y-A covers e2 only (e1 is already at 2): headcount 1, gap 2, average 2.00 → rank 2
- X-B covers e1: headcount 1, gap 1, average 1.00 → rank 3
- Y-B covers nobody (e1 is at 2 already): no candidate
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from bangkom.curriculum.models import ProgramCompetency
from bangkom.planning.choices import CompetencyType
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.curriculum.factories import CompetencyFactory, ProgramFactory
from tests.planning.factories_planning import (
    AssessmentFactory,
    AssignmentFactory,
    PositionFactory,
    RequirementFactory,
)


@dataclass
class World:
    institution: object
    position: object
    a: object
    b: object
    e1: object
    e2: object
    e3: object
    x: object
    y: object


@pytest.fixture
def world(home_institution):
    a = CompetencyFactory(
        code="MJ-KOM", name="Komunikasi", competency_type=CompetencyType.MANAJERIAL
    )
    b = CompetencyFactory(
        code="MJ-OPH", name="Orientasi pada Hasil", competency_type=CompetencyType.MANAJERIAL
    )
    position = PositionFactory(code="JAB-P", name="Analis Kebijakan Ahli Muda")
    RequirementFactory(position=position, competency=a, required_level=3)
    RequirementFactory(position=position, competency=b, required_level=3)
    e1, e2, e3 = (
        EmployeeFactory(institution=home_institution, name=f"Pegawai {n}") for n in (1, 2, 3)
    )
    for employee in (e1, e2, e3):
        AssignmentFactory(employee=employee, position=position)
    # e1 was at 1 earlier; the latest assessment (2) counts
    AssessmentFactory(employee=e1, competency=a, level=1, assessed_on=date(2025, 1, 10))
    AssessmentFactory(employee=e1, competency=a, level=2, assessed_on=date(2026, 1, 10))
    AssessmentFactory(employee=e1, competency=b, level=2)
    AssessmentFactory(employee=e2, competency=a, level=1)
    AssessmentFactory(employee=e2, competency=b, level=3)
    AssessmentFactory(employee=e3, competency=a, level=4)
    x = ProgramFactory(code="PRG-X", title="Program X")
    y = ProgramFactory(code="PRG-Y", title="Program Y")
    for program, level in ((x, 3), (y, 2)):
        ProgramCompetency.objects.create(program=program, competency=a, target_level=level)
        ProgramCompetency.objects.create(program=program, competency=b, target_level=level)
    return World(home_institution, position, a, b, e1, e2, e3, x, y)


@pytest.fixture
def world_pimpinan(world):
    from bangkom.accounts.choices import Role

    return UserFactory(institution=world.institution, roles=[Role.PIMPINAN])

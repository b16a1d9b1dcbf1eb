"""Is an offering ready to run? Warnings for managers, never refusals.

Issue "facilitators": an offering warns when a subject has no verified facilitator;
issue "curriculum": when the subjects' JP do not add up to the program's total JP.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bangkom.curriculum.models import Offering, Program, Subject
from bangkom.curriculum.programs import jp_mismatch


@dataclass(frozen=True)
class Readiness:
    subjects_without_verified_facilitator: list[Subject]
    jp_difference: Decimal
    has_subjects: bool

    @property
    def has_warnings(self) -> bool:
        return bool(
            self.subjects_without_verified_facilitator
            or self.jp_difference
            or not self.has_subjects
        )


def _program_of(offering_or_program: Offering | Program) -> Program:
    if isinstance(offering_or_program, Offering):
        return offering_or_program.program
    return offering_or_program


def subjects_without_verified_facilitator(
    offering_or_program: Offering | Program,
) -> list[Subject]:
    """The program's subjects none of whose facilitators has verified qualifications."""
    program = _program_of(offering_or_program)
    return list(
        Subject.objects.filter(program=program)
        .exclude(facilitators__facilitator_profile__is_verified=True)
        .order_by("order")
    )


def readiness(offering_or_program: Offering | Program) -> Readiness:
    """Every warning of an offering (or its program) in one object for the detail pages."""
    program = _program_of(offering_or_program)
    missing = subjects_without_verified_facilitator(program)
    has_subjects = bool(missing) or program.subjects.exists()
    return Readiness(
        subjects_without_verified_facilitator=missing,
        jp_difference=jp_mismatch(program),
        has_subjects=has_subjects,
    )

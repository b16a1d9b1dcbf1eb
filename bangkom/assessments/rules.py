"""Default rules of the three assessment kinds, with their source (DOMAIN.md S-1 R3–R6).

These are the defaults ``setup.configure_assessment`` fills in when a manager leaves a
rule empty; each assessment stores its own values and each attempt snapshots them at start.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bangkom.assessments.choices import AssessmentKind

PLACEMENT_PASS_MARK = Decimal("85")  # DOMAIN.md S-1 R3: pre-assessment, passing grade ≥ 85
PLACEMENT_MAX_ATTEMPTS = 1  # DOMAIN.md S-1 R3: one attempt only, no remedial
SUBJECT_PASS_MARK = Decimal("70")  # DOMAIN.md S-1 R4: per-material exam, passing grade 70
SUBJECT_MAX_ATTEMPTS = 5  # DOMAIN.md S-1 R4: remedial until passed, at most 5 attempts
# DOMAIN.md S-1 R6 and open item 8: the numeric pass mark of the final ujikom is not stated
# (only "kompeten", implied < 85), so it is configurable; 70 is the default.
FINAL_PASS_MARK = Decimal("70")
FINAL_MAX_ATTEMPTS = 3  # DOMAIN.md S-1 R6: final competency test by CAT, at most 3 attempts

DEFAULT_DURATION_MINUTES = 60
MAX_DURATION_MINUTES = 600  # a sitting longer than ten hours is a typing mistake


@dataclass(frozen=True)
class KindDefaults:
    passing_score: Decimal
    max_attempts: int


DEFAULTS: dict[str, KindDefaults] = {
    AssessmentKind.PLACEMENT: KindDefaults(PLACEMENT_PASS_MARK, PLACEMENT_MAX_ATTEMPTS),
    AssessmentKind.SUBJECT: KindDefaults(SUBJECT_PASS_MARK, SUBJECT_MAX_ATTEMPTS),
    AssessmentKind.FINAL: KindDefaults(FINAL_PASS_MARK, FINAL_MAX_ATTEMPTS),
}


def defaults_for(kind: str) -> KindDefaults:
    """The seed's pass mark and attempt limit of an assessment kind."""
    return DEFAULTS[kind]

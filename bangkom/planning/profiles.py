"""Competency profiles (issue "planning" item 3): the assessed level of an employee for a
competency, with its source and date. Assessments are never edited: a new one is added and
the latest (by date, then by entry) counts (see ``gaps.py``).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from bangkom.accounts.models import Employee, User
from bangkom.planning.choices import AssessmentSource
from bangkom.planning.errors import PlanningErrorCode, PlanningInvalid
from bangkom.planning.models import Competency, CompetencyAssessment
from bangkom.planning.positions import check_level

NOTE_MAX = 2000


def record_assessment(
    employee: Employee,
    *,
    competency: Competency,
    level: int,
    source: str,
    assessed_on: date,
    note: str = "",
    by: User | None,
    today: date,
) -> CompetencyAssessment:
    """Add an assessed level 1–5 from a known source, dated today or earlier."""
    level = check_level(level)
    if source not in AssessmentSource.values:
        raise PlanningInvalid(
            PlanningErrorCode.INVALID_ASSESSMENT,
            _("Sumber penilaian tidak dikenal."),
            field="source",
        )
    if assessed_on > today:
        raise PlanningInvalid(
            PlanningErrorCode.INVALID_ASSESSMENT,
            _("Tanggal penilaian tidak boleh di masa depan."),
            field="assessed_on",
        )
    if len(note) > NOTE_MAX:
        raise PlanningInvalid(
            PlanningErrorCode.INVALID_ASSESSMENT, _("Catatan terlalu panjang."), field="note"
        )
    return CompetencyAssessment.objects.create(
        employee=employee,
        competency=competency,
        level=level,
        source=source,
        assessed_on=assessed_on,
        note=note.strip(),
        recorded_by=by,
    )

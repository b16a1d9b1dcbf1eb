"""Survey results for the dashboards, from the evaluation context (DOMAIN.md S-1 R13, R15).

Only the evaluation context reads responses; it returns Likert rows in aggregate and
nothing below its anonymity threshold, so no single answer can reach a dashboard.
"""

from __future__ import annotations

from bangkom.curriculum.models import Offering
from bangkom.evaluation.reporting import LikertRow, likert_summary_for_offering


def survey_rows(offering: Offering) -> list[LikertRow]:
    """The offering's Likert rows by instrument and item ([] below the threshold)."""
    return likert_summary_for_offering(offering)

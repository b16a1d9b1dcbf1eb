"""Thresholds of the evaluation context, each with its source.

Settings override the defaults when present (``BANGKOM_SURVEY_MIN_RESPONSES``,
``BANGKOM_IMPACT_SURVEY_WEEKS``): read through these functions, never directly.
"""

from __future__ import annotations

from django.conf import settings

# Issue 8: results only in aggregate, and only once at least 5 people have answered.
DEFAULT_MIN_RESPONSES = 5
# DOMAIN.md §8: L3 survey N months after the certificate, "e.g. 3 months" = 12 weeks.
DEFAULT_IMPACT_WEEKS = 12
REMINDER_INTERVAL_DAYS = 7
MAX_REMINDERS = 2
# DOMAIN.md §8: 5-point default scale.
DEFAULT_SCALE_LABELS = (
    "Sangat tidak setuju",
    "Tidak setuju",
    "Ragu-ragu",
    "Setuju",
    "Sangat setuju",
)
OPEN_ANSWER_MAX_CHARS = 2000
EVIDENCE_TYPES = ("pdf", "jpg", "png", "docx")


def min_responses() -> int:
    """Fewest responses before any number of an instrument is shown."""
    return max(1, int(getattr(settings, "SURVEY_MIN_RESPONSES", DEFAULT_MIN_RESPONSES)))


def default_impact_weeks() -> int:
    return max(1, int(getattr(settings, "IMPACT_SURVEY_WEEKS", DEFAULT_IMPACT_WEEKS)))


def evidence_max_bytes() -> int:
    return int(getattr(settings, "MAX_DOCUMENT_MB", 50)) * 1024 * 1024

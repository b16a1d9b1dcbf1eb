"""Attendance of an offering in aggregate (issue 8 item 4; DOMAIN.md S-1 R9).

Built on the records of ``learning.attendance`` (one per enrolment and participant-local
day, by check-in or study activity). Figures: participants present at least once, the
average number of days present per participant, that average as a share of the learning
window's days, and the number of participants present on each day (for the chart).
Three grouped queries whatever the number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q

from bangkom.curriculum.models import Offering
from bangkom.learning.attendance import learning_days
from bangkom.learning.choices import AttendanceSource
from bangkom.learning.models import AttendanceRecord
from bangkom.reports.funnel import counted_enrollments, share


@dataclass(frozen=True)
class DayCount:
    day: date
    present: int
    checked_in: int


@dataclass(frozen=True)
class AttendanceSummary:
    participants: int
    present_once: int
    average_days: float | None
    window_days: int
    days: tuple[DayCount, ...]

    @property
    def present_share(self) -> float | None:
        return share(self.present_once, self.participants)

    @property
    def average_share(self) -> float | None:
        """Average days present as a percentage of the learning window's days."""
        if self.average_days is None or not self.window_days:
            return None
        return round(100 * self.average_days / self.window_days, 1)


def attendance_summary(offering: Offering) -> AttendanceSummary:
    """Attendance figures of the offering's approved, non-trial participants."""
    per_enrollment = counted_enrollments(offering).annotate(
        days_present=Count("attendance")  # one row per enrolment and day: no DISTINCT needed
    )
    totals = per_enrollment.aggregate(
        participants=Count("pk"),
        present_once=Count("pk", filter=Q(days_present__gt=0)),
        average_days=Avg("days_present"),
    )
    days = (
        AttendanceRecord.objects.filter(enrollment__in=counted_enrollments(offering))
        .values("day")
        .annotate(
            present=Count("pk"),
            checked_in=Count("pk", filter=Q(source=AttendanceSource.CHECK_IN)),
        )
        .order_by("day")
    )
    average = totals["average_days"]
    return AttendanceSummary(
        participants=totals["participants"],
        present_once=totals["present_once"],
        average_days=None if average is None else round(float(average), 1),
        window_days=len(learning_days(offering)),
        days=tuple(DayCount(row["day"], row["present"], row["checked_in"]) for row in days),
    )

"""Attendance (absensi, DOMAIN.md S-1 R9): a daily check-in during the learning window, plus
attendance derived from study activity; the per-offering matrix and its XLSX export.

A day is the participant's own calendar day (WIB/WITA/WIT): a check-in at 23.30 WIB and one
at 00.30 WIT an hour later can be two different days. One record per enrolment and day
(a database constraint); an explicit check-in upgrades a day first seen through activity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bangkom.common.exports import xlsx_bytes
from bangkom.common.timezones import to_local
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import AttendanceSource, EnrollmentStatus
from bangkom.learning.models import AttendanceRecord, Enrollment


def local_day(enrollment: Enrollment, *, now: datetime) -> date:
    """The participant's calendar day at ``now``, in their own time zone."""
    return to_local(now, enrollment.participant.time_zone_name).date()


def check_in(enrollment: Enrollment, *, now: datetime) -> AttendanceRecord:
    """Record the participant's daily check-in; refused outside the learning window.

    Idempotent per local day: a second check-in the same day returns the first record.
    """
    from bangkom.learning.study import ensure_can_study  # study records activity through us

    ensure_can_study(enrollment, now=now)
    record = _record(enrollment, now=now, source=AttendanceSource.CHECK_IN)
    if record.source != AttendanceSource.CHECK_IN:
        record.source = AttendanceSource.CHECK_IN
        record.save(update_fields=["source"])
    return record


def record_activity(enrollment: Enrollment, *, now: datetime) -> AttendanceRecord:
    """Count study activity as attendance for the participant's day (never downgrades)."""
    return _record(enrollment, now=now, source=AttendanceSource.ACTIVITY)


def checked_in_today(enrollment: Enrollment, *, now: datetime) -> bool:
    return AttendanceRecord.objects.filter(
        enrollment=enrollment,
        day=local_day(enrollment, now=now),
        source=AttendanceSource.CHECK_IN,
    ).exists()


def _record(enrollment: Enrollment, *, now: datetime, source: str) -> AttendanceRecord:
    day = local_day(enrollment, now=now)
    try:
        with transaction.atomic():
            record, _created = AttendanceRecord.objects.get_or_create(
                enrollment=enrollment, day=day, defaults={"source": source, "first_seen_at": now}
            )
    except IntegrityError:  # a parallel request created the day first
        record = AttendanceRecord.objects.get(enrollment=enrollment, day=day)
    return record


@dataclass(frozen=True)
class AttendanceRow:
    enrollment: Enrollment
    cells: tuple[str | None, ...]  # AttendanceSource value per day, or None when absent

    @property
    def days_present(self) -> int:
        return sum(cell is not None for cell in self.cells)


@dataclass(frozen=True)
class AttendanceMatrix:
    days: tuple[date, ...]
    rows: tuple[AttendanceRow, ...]


def attendance_enrollments(offering: Offering) -> list[Enrollment]:
    """Approved, non-trial enrolments of an offering, by participant name."""
    return list(
        Enrollment.objects.filter(
            offering=offering, status=EnrollmentStatus.ENROLLED, is_trial=False
        )
        .select_related("participant__employee__institution")
        .order_by("participant__name", "pk")
    )


def learning_days(offering: Offering) -> list[date]:
    """Calendar days of the learning window, in the zone the schedule was planned in."""
    first = to_local(offering.starts_at, offering.time_zone).date()
    last = to_local(offering.ends_at, offering.time_zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def attendance_matrix(
    offering: Offering, *, enrollments: Sequence[Enrollment] | None = None
) -> AttendanceMatrix:
    """Participants × days with the source of each day's attendance.

    ``enrollments`` limits the rows (a page of them); by default every approved, non-trial
    participant. Days are the learning window plus any day recorded outside it (a
    participant in WIT is a day ahead of the WIB schedule around midnight).
    """
    if enrollments is None:
        enrollments = attendance_enrollments(offering)
    records = AttendanceRecord.objects.filter(
        enrollment_id__in=[e.pk for e in enrollments]
    ).values_list("enrollment_id", "day", "source")
    by_key = {(enrollment_id, day): source for enrollment_id, day, source in records}
    days = sorted(set(learning_days(offering)) | {day for _pk, day in by_key})
    rows = tuple(
        AttendanceRow(e, tuple(by_key.get((e.pk, day)) for day in days)) for e in enrollments
    )
    return AttendanceMatrix(days=tuple(days), rows=rows)


def attendance_xlsx(offering: Offering) -> bytes:
    """The attendance matrix as a spreadsheet: one row per participant, one column per day."""
    matrix = attendance_matrix(offering)
    labels = {
        AttendanceSource.CHECK_IN: _("Absen"),
        AttendanceSource.ACTIVITY: _("Aktivitas"),
    }
    header = [
        _("NIP"),
        _("Nama"),
        _("Instansi"),
        *[day.strftime("%d-%m-%Y") for day in matrix.days],
        _("Jumlah hari hadir"),
    ]
    rows = (
        [
            row.enrollment.participant.nip,
            row.enrollment.participant.name,
            str(row.enrollment.participant.institution or ""),
            *[labels.get(cell, "") for cell in row.cells],
            row.days_present,
        ]
        for row in matrix.rows
    )
    return xlsx_bytes({_("Absensi"): (header, rows)})

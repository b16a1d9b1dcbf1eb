"""Attendance (absensi): one check-in per local day during the learning window, attendance
from study activity, the manager's matrix and its XLSX export (DOMAIN.md S-1 R9)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse

from bangkom.common.errors import DomainError
from bangkom.learning.attendance import (
    attendance_matrix,
    attendance_xlsx,
    check_in,
    record_activity,
)
from bangkom.learning.choices import AttendanceSource
from bangkom.learning.models import AttendanceRecord
from tests.conftest import logged_in_client
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_study import running_offering

pytestmark = pytest.mark.django_db

BEFORE_MIDNIGHT_WIB = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)  # 23.30 WIB, 01.30 WIT next day
AFTER_MIDNIGHT_WIB = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)  # 00.30 WIB, 02.30 WIT


@pytest.fixture
def offering():
    return running_offering(
        enrollment_opens_at=datetime(2026, 11, 1, tzinfo=UTC),
        enrollment_closes_at=datetime(2026, 11, 20, tzinfo=UTC),
        starts_at=datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 10, 10, 0, tzinfo=UTC),
    )


def enrolled(user, offering, **kwargs):
    return EnrollmentFactory(participant=user, offering=offering, **kwargs)


def test_check_in_is_once_per_day_and_idempotent(peserta, offering):
    enrollment = enrolled(peserta, offering)
    first = check_in(enrollment, now=BEFORE_MIDNIGHT_WIB)
    again = check_in(enrollment, now=BEFORE_MIDNIGHT_WIB + timedelta(minutes=10))
    assert first.pk == again.pk
    assert first.first_seen_at == BEFORE_MIDNIGHT_WIB
    assert AttendanceRecord.objects.count() == 1


def test_midnight_in_wib_starts_a_new_day_for_a_wib_participant(peserta, offering):
    enrollment = enrolled(peserta, offering)  # Jawa Barat: WIB
    check_in(enrollment, now=BEFORE_MIDNIGHT_WIB)
    check_in(enrollment, now=AFTER_MIDNIGHT_WIB)
    days = list(AttendanceRecord.objects.values_list("day", flat=True).order_by("day"))
    assert days == [date(2026, 12, 1), date(2026, 12, 2)]


def test_a_wit_participant_is_already_in_the_next_day_at_the_same_instants(peserta_lain, offering):
    enrollment = enrolled(peserta_lain, offering)  # Papua: WIT
    check_in(enrollment, now=BEFORE_MIDNIGHT_WIB)
    check_in(enrollment, now=AFTER_MIDNIGHT_WIB)
    days = list(AttendanceRecord.objects.values_list("day", flat=True))
    assert days == [date(2026, 12, 2)]


def test_check_in_outside_the_learning_window_is_refused(peserta, offering):
    enrollment = enrolled(peserta, offering)
    with pytest.raises(DomainError) as early:
        check_in(enrollment, now=offering.starts_at - timedelta(minutes=1))
    assert early.value.code == "learning_not_started"
    with pytest.raises(DomainError) as late:
        check_in(enrollment, now=offering.ends_at + timedelta(minutes=1))
    assert late.value.code == "learning_ended"
    assert not AttendanceRecord.objects.exists()


def test_a_trial_enrolment_may_check_in_any_time(pengelola, offering):
    enrollment = enrolled(pengelola, offering, is_trial=True)
    assert check_in(enrollment, now=offering.starts_at - timedelta(days=3))


def test_a_pending_enrolment_cannot_check_in(peserta, offering):
    enrollment = enrolled(peserta, offering, status="pending")
    with pytest.raises(DomainError):
        check_in(enrollment, now=BEFORE_MIDNIGHT_WIB)


def test_check_in_upgrades_a_day_first_seen_through_activity(peserta, offering):
    enrollment = enrolled(peserta, offering)
    record_activity(enrollment, now=BEFORE_MIDNIGHT_WIB)
    check_in(enrollment, now=BEFORE_MIDNIGHT_WIB + timedelta(minutes=5))
    record = AttendanceRecord.objects.get()
    assert record.source == AttendanceSource.CHECK_IN
    assert record.first_seen_at == BEFORE_MIDNIGHT_WIB


def test_activity_never_downgrades_a_check_in(peserta, offering):
    enrollment = enrolled(peserta, offering)
    check_in(enrollment, now=BEFORE_MIDNIGHT_WIB)
    record_activity(enrollment, now=BEFORE_MIDNIGHT_WIB + timedelta(minutes=5))
    assert AttendanceRecord.objects.get().source == AttendanceSource.CHECK_IN


def test_matrix_has_a_row_per_approved_participant_and_a_column_per_day(
    peserta, peserta_lain, pengelola, offering
):
    mine = enrolled(peserta, offering)
    theirs = enrolled(peserta_lain, offering)
    enrolled(pengelola, offering, is_trial=True)  # testers are not participants
    check_in(mine, now=BEFORE_MIDNIGHT_WIB)
    record_activity(theirs, now=BEFORE_MIDNIGHT_WIB)

    matrix = attendance_matrix(offering)

    assert [row.enrollment for row in matrix.rows] == sorted(
        [mine, theirs], key=lambda e: e.participant.name
    )
    assert matrix.days[0] == date(2026, 11, 30)
    assert matrix.days[-1] == date(2026, 12, 10)
    by_enrollment = {row.enrollment.pk: row for row in matrix.rows}
    dec1, dec2 = matrix.days.index(date(2026, 12, 1)), matrix.days.index(date(2026, 12, 2))
    assert by_enrollment[mine.pk].cells[dec1] == AttendanceSource.CHECK_IN
    assert by_enrollment[theirs.pk].cells[dec2] == AttendanceSource.ACTIVITY
    assert by_enrollment[mine.pk].days_present == 1


def test_xlsx_export_has_one_row_per_participant(peserta, offering):
    enrollment = enrolled(peserta, offering)
    check_in(enrollment, now=BEFORE_MIDNIGHT_WIB)
    sheet = openpyxl.load_workbook(io.BytesIO(attendance_xlsx(offering))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("NIP", "Nama", "Instansi")
    assert "01-12-2026" in rows[0]
    assert rows[1][0] == peserta.nip
    assert rows[1][rows[0].index("01-12-2026")] == "Absen"
    assert rows[1][-1] == 1


def test_manager_sees_the_attendance_page_and_downloads_xlsx(pengelola, peserta, offering):
    enrolled(peserta, offering)
    client = logged_in_client(pengelola)
    page = client.get(reverse("learning:offering-attendance", args=[offering.pk]))
    assert page.status_code == 200
    assert peserta.name in page.content.decode()
    export = client.get(reverse("learning:offering-attendance-xlsx", args=[offering.pk]))
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment;")


def test_participant_and_facilitator_cannot_see_attendance(peserta, widyaiswara, offering):
    url = reverse("learning:offering-attendance", args=[offering.pk])
    assert logged_in_client(peserta).get(url).status_code == 404
    assert logged_in_client(widyaiswara).get(url).status_code == 404


def test_check_in_button_records_the_day(peserta):
    enrollment = EnrollmentFactory(participant=peserta, offering=running_offering())
    client = logged_in_client(peserta)
    response = client.post(reverse("learning:check-in", args=[enrollment.pk]), follow=True)
    assert response.status_code == 200
    assert AttendanceRecord.objects.filter(
        enrollment=enrollment, source=AttendanceSource.CHECK_IN
    ).exists()
    assert "Sudah absen hari ini" in response.content.decode()

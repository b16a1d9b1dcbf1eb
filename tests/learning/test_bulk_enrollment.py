"""Bulk enrolment from XLSX: all rows or none, every bad row reported (B5, B10, B11)."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bangkom.learning.bulk_enrollment import bulk_enroll
from bangkom.learning.choices import EnrollmentSource, EnrollmentStatus
from bangkom.learning.models import Enrollment
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_catalogue import PendingEnrollmentFactory, xlsx_with_nips

pytestmark = pytest.mark.django_db


def run(values, offering, by, **kwargs):
    return bulk_enroll(xlsx_with_nips(values, **kwargs), offering, by=by, now=timezone.now())


def messages_by_row(result):
    return {issue.row: issue.message for issue in result.errors}


def test_valid_file_enrols_everyone_at_once(pengelola, home_institution):
    people = [UserFactory(institution=home_institution) for _ in range(3)]
    offering = OfferingFactory()

    result = run([p.nip for p in people], offering, pengelola)

    assert result.ok
    assert len(result.enrolled) == 3
    rows = Enrollment.objects.filter(offering=offering)
    assert {e.participant_id for e in rows} == {p.pk for p in people}
    assert {(e.status, e.source, e.decided_by_id) for e in rows} == {
        (EnrollmentStatus.ENROLLED, EnrollmentSource.MANAGER, pengelola.pk)
    }


def test_spaced_nips_are_accepted(pengelola, peserta):
    n = peserta.nip
    result = run([f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"], OfferingFactory(), pengelola)
    assert result.ok
    assert len(result.enrolled) == 1


def test_one_bad_row_writes_nothing_and_is_listed(pengelola, peserta, home_institution):
    good = UserFactory(institution=home_institution)
    offering = OfferingFactory()

    result = run([good.nip, "12345", peserta.nip], offering, pengelola)

    assert not result.ok
    assert set(messages_by_row(result)) == {3}
    assert "18 angka" in messages_by_row(result)[3]
    assert not Enrollment.objects.exists()


def test_every_kind_of_row_error_is_reported(pengelola, home_institution, other_institution):
    offering = OfferingFactory()
    offering.eligible_institutions.add(home_institution)
    unregistered = EmployeeFactory.build().nip
    no_account = EmployeeFactory(institution=home_institution)
    inactive = UserFactory(institution=home_institution)
    inactive.employee.is_active = False
    inactive.employee.save()
    outsider = UserFactory(institution=other_institution)
    fine = UserFactory(institution=home_institution)

    result = run(
        [fine.nip, unregistered, no_account.nip, inactive.nip, outsider.nip, fine.nip],
        offering,
        pengelola,
    )

    errors = messages_by_row(result)
    assert errors == {
        3: "NIP tidak terdaftar di data induk pegawai.",
        4: "NIP terdaftar tetapi belum memiliki akun Bangkom.",
        5: "Pegawai berstatus tidak aktif di data induk pegawai.",
        6: "Instansinya bukan instansi sasaran.",
        7: "NIP ganda: sama dengan baris 2.",
    }
    assert not Enrollment.objects.exists()


def test_numeric_nip_cells_are_refused_with_format_as_text(pengelola, peserta):
    result = run([int(peserta.nip)], OfferingFactory(), pengelola)
    assert not result.ok
    assert "format as Text" in result.errors[0].message
    assert not Enrollment.objects.exists()


def test_already_enrolled_rows_are_skipped_not_errors(pengelola, home_institution):
    offering = OfferingFactory()
    enrolled = EnrollmentFactory(
        offering=offering, participant=UserFactory(institution=home_institution)
    )
    pending = PendingEnrollmentFactory(
        offering=offering, participant=UserFactory(institution=home_institution)
    )
    new = UserFactory(institution=home_institution)

    result = run([enrolled.participant.nip, pending.participant.nip, new.nip], offering, pengelola)

    assert result.ok
    assert [issue.row for issue in result.skipped] == [2]
    assert {issue.nip for issue in result.enrolled} == {pending.participant.nip, new.nip}
    pending.refresh_from_db()
    assert pending.status == EnrollmentStatus.ENROLLED  # the manager's list approves it


def test_window_does_not_apply_but_capacity_does(pengelola, home_institution):
    now = timezone.now()
    offering = OfferingFactory(
        capacity=2,
        enrollment_opens_at=now - timedelta(days=9),
        enrollment_closes_at=now - timedelta(days=1),
    )
    EnrollmentFactory(offering=offering)
    people = [UserFactory(institution=home_institution) for _ in range(2)]

    result = run([p.nip for p in people], offering, pengelola)

    assert not result.ok
    assert result.errors[0].row == 0
    assert "Kuota tersisa 1" in result.errors[0].message
    assert Enrollment.objects.filter(offering=offering).count() == 1


def test_file_without_a_nip_header_is_refused(pengelola, peserta):
    result = run([peserta.nip], OfferingFactory(), pengelola, header="nomor")
    assert not result.ok
    assert "kolom bernama nip" in result.errors[0].message


def test_not_an_xlsx_is_refused(pengelola):
    result = bulk_enroll(b"PK\x03\x04 broken", OfferingFactory(), by=pengelola, now=timezone.now())
    assert not result.ok
    assert result.errors[0].row == 0


def test_zip_bomb_is_refused_before_openpyxl_reads_it(pengelola):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 20_000_000)
    result = bulk_enroll(buffer.getvalue(), OfferingFactory(), by=pengelola, now=timezone.now())
    assert not result.ok
    assert "zip bomb" in result.errors[0].message


def test_upload_page_shows_row_errors_and_writes_nothing(pengelola, peserta):
    offering = OfferingFactory()
    upload = SimpleUploadedFile("peserta.xlsx", xlsx_with_nips([peserta.nip, "bukan-nip"]))

    response = logged_in_client(pengelola).post(
        reverse("learning:bulk-enroll", args=[offering.pk]), {"file": upload}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="bulk-errors"' in html
    assert "bukan-nip" in html
    assert not Enrollment.objects.exists()


def test_upload_page_enrols_a_valid_file(pengelola, peserta):
    offering = OfferingFactory()
    upload = SimpleUploadedFile("peserta.xlsx", xlsx_with_nips([peserta.nip]))
    response = logged_in_client(pengelola).post(
        reverse("learning:bulk-enroll", args=[offering.pk]), {"file": upload}
    )
    assert "1 pegawai didaftarkan" in response.content.decode()
    assert Enrollment.objects.get().participant == peserta


def test_upload_page_refuses_a_file_that_is_not_xlsx(pengelola):
    upload = SimpleUploadedFile("peserta.xlsx", b"nip\n199001012015031001\n")
    response = logged_in_client(pengelola).post(
        reverse("learning:bulk-enroll", args=[OfferingFactory().pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert "bukan jenis yang diizinkan" in response.content.decode()
    assert not Enrollment.objects.exists()

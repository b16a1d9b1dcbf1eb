"""The registry import in the browser: upload, row-by-row report, background run, downloads."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bangkom.accounts.models import Employee, ImportJob
from tests.accounts.factories import EmployeeFactory
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

HEADER = "nip,nama,tanggal_lahir,kode_instansi,unit_kerja,golongan\n"


def csv_upload(rows: list[str], name: str = "pegawai.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "\n".join(rows) + "\n").encode(), "text/csv")


def row_for(employee, institution) -> str:
    born = f"{employee.birth_date:%Y-%m-%d}"
    return f"{employee.nip},{employee.name},{born},{institution.code},Biro Umum,III/a"


def test_admin_imports_a_small_csv_and_sees_the_counts(admin_user, home_institution):
    people = EmployeeFactory.build_batch(3)
    client = logged_in_client(admin_user)

    response = client.post(
        reverse("accounts:import-start"),
        {"file": csv_upload([row_for(p, home_institution) for p in people])},
        follow=True,
    )

    assert "Impor berhasil: 3 pegawai baru, 0 diperbarui" in response.content.decode()
    assert Employee.objects.filter(nip__in=[p.nip for p in people]).count() == 3


def test_a_bad_row_shows_the_row_report_and_writes_nothing(admin_user, home_institution):
    good, bad = EmployeeFactory.build_batch(2)
    client = logged_in_client(admin_user)

    response = client.post(
        reverse("accounts:import-start"),
        {
            "file": csv_upload(
                [
                    row_for(good, home_institution),
                    f"{bad.nip[:-1]},Nama,1990-01-01,{home_institution.code},,",
                ]
            )
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Tidak ada data yang disimpan" in page
    assert 'data-testid="import-errors"' in page
    assert not Employee.objects.filter(nip=good.nip).exists()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert [e["row"] for e in job.errors] == [3]

    report = client.get(reverse("accounts:import-errors-xlsx", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert sheet.cell(row=2, column=1).value == 3


def test_large_files_run_in_the_background_with_a_progress_page(
    admin_user, home_institution, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_THRESHOLD_BYTES = 10
    people = EmployeeFactory.build_batch(2)
    client = logged_in_client(admin_user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("accounts:import-start"),
            {"file": csv_upload([row_for(p, home_institution) for p in people])},
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PENDING
    progress = client.get(response["Location"], headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in progress.content.decode()  # the page polls itself

    for callback in callbacks:  # the worker picks the task up (immediate backend in tests)
        callback()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    done = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done
    assert "Impor berhasil" in done


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pegawai.xls", b"x" * 10, "Format berkas tidak didukung"),
        ("kosong.csv", b"", "kosong"),
    ],
)
def test_unsupported_or_empty_upload_is_refused_on_the_form(admin_user, name, content, message):
    response = logged_in_client(admin_user).post(
        reverse("accounts:import-start"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_oversized_upload_is_refused(admin_user, settings):
    settings.MAX_IMPORT_UPLOAD_MB = 1
    big = SimpleUploadedFile("besar.csv", b"a" * (1024 * 1024 + 1))
    response = logged_in_client(admin_user).post(reverse("accounts:import-start"), {"file": big})
    assert "terlalu besar" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_template_download_is_an_xlsx_with_the_columns(admin_user):
    response = logged_in_client(admin_user).get(reverse("accounts:import-template"))
    assert response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:2] == ["nip", "nama"]

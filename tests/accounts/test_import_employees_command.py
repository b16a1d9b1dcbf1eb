"""The ``import_employees`` command and the ``run_employee_import`` task: thin entry points
over ``registry_import.import_employees`` (all rows or none, errors reported per row)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from bangkom.accounts.models import Employee, ImportJob, Institution
from bangkom.accounts.tasks import run_employee_import

pytestmark = pytest.mark.django_db

HEADER = ["nip", "nama", "tanggal_lahir", "kode_instansi"]


def nip_for(i: int) -> str:
    birth = date(1970, 1, 1) + timedelta(days=i)
    return f"{birth:%Y%m%d}{birth.year + 25}011{i % 999 + 1:03d}"


def registry_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def good_rows(count: int, *, code: str = "pemprov-jabar") -> list[list[str]]:
    return [
        [nip_for(i), f"Pegawai {i}", (date(1970, 1, 1) + timedelta(days=i)).isoformat(), code]
        for i in range(count)
    ]


@pytest.fixture
def jabar() -> Institution:
    return Institution.objects.create(
        code="pemprov-jabar",
        name="Pemerintah Provinsi Jawa Barat",
        kind="pemprov",
        province_code="32",
    )


@pytest.fixture
def jateng() -> Institution:
    return Institution.objects.create(
        code="pemprov-jateng",
        name="Pemerintah Provinsi Jawa Tengah",
        kind="pemprov",
        province_code="33",
    )


def run_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_employees", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- Command ------------------------------------------------------------------------------


def test_command_prints_a_one_line_summary(jabar: Institution, tmp_path: Path) -> None:
    path = tmp_path / "pegawai.csv"
    path.write_bytes(registry_csv(good_rows(3)))
    run_command(str(path))
    path.write_bytes(registry_csv(good_rows(5)))

    out, err = run_command(str(path))

    assert out.strip() == "Impor selesai: 2 pegawai baru, 3 diperbarui (5 baris)."
    assert err == ""
    assert Employee.objects.count() == 5


def test_command_failure_prints_every_error_and_writes_nothing(
    jabar: Institution, tmp_path: Path
) -> None:
    rows = good_rows(4)
    rows[1][1] = ""  # row 3: no name
    rows[3][3] = "tidak-ada"  # row 5: unknown institution
    path = tmp_path / "pegawai.csv"
    path.write_bytes(registry_csv(rows))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="tidak ada data yang disimpan"):
        call_command("import_employees", str(path), stdout=out, stderr=err)

    lines = err.getvalue().strip().splitlines()
    assert lines[0].startswith("Baris 3, kolom nama: ")
    assert lines[1].startswith("Baris 5, kolom kode_instansi: ")
    assert len(lines) == 2
    assert out.getvalue() == ""
    assert Employee.objects.count() == 0


def test_command_prints_whole_file_errors_without_a_row(tmp_path: Path) -> None:
    path = tmp_path / "pegawai.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_employees", str(path), stderr=err)

    assert err.getvalue().startswith("Format berkas tidak didukung")


def test_command_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ditemukan"):
        run_command(str(tmp_path / "tidak-ada.csv"))


def test_command_allow_transfers_moves_employees(
    jabar: Institution, jateng: Institution, tmp_path: Path
) -> None:
    path = tmp_path / "pegawai.csv"
    path.write_bytes(registry_csv(good_rows(1, code="pemprov-jateng")))
    run_command(str(path))
    path.write_bytes(registry_csv(good_rows(1)))

    with pytest.raises(CommandError):
        run_command(str(path))
    assert Employee.objects.get().institution == jateng

    run_command(str(path), "--allow-transfers")
    assert Employee.objects.get().institution == jabar


# --- Task ---------------------------------------------------------------------------------


def import_job(data: bytes, *, name: str = "pegawai.csv", **fields: object) -> ImportJob:
    return ImportJob.objects.create(
        file=ContentFile(data, name="upload.bin"), original_name=name, **fields
    )


def test_task_completes_the_job_with_counts(jabar: Institution) -> None:
    job = import_job(registry_csv(good_rows(250)))

    run_employee_import.enqueue(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.created_count, job.updated_count) == (250, 0)
    assert (job.total_rows, job.processed_rows, job.percent) == (250, 250, 100)
    assert job.errors == []
    assert job.finished_at is not None
    assert Employee.objects.count() == 250


def test_task_failing_file_leaves_the_job_failed_with_errors(jabar: Institution) -> None:
    rows = good_rows(3)
    rows[2][2] = "bukan tanggal"
    job = import_job(registry_csv(rows))

    run_employee_import.enqueue(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {"row": 4, "column": "tanggal_lahir", "message": job.errors[0]["message"]}
    ]
    assert "tidak valid" in job.errors[0]["message"]
    assert job.finished_at is not None
    assert Employee.objects.count() == 0


def test_task_uses_the_original_name_and_transfer_flag(
    jabar: Institution, jateng: Institution
) -> None:
    import_job(registry_csv(good_rows(1, code="pemprov-jateng")))
    run_employee_import.enqueue(ImportJob.objects.get().pk)
    job = import_job(registry_csv(good_rows(1)), name="PEGAWAI.CSV", allow_transfers=True)

    run_employee_import.enqueue(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Employee.objects.get().institution == jabar


def test_task_leaves_a_finished_job_alone(jabar: Institution) -> None:
    job = import_job(registry_csv(good_rows(2)), status=ImportJob.Status.SUCCEEDED)

    run_employee_import.enqueue(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.created_count == 0
    assert Employee.objects.count() == 0


def test_task_records_an_unexpected_crash_as_failed(
    jabar: Institution, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("bangkom.accounts.tasks.import_employees", crash)
    job = import_job(registry_csv(good_rows(1)))

    run_employee_import.enqueue(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["row"] == 0
    assert "kesalahan tak terduga" in job.errors[0]["message"]


def test_task_progress_is_written_while_validating(
    jabar: Institution, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bangkom.accounts import tasks

    seen: list[tuple[int, int]] = []
    real_import = tasks.import_employees

    def spying_import(*args: object, progress, **kwargs: object):
        def spy(done: int, total: int) -> None:
            progress(done, total)
            job = ImportJob.objects.get()
            seen.append((job.processed_rows, job.total_rows))

        return real_import(*args, progress=spy, **kwargs)

    monkeypatch.setattr(tasks, "import_employees", spying_import)
    job = import_job(registry_csv(good_rows(300)))

    run_employee_import.enqueue(job.pk)

    assert len(seen) >= 2
    assert seen[-1] == (300, 300)
    assert seen[0][1] >= 300

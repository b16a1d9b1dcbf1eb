"""Employee registry import from CSV/XLSX (RELIABILITY.md B5, B8-B12; DOMAIN.md S-1 R1).

Files are built in the test with csv/openpyxl; hostile XLSX files are made by rewriting
the parts of a valid one inside its zip.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.db import IntegrityError
from django.utils import timezone

from bangkom.accounts import registry_import
from bangkom.accounts.models import ApiToken, Employee, Institution, Unit, User
from bangkom.accounts.registry_import import (
    BATCH_SIZE,
    COLUMNS,
    MAX_STORED_ERRORS,
    RowError,
    employee_template_xlsx,
    error_report_xlsx,
    import_employees,
)

pytestmark = pytest.mark.django_db

HEADER = [column.name for column in COLUMNS]
NUMERIC_NIP_HINT = "format kolom NIP sebagai Teks"
INVALID_XLSX = "Berkas bukan XLSX yang valid"


# --- Building files -----------------------------------------------------------------------


def nip_for(i: int, *, female: bool = False, pppk: bool = False) -> str:
    """A valid, unique NIP per i: birth date varies, TMT at age 20 (>= 18th birthday)."""
    birth = date(1960, 1, 1) + timedelta(days=i)
    gender = "2" if female else "1"
    if pppk:
        return f"{birth:%Y%m%d}{birth.year + 20}21{gender}001"
    return f"{birth:%Y%m%d}{birth.year + 20}03{gender}001"


def birth_for(i: int) -> date:
    return date(1960, 1, 1) + timedelta(days=i)


def row_for(i: int, **overrides: object) -> dict[str, object]:
    row = {
        "nip": nip_for(i),
        "nama": f"Pegawai {i}",
        "jenis_kelamin": "L",
        "tempat_lahir": "Bandung",
        "tanggal_lahir": birth_for(i).isoformat(),
        "jenis_pegawai": "PNS",
        "kode_instansi": "pemprov-jabar",
        "unit_kerja": "Biro Umum",
        "jabatan": "Analis",
        "jenis_jabatan": "Fungsional",
        "golongan": "III/a",
        "email": f"pegawai{i}@example.go.id",
        "telepon": "0812-3456-7890",
        "aktif": "ya",
    }
    row.update(overrides)
    return row


def csv_file(
    rows: list[dict] | list[list],
    *,
    header: list[str] = HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return io.BytesIO(buffer.getvalue().encode(encoding))


def xlsx_workbook(rows: list[dict], *, header: list[str] = HEADER, title: str = "Pegawai"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # literal text, even "=..." (openpyxl would make a formula)
    return workbook


def xlsx_file(workbook: openpyxl.Workbook) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def rewrite_zip(data: bytes, changes: dict[str, bytes]) -> io.BytesIO:
    """Return the zip with some members replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in changes:
                target.writestr(info, source.read(info.filename))
        for name, content in changes.items():
            target.writestr(name, content)
    out.seek(0)
    return out


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


def errors_by_cell(result: registry_import.ImportResult) -> dict[tuple[int, str], str]:
    return {(error.row, error.column): error.message for error in result.errors}


# --- Good files ---------------------------------------------------------------------------


def test_good_csv_creates_every_employee_with_its_fields(jabar: Institution) -> None:
    rows = [row_for(i) for i in range(3)]
    rows[1].update(jenis_kelamin="P", nip=nip_for(1, female=True), golongan="iv-b", aktif="")

    result = import_employees(csv_file(rows), filename="pegawai.csv")

    assert result.ok, result.errors
    assert (result.created, result.updated, result.rows) == (3, 0, 3)
    employee = Employee.objects.get(nip=nip_for(1, female=True))
    assert employee.name == "Pegawai 1"
    assert employee.gender == "female"
    assert employee.birth_date == birth_for(1)
    assert employee.institution == jabar
    assert employee.unit.name == "Biro Umum"
    assert employee.rank == "IV/b"
    assert employee.position_type == "fungsional"
    assert employee.phone == "0812-3456-7890"
    assert employee.is_active is True
    assert Unit.objects.filter(institution=jabar).count() == 1


def test_good_xlsx_with_date_cells_creates_every_employee(jabar: Institution) -> None:
    rows = [
        row_for(i, tanggal_lahir=datetime.combine(birth_for(i), datetime.min.time()))
        for i in range(3)
    ]
    rows[2]["tanggal_lahir"] = birth_for(2).strftime("%d/%m/%Y")  # a text date cell

    result = import_employees(xlsx_file(xlsx_workbook(rows)), filename="Data Pegawai.XLSX")

    assert result.ok, result.errors
    assert result.created == 3
    assert [e.birth_date for e in Employee.objects.order_by("nip")] == [
        birth_for(i) for i in range(3)
    ]


def test_source_may_be_a_path(jabar: Institution, tmp_path: Path) -> None:
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_file([row_for(0)]).getvalue())

    result = import_employees(path, filename=path.name)

    assert result.created == 1


def test_reimport_updates_existing_rows_by_nip(jabar: Institution) -> None:
    import_employees(csv_file([row_for(0), row_for(1)]), filename="a.csv")
    first = Employee.objects.get(nip=nip_for(0))

    rows = [row_for(0, nama="Pegawai Nol", jabatan="Kepala Biro"), row_for(1), row_for(2)]
    result = import_employees(csv_file(rows), filename="b.csv")

    assert (result.created, result.updated, result.rows) == (1, 2, 3)
    assert Employee.objects.count() == 3
    first.refresh_from_db()
    assert (first.name, first.position_name) == ("Pegawai Nol", "Kepala Biro")


def test_reimporting_the_same_file_touches_nothing(jabar: Institution) -> None:
    rows = [row_for(i) for i in range(3)]
    import_employees(csv_file(rows), filename="a.csv")
    before = dict(Employee.objects.values_list("nip", "updated_at"))

    result = import_employees(csv_file(rows), filename="a.csv")

    assert (result.created, result.updated) == (0, 3)
    assert dict(Employee.objects.values_list("nip", "updated_at")) == before


def test_reimport_applies_the_same_change_to_many_rows(jabar: Institution) -> None:
    import_employees(csv_file([row_for(i) for i in range(5)]), filename="a.csv")
    renamed = [row_for(i, unit_kerja="Sekretariat Daerah", aktif="tidak") for i in range(5)]

    result = import_employees(csv_file(renamed), filename="b.csv")

    assert result.updated == 5
    assert set(Employee.objects.values_list("unit__name", "is_active")) == {
        ("Sekretariat Daerah", False)
    }


def test_reimport_keeps_values_of_columns_absent_from_the_file(jabar: Institution) -> None:
    import_employees(csv_file([row_for(0)]), filename="a.csv")
    header = ["nip", "nama", "tanggal_lahir", "kode_instansi"]

    result = import_employees(
        csv_file([row_for(0, nama="Nama Baru")], header=header), filename="b.csv"
    )

    assert result.updated == 1
    employee = Employee.objects.get()
    assert employee.name == "Nama Baru"
    assert (employee.email, employee.rank, employee.unit.name) == (
        "pegawai0@example.go.id",
        "III/a",
        "Biro Umum",
    )


@pytest.mark.parametrize(
    ("written", "stored"),
    [("JPT", "jpt"), ("jabatan pimpinan tinggi", "jpt"), ("Pengawas", "pengawas"), ("", "")],
)
def test_position_type_accepts_code_or_label(jabar: Institution, written: str, stored: str) -> None:
    result = import_employees(csv_file([row_for(0, jenis_jabatan=written)]), filename="a.csv")

    assert result.ok, result.errors
    assert Employee.objects.get().position_type == stored


def test_minimal_columns_derive_gender_type_and_active_from_the_nip(jabar: Institution) -> None:
    header = ["nip", "nama", "tanggal_lahir", "kode_instansi"]
    rows = [
        row_for(0, nip=nip_for(0, female=True)),
        row_for(1, nip=nip_for(1, pppk=True)),
    ]

    result = import_employees(csv_file(rows, header=header), filename="a.csv")

    assert result.ok, result.errors
    female = Employee.objects.get(nip=nip_for(0, female=True))
    pppk = Employee.objects.get(nip=nip_for(1, pppk=True))
    assert (female.gender, female.employee_type, female.is_active) == ("female", "pns", True)
    assert (pppk.gender, pppk.employee_type) == ("male", "pppk")
    assert female.unit is None


def test_english_aliases_and_loose_header_spelling_are_accepted(jabar: Institution) -> None:
    header = [" NIP ", "Name", "Birth-Date", "institution code", "Is Active", "Catatan"]
    rows = [[nip_for(0), "Budi", "1960-01-01", "pemprov-jabar", "tidak", "ignored column"]]

    result = import_employees(csv_file(rows, header=header), filename="a.csv")

    assert result.ok, result.errors
    assert Employee.objects.get().is_active is False


def test_semicolon_delimited_cp1252_csv_is_read(jabar: Institution) -> None:
    data = csv_file([row_for(0, nama="José Müller")], delimiter=";", encoding="cp1252")

    result = import_employees(data, filename="a.csv")

    assert result.ok, result.errors
    assert Employee.objects.get().name == "José Müller"


def test_utf8_bom_csv_header_is_recognised(jabar: Institution) -> None:
    data = csv_file([row_for(0, nama="Nyoman Ṣ")], encoding="utf-8-sig")

    result = import_employees(data, filename="a.csv")

    assert result.ok, result.errors
    assert Employee.objects.get().name == "Nyoman Ṣ"


def test_blank_lines_and_surrounding_spaces_are_ignored(jabar: Institution) -> None:
    text = (
        "\n"  # the header may follow blank rows
        " nip , nama ,tanggal_lahir, kode_instansi ,unit_kerja\n"
        f"  {nip_for(0)}  ,  Budi Santoso  , {birth_for(0)} , pemprov-jabar ,  Biro   Umum \n"
        ",,,,\n"
        "\n"
        f"{nip_for(1)},Siti,{birth_for(1)},pemprov-jabar,biro umum\n"
    )

    result = import_employees(io.BytesIO(text.encode()), filename="a.csv")

    assert result.ok, result.errors
    assert (result.created, result.rows) == (2, 2)
    assert Employee.objects.get(nip=nip_for(0)).name == "Budi Santoso"
    assert list(Unit.objects.values_list("name", flat=True)) == ["Biro Umum"]


def test_row_numbers_count_the_blank_lines_like_a_spreadsheet(jabar: Institution) -> None:
    text = f"nip,nama,tanggal_lahir,kode_instansi\n\n\n{nip_for(0)},,{birth_for(0)},pemprov-jabar\n"

    result = import_employees(io.BytesIO(text.encode()), filename="a.csv")

    assert [(e.row, e.column) for e in result.errors] == [(4, "nama")]


# --- Refusals: nothing is written ---------------------------------------------------------


def test_bad_rows_write_nothing_and_every_bad_row_is_reported(jabar: Institution) -> None:
    rows = [row_for(i) for i in range(8)]
    rows[1]["nip"] = "19860926201505100"  # 17 digits
    rows[2]["nama"] = ""
    rows[3]["tanggal_lahir"] = "31-02-1990"
    rows[3]["golongan"] = "V/a"
    rows[4]["kode_instansi"] = "tidak-ada"
    rows[5]["email"] = "bukan email"
    rows[6]["telepon"] = "0812;DROP"
    rows[7]["jenis_kelamin"] = "X"

    result = import_employees(csv_file(rows), filename="a.csv")

    assert not result.ok
    assert (result.created, result.updated) == (0, 0)
    assert Employee.objects.count() == 0
    assert Unit.objects.count() == 0
    assert set(errors_by_cell(result)) == {
        (3, "nip"),
        (4, "nama"),
        (5, "tanggal_lahir"),
        (5, "golongan"),
        (6, "kode_instansi"),
        (7, "email"),
        (8, "telepon"),
        (9, "jenis_kelamin"),
    }
    assert "18 angka" in errors_by_cell(result)[(3, "nip")]  # parse_nip's own message
    assert "tidak-ada" in errors_by_cell(result)[(6, "kode_instansi")]


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("nip", "", "NIP wajib diisi"),
        ("nip", "198609262015051000", "000"),  # serial 000 (Excel rounding leaves 000)
        ("tanggal_lahir", "", "wajib diisi"),
        ("tanggal_lahir", "kemarin", "tidak valid"),
        ("tanggal_lahir", "2999-01-01", "tidak masuk akal"),
        ("jenis_pegawai", "honorer", "PNS, CPNS, PPPK"),
        ("aktif", "mungkin", "ya atau tidak"),
        ("nama", "x" * 201, "200"),
        ("nama", "Budi\tSantoso", "karakter kontrol"),
        ("nama", "Bu\x9bdi", "karakter kontrol"),  # C1 control (CSI)
        ("jabatan", "Kepala\nBiro", "karakter kontrol"),
        ("telepon", "1" * 31, "30 karakter"),
        ("golongan", "III/f", "III/a"),
        ("jenis_jabatan", "Staf Ahli", "Pelaksana"),
    ],
)
def test_each_invalid_value_is_reported_at_its_cell(
    jabar: Institution, column: str, value: str, fragment: str
) -> None:
    result = import_employees(csv_file([row_for(0, **{column: value})]), filename="a.csv")

    assert Employee.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert fragment in result.errors[0].message


def test_missing_required_headers_are_listed_in_one_file_error(jabar: Institution) -> None:
    header = ["nip", "name", "unit"]

    result = import_employees(
        csv_file([[nip_for(0), "Budi", "Biro"]], header=header), filename="a.csv"
    )

    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column) == (0, "")
    assert "tanggal_lahir" in error.message
    assert "kode_instansi" in error.message
    assert "nip" not in error.message.split(":")[1].split(".")[0]


def test_header_not_on_the_first_filled_row_is_refused(jabar: Institution) -> None:
    text = (
        "DATA PEGAWAI 2026\n"
        "nip,nama,tanggal_lahir,kode_instansi\n"
        f"{nip_for(0)},A,{birth_for(0)},pemprov-jabar\n"
    )

    result = import_employees(io.BytesIO(text.encode()), filename="a.csv")

    assert "Kolom wajib tidak ditemukan" in result.errors[0].message
    assert Employee.objects.count() == 0


def test_duplicate_header_is_refused(jabar: Institution) -> None:
    header = ["nip", "nama", "name", "tanggal_lahir", "kode_instansi"]
    result = import_employees(
        csv_file([[nip_for(0), "A", "B", "1960-01-01", "pemprov-jabar"]], header=header),
        filename="a.csv",
    )

    assert "nama" in result.errors[0].message
    assert "lebih dari sekali" in result.errors[0].message


def test_empty_file_and_header_only_file_are_refused(jabar: Institution) -> None:
    empty = import_employees(io.BytesIO(b""), filename="a.csv")
    header_only = import_employees(csv_file([]), filename="a.csv")

    assert "kosong" in empty.errors[0].message
    assert "tidak berisi baris data" in header_only.errors[0].message


def test_duplicate_nip_in_file_names_the_earlier_row(jabar: Institution) -> None:
    rows = [row_for(0), row_for(1), row_for(0, nama="Lagi"), row_for(0, nama="Dan lagi")]
    rows[2]["nip"] = nip_for(0)[:8] + " " + nip_for(0)[8:]  # the same NIP written with a space

    result = import_employees(csv_file(rows), filename="a.csv")

    assert Employee.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [(4, "nip"), (5, "nip")]
    assert all("baris 2" in e.message for e in result.errors)


def test_nip_registered_in_another_institution_is_refused(
    jabar: Institution, jateng: Institution
) -> None:
    Employee.objects.create(
        nip=nip_for(0), name="Lama", gender="male", birth_date=birth_for(0), institution=jateng
    )

    result = import_employees(csv_file([row_for(0), row_for(1)]), filename="a.csv")

    assert [(e.row, e.column) for e in result.errors] == [(2, "nip")]
    assert result.errors[0].message == (
        "NIP sudah terdaftar di instansi lain (Pemerintah Provinsi Jawa Tengah); "
        "perpindahan instansi perlu persetujuan admin"
    )
    assert Employee.objects.get(nip=nip_for(0)).institution == jateng
    assert not Employee.objects.filter(nip=nip_for(1)).exists()


def test_transfer_is_applied_when_allowed(jabar: Institution, jateng: Institution) -> None:
    old_unit = Unit.objects.create(institution=jateng, name="Dinas Lama")
    Employee.objects.create(
        nip=nip_for(0),
        name="Lama",
        gender="male",
        birth_date=birth_for(0),
        institution=jateng,
        unit=old_unit,
    )
    header = ["nip", "nama", "tanggal_lahir", "kode_instansi"]

    result = import_employees(
        csv_file([row_for(0)], header=header), filename="a.csv", allow_transfers=True
    )

    assert (result.created, result.updated) == (0, 1)
    employee = Employee.objects.get()
    assert employee.institution == jabar
    assert employee.unit is None  # the old unit belongs to the old institution


def test_birth_date_disagreeing_with_the_nip_is_kept_and_flagged(jabar: Institution) -> None:
    result = import_employees(
        csv_file([row_for(0, tanggal_lahir="1975-05-05", jenis_kelamin="P")]), filename="a.csv"
    )

    assert result.ok, result.errors
    employee = Employee.objects.get()
    assert employee.birth_date == date(1975, 5, 5)
    assert employee.gender == "female"
    assert {m.field for m in employee.nip_mismatches} == {"birth_date", "gender"}


def test_unicode_names_are_stored_as_written(jabar: Institution) -> None:
    names = ["Siobhan O'Hara", "I Nyoman Ṣuarta", "Ani 😀 Rahma", "Dewi 👩‍💻 Sari", "Nguyễn Văn A"]
    rows = [row_for(i, nama=name) for i, name in enumerate(names)]

    result = import_employees(csv_file(rows), filename="a.csv")

    assert result.ok, result.errors
    assert sorted(Employee.objects.values_list("name", flat=True)) == sorted(names)


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "@SUM(1)", "+cmd|' /C calc'!A0", "-2+3"]
)
def test_formula_looking_text_is_stored_literally(jabar: Institution, text: str) -> None:
    rows = [row_for(0, nama=text, jabatan=text)]

    from_csv = import_employees(csv_file(rows), filename="a.csv")
    assert from_csv.ok, from_csv.errors
    assert Employee.objects.get().name == text
    Employee.objects.all().delete()

    from_xlsx = import_employees(xlsx_file(xlsx_workbook(rows)), filename="a.xlsx")
    assert from_xlsx.ok, from_xlsx.errors
    employee = Employee.objects.get()
    assert (employee.name, employee.position_name) == (text, text)


def test_ten_thousand_rows_with_one_bad_row_at_9999_write_nothing(jabar: Institution) -> None:
    rows = [row_for(i) for i in range(10_000)]
    rows[9_999 - 2]["tanggal_lahir"] = "99-99-9999"  # spreadsheet row 9,999

    result = import_employees(csv_file(rows), filename="a.csv")

    assert result.rows == 10_000
    assert [(e.row, e.column) for e in result.errors] == [(9_999, "tanggal_lahir")]
    assert Employee.objects.count() == 0
    assert Unit.objects.count() == 0


def test_error_list_is_capped_with_a_count_of_the_rest(jabar: Institution) -> None:
    rows = [row_for(i, nama="") for i in range(MAX_STORED_ERRORS + 5)]

    result = import_employees(csv_file(rows), filename="a.csv")

    assert len(result.errors) == MAX_STORED_ERRORS + 1
    assert result.errors[-1] == RowError(0, "", "…dan 5 kesalahan lain.")


def test_database_error_during_write_rolls_back_everything(
    jabar: Institution, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: one existing employee the file deactivates (so the write reaches the users step)
    import_employees(csv_file([row_for(0)]), filename="a.csv")
    rows = [row_for(0, aktif="tidak", nama="Baru")] + [row_for(i) for i in range(1, BATCH_SIZE + 5)]

    def fail(*args: object, **kwargs: object) -> None:
        raise IntegrityError("simulated")

    monkeypatch.setattr(registry_import, "_deactivate_users", fail)

    # when
    result = import_employees(csv_file(rows), filename="b.csv")

    # then: units, creates and updates of the same transaction are gone
    assert not result.ok
    assert Employee.objects.count() == 1
    employee = Employee.objects.get()
    assert (employee.name, employee.is_active) == ("Pegawai 0", True)


def test_nip_added_elsewhere_during_validation_is_refused(
    jabar: Institution, jateng: Institution
) -> None:
    def another_import_meanwhile(done: int, total: int) -> None:
        # validation finished, the write has not started
        if done == total and not Employee.objects.exists():
            Employee.objects.create(
                nip=nip_for(1), name="X", gender="male", birth_date=birth_for(1), institution=jateng
            )

    result = import_employees(
        csv_file([row_for(0), row_for(1)]), filename="a.csv", progress=another_import_meanwhile
    )

    assert "berubah" in result.errors[0].message
    assert Employee.objects.get().institution == jateng  # never overwritten


def test_employee_moved_elsewhere_during_validation_is_not_moved_back(
    jabar: Institution, jateng: Institution
) -> None:
    import_employees(csv_file([row_for(0)]), filename="a.csv")

    def admin_transfers_meanwhile(done: int, total: int) -> None:
        if done == total:
            Employee.objects.filter(nip=nip_for(0)).update(institution=jateng)

    result = import_employees(
        csv_file([row_for(0, nama="Baru"), row_for(1)]),
        filename="b.csv",
        progress=admin_transfers_meanwhile,
    )

    assert "berubah" in result.errors[0].message
    employee = Employee.objects.get()
    assert (employee.institution, employee.name) == (jateng, "Pegawai 0")


# --- Formats and XLSX specifics -----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["pegawai.xls", "pegawai.xlsm", "pegawai.ods", "pegawai.txt", "pegawai"]
)
def test_unsupported_formats_are_refused_by_extension(jabar: Institution, name: str) -> None:
    data = xlsx_file(xlsx_workbook([row_for(0)]))

    result = import_employees(data, filename=name)

    assert result.errors[0].message.startswith("Format berkas tidak didukung")
    assert Employee.objects.count() == 0


def test_file_over_the_upload_limit_is_refused(jabar: Institution, settings) -> None:
    settings.MAX_IMPORT_UPLOAD_MB = 1
    rows = [row_for(i, jabatan="x" * 150) for i in range(6_000)]  # > 1 MB

    result = import_employees(csv_file(rows), filename="a.csv")

    assert "melebihi batas 1 MB" in result.errors[0].message
    assert Employee.objects.count() == 0


def test_xlsx_sent_as_csv_is_refused_with_a_hint(jabar: Institution) -> None:
    result = import_employees(xlsx_file(xlsx_workbook([row_for(0)])), filename="a.csv")

    assert "bukan CSV" in result.errors[0].message


def test_xlsx_without_a_dimension_element_is_read_in_full(jabar: Institution) -> None:
    workbook = openpyxl.Workbook(write_only=True)  # writes no <dimension>, as some exporters
    sheet = workbook.create_sheet("Pegawai")
    sheet.append(HEADER)
    for i in range(300):
        sheet.append([row_for(i)[name] for name in HEADER])
    calls: list[tuple[int, int]] = []

    result = import_employees(
        xlsx_file(workbook), filename="a.xlsx", progress=lambda *a: calls.append(a)
    )

    assert result.ok, result.errors
    assert result.created == 300
    assert calls == [(300, 300)]  # no estimate without a dimension: only the final report


def test_xlsx_with_a_wrong_dimension_loses_no_rows(jabar: Institution) -> None:
    data = xlsx_file(xlsx_workbook([row_for(i) for i in range(5)])).getvalue()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"', sheet)

    result = import_employees(
        rewrite_zip(data, {"xl/worksheets/sheet1.xml": sheet}), filename="a.xlsx"
    )

    assert result.ok, result.errors
    assert result.created == 5


def test_extra_sheet_before_the_data_sheet_is_skipped(jabar: Institution) -> None:
    workbook = xlsx_workbook([row_for(0)], title="Data")
    notes = workbook.create_sheet("Catatan", 0)
    notes.append(["Daftar pegawai per Januari"])
    workbook.create_sheet("Kosong", 0)

    result = import_employees(xlsx_file(workbook), filename="a.xlsx")

    assert result.ok, result.errors
    assert result.created == 1


def test_sheet_named_pegawai_is_preferred(jabar: Institution) -> None:
    workbook = xlsx_workbook([row_for(0)], title="Lama")
    current = workbook.create_sheet("pegawai")
    current.append(HEADER)
    current.append([row_for(1)[name] for name in HEADER])

    result = import_employees(xlsx_file(workbook), filename="a.xlsx")

    assert result.ok, result.errors
    assert list(Employee.objects.values_list("nip", flat=True)) == [nip_for(1)]


def test_workbook_without_a_data_sheet_names_its_sheets(jabar: Institution) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Ringkasan"
    workbook.active.append(["total", 3])
    workbook.create_sheet("Grafik").append(["x"])

    result = import_employees(xlsx_file(workbook), filename="a.xlsx")

    assert "Ringkasan, Grafik" in result.errors[0].message


def test_merged_unit_cells_apply_to_every_row_they_cover(jabar: Institution) -> None:
    rows = [row_for(i, unit_kerja="Biro Umum" if i == 0 else None) for i in range(3)]
    workbook = xlsx_workbook(rows)
    unit_letter = openpyxl.utils.get_column_letter(HEADER.index("unit_kerja") + 1)
    workbook.active.merge_cells(f"{unit_letter}2:{unit_letter}4")
    workbook.active.merge_cells("N2:P2")  # widening into unknown columns is harmless

    result = import_employees(xlsx_file(workbook), filename="a.xlsx")

    assert result.ok, result.errors
    assert {e.unit.name for e in Employee.objects.select_related("unit")} == {"Biro Umum"}


def test_merged_cells_hiding_another_column_are_refused(jabar: Institution) -> None:
    workbook = xlsx_workbook([row_for(0), row_for(1)])
    workbook.active.merge_cells("B3:C3")  # nama over jenis_kelamin

    result = import_employees(xlsx_file(workbook), filename="a.xlsx")

    assert [(e.row, e.column) for e in result.errors] == [(3, "nama")]
    assert "B3:C3" in result.errors[0].message
    assert Employee.objects.count() == 0


def test_formula_cell_is_read_as_its_cached_value(jabar: Institution) -> None:
    workbook = xlsx_workbook([row_for(0, nama="placeholder")])
    data = xlsx_file(workbook).getvalue()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    # What Excel saves for =UPPER("budi santoso"): the formula and its cached result.
    sheet = re.sub(
        r'<c r="B2"[^>]*>.*?</c>',
        '<c r="B2" t="str"><f>UPPER("budi santoso")</f><v>BUDI SANTOSO</v></c>',
        sheet,
    )

    result = import_employees(
        rewrite_zip(data, {"xl/worksheets/sheet1.xml": sheet.encode()}), filename="a.xlsx"
    )

    assert result.ok, result.errors
    assert Employee.objects.get().name == "BUDI SANTOSO"


def test_numeric_nip_cell_is_refused_with_the_text_hint(jabar: Institution) -> None:
    workbook = xlsx_workbook([row_for(0), row_for(1)])
    workbook.active["A3"] = 198609262015051001  # typed into a General-format cell
    workbook.active["A3"].data_type = "n"

    result = import_employees(xlsx_file(workbook), filename="a.xlsx")

    assert [(e.row, e.column) for e in result.errors] == [(3, "nip")]
    assert NUMERIC_NIP_HINT in result.errors[0].message
    assert Employee.objects.count() == 0


def test_scientific_notation_nip_in_csv_gets_the_text_hint(jabar: Institution) -> None:
    result = import_employees(csv_file([row_for(0, nip="1.98609262015051E+17")]), filename="a.csv")

    assert NUMERIC_NIP_HINT in result.errors[0].message


def test_nip_with_apostrophe_prefix_is_accepted(jabar: Institution) -> None:
    result = import_employees(csv_file([row_for(0, nip="'" + nip_for(0))]), filename="a.csv")

    assert result.ok, result.errors
    assert Employee.objects.get().nip == nip_for(0)


def test_defusedxml_protects_openpyxl() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


SST_CONTENT_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE sst [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&i;</t></si></sst>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&xxe;</t></si></sst>"""
EXTERNAL_HTTP_ENTITY = EXTERNAL_ENTITY.replace(b"file:///etc/passwd", b"http://127.0.0.1:9/x")


def with_shared_strings(payload: bytes) -> io.BytesIO:
    """A valid workbook whose sharedStrings.xml (referenced by cell B2) is ``payload``."""
    data = xlsx_file(xlsx_workbook([row_for(0)])).getvalue()
    archive = zipfile.ZipFile(io.BytesIO(data))
    types = archive.read("[Content_Types].xml").replace(b"</Types>", SST_CONTENT_TYPE)
    sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = re.sub(r'<c r="B2"[^>]*>.*?</c>', '<c r="B2" t="s"><v>0</v></c>', sheet)
    return rewrite_zip(
        data,
        {
            "[Content_Types].xml": types,
            "xl/worksheets/sheet1.xml": sheet.encode(),
            "xl/sharedStrings.xml": payload,
        },
    )


def test_shared_strings_part_is_really_read() -> None:
    """Guard for the XML attack tests: a benign sharedStrings.xml ends up in the name."""
    benign = EXTERNAL_ENTITY.replace(
        b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', b""
    )
    data = with_shared_strings(benign.replace(b"&xxe;", b"Nama Dari SST"))
    Institution.objects.create(
        code="pemprov-jabar", name="Jabar", kind="pemprov", province_code="32"
    )

    result = import_employees(data, filename="a.xlsx")

    assert result.ok, result.errors
    assert Employee.objects.get().name == "Nama Dari SST"


def zip_slip() -> io.BytesIO:
    data = xlsx_file(xlsx_workbook([row_for(0)])).getvalue()
    return rewrite_zip(data, {"../../evil.txt": b"x"})


def symlink_entry() -> io.BytesIO:
    data = xlsx_file(xlsx_workbook([row_for(0)])).getvalue()
    out = rewrite_zip(data, {})
    with zipfile.ZipFile(out, "a") as archive:
        link = zipfile.ZipInfo("xl/media/link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    out.seek(0)
    return out


def many_entries() -> io.BytesIO:
    data = xlsx_file(xlsx_workbook([row_for(0)])).getvalue()
    return rewrite_zip(data, {f"xl/media/pad{i}.bin": b"" for i in range(10_001)})


def high_ratio() -> io.BytesIO:
    data = xlsx_file(xlsx_workbook([row_for(0)])).getvalue()
    return rewrite_zip(data, {"xl/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})


def truncated() -> io.BytesIO:
    data = xlsx_file(xlsx_workbook([row_for(0)])).getvalue()
    return io.BytesIO(data[: len(data) // 2])


def ole_file() -> io.BytesIO:
    # What an .xls or a password-protected .xlsx starts with: an OLE compound file.
    return io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: io.BytesIO(b"nip,nama\n1,2\n"), INVALID_XLSX),
        (truncated, INVALID_XLSX),
        (ole_file, INVALID_XLSX),
        (many_entries, "terlalu banyak bagian"),
        (high_ratio, "zip bomb"),
        (zip_slip, "tidak aman"),
        (symlink_entry, "tidak aman"),
        (lambda: with_shared_strings(BILLION_LAUGHS), INVALID_XLSX),
        (lambda: with_shared_strings(EXTERNAL_ENTITY), INVALID_XLSX),
        (lambda: with_shared_strings(EXTERNAL_HTTP_ENTITY), INVALID_XLSX),
    ],
    ids=[
        "not-a-zip",
        "truncated",
        "ole-or-password-protected",
        "too-many-entries",
        "compression-ratio",
        "zip-slip",
        "symlink-entry",
        "billion-laughs",
        "external-entity-file",
        "external-entity-http",
    ],
)
def test_hostile_or_broken_xlsx_is_refused_and_nothing_written(
    jabar: Institution, make, fragment: str
) -> None:
    result = import_employees(make(), filename="pegawai.xlsx")

    assert len(result.errors) == 1
    assert result.errors[0].row == 0
    assert fragment in result.errors[0].message
    assert Employee.objects.count() == 0


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_declarations_are_refused_by_defusedxml(
    jabar: Institution, payload: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="bangkom.accounts.registry_import")

    result = import_employees(with_shared_strings(payload), filename="a.xlsx")

    assert INVALID_XLSX in result.errors[0].message
    assert "EntitiesForbidden" in caplog.text  # defusedxml refused it, not a later failure


def test_xlsx_with_a_macro_part_is_refused(jabar: Institution) -> None:
    data = xlsx_file(xlsx_workbook([row_for(0)])).getvalue()

    result = import_employees(rewrite_zip(data, {"xl/vbaProject.bin": b"x"}), filename="a.xlsx")

    assert "makro" in result.errors[0].message


# --- Users, progress, reports, template ----------------------------------------------------


def test_deactivation_deactivates_the_linked_user_and_revokes_tokens(jabar: Institution) -> None:
    # given
    import_employees(csv_file([row_for(0), row_for(1)]), filename="a.csv")
    now = timezone.now()
    user = User.objects.create_user(nip_for(0), "rahasia-123", name="Pegawai 0")
    user.employee = Employee.objects.get(nip=nip_for(0))
    user.save()
    other = User.objects.create_user(nip_for(1), "rahasia-123", name="Pegawai 1")
    other.employee = Employee.objects.get(nip=nip_for(1))
    other.save()
    for owner in (user, other):
        ApiToken.objects.create(
            user=owner,
            token_hash=f"h{owner.pk}",
            created_at=now,
            expires_at=now + timedelta(hours=1),
        )

    # when
    result = import_employees(
        csv_file([row_for(0, aktif="nonaktif"), row_for(1)]), filename="b.csv"
    )

    # then
    assert result.ok, result.errors
    user.refresh_from_db()
    other.refresh_from_db()
    assert Employee.objects.get(nip=nip_for(0)).is_active is False
    assert user.is_active is False
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert other.is_active is True
    assert ApiToken.objects.filter(user=other, revoked_at__isnull=True).exists()

    # and reactivating the employee leaves the user for an admin to reactivate
    import_employees(csv_file([row_for(0, aktif="ya")]), filename="c.csv")
    user.refresh_from_db()
    assert Employee.objects.get(nip=nip_for(0)).is_active is True
    assert user.is_active is False


def test_progress_is_reported_in_steps_and_reaches_the_total(jabar: Institution) -> None:
    calls: list[tuple[int, int]] = []
    rows = [row_for(i) for i in range(500)]

    import_employees(
        xlsx_file(xlsx_workbook(rows)), filename="a.xlsx", progress=lambda *a: calls.append(a)
    )

    assert calls[-1] == (500, 500)
    assert 2 <= len(calls) <= 102
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_error_report_xlsx_lists_errors_with_formulas_neutralised() -> None:
    errors = [
        RowError(0, "", "Berkas kosong."),
        RowError(5, "nama", '=HYPERLINK("http://x","y")'),
    ]

    data = error_report_xlsx(errors)
    from_dicts = error_report_xlsx([{"row": 7, "column": "nip", "message": "@SUM(1)"}])

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Baris", "Kolom", "Pesan")
    assert rows[1] == (None, None, "Berkas kosong.")
    assert rows[2] == (5, "nama", '\'=HYPERLINK("http://x","y")')
    assert sheet["C3"].data_type == "s"
    assert list(openpyxl.load_workbook(io.BytesIO(from_dicts)).active.values)[1] == (
        7,
        "nip",
        "'@SUM(1)",
    )


def test_template_has_a_guide_and_its_example_row_imports_once_filled(jabar: Institution) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(employee_template_xlsx()))
    assert workbook.sheetnames == ["Pegawai", "Petunjuk"]
    sheet = workbook["Pegawai"]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet["A2"].number_format == "@"
    guide = [row[0] for row in workbook["Petunjuk"].iter_rows(min_row=2, values_only=True)]
    assert set(HEADER) <= set(guide)

    unfilled = import_employees(io.BytesIO(employee_template_xlsx()), filename="templat.xlsx")
    assert [(e.row, e.column) for e in unfilled.errors] == [(2, "kode_instansi")]

    sheet["G2"] = "pemprov-jabar"
    result = import_employees(xlsx_file(workbook), filename="templat.xlsx")
    assert result.ok, result.errors
    employee = Employee.objects.get()
    assert (employee.nip, employee.rank, employee.unit.name) == (
        "198609262015051001",
        "III/a",
        "Biro Umum",
    )

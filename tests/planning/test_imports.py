"""XLSX imports of the dictionary and the positions: all rows or none, errors per row."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bangkom.planning.competencies import (
    competency_template_xlsx,
    import_competencies_xlsx,
    seed_standard_competencies,
)
from bangkom.planning.models import Competency, Position, PositionRequirement
from bangkom.planning.positions import import_positions_xlsx, position_template_xlsx
from tests.conftest import logged_in_client
from tests.curriculum.factories import CompetencyFactory
from tests.planning.factories_planning import PositionFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list[object]], name: str = "data.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


COMPETENCY_HEADER = [
    "kode",
    "nama",
    "jenis",
    "deskripsi",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "level_5",
]
POSITION_HEADER = [
    "kode_jabatan",
    "nama_jabatan",
    "jenis_jabatan",
    "jenjang",
    "kelas_jabatan",
    "kode_instansi",
]


# --- competencies ---------------------------------------------------------------------------


def test_competency_import_creates_and_updates_by_code():
    CompetencyFactory(code="MJ-INT", name="Integritas lama")
    result = import_competencies_xlsx(
        xlsx(
            [
                COMPETENCY_HEADER,
                ["mj-int", "Integritas", "Manajerial", "", "L1", "L2", "L3", "L4", "L5"],
                ["PM-01", "Pemerintahan Umum", "pemerintahan", "Urusan umum", "", "", "", "", ""],
                ["SK-PB", "Perekat Bangsa", "Sosial Kultural", "", "a", "", "", "", ""],
            ]
        )
    )
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 1)
    integritas = Competency.objects.get(code="MJ-INT")
    assert integritas.name == "Integritas"
    assert integritas.level_descriptions == {"1": "L1", "2": "L2", "3": "L3", "4": "L4", "5": "L5"}
    assert Competency.objects.get(code="SK-PB").competency_type == "sosial_kultural"


@pytest.mark.parametrize(
    ("rows", "row", "column"),
    [
        ([["X-1", "Nama", "keuangan", "", "", "", "", "", ""]], 2, "jenis"),
        ([["", "Nama", "teknis", "", "", "", "", "", ""]], 2, "kode"),
        (
            [
                ["X-1", "Satu", "teknis", "", "", "", "", "", ""],
                ["x-1", "Dua", "teknis", "", "", "", "", "", ""],
            ],
            3,
            "kode",
        ),
    ],
    ids=["unknown-type", "blank-code", "duplicate-code"],
)
def test_malformed_competency_rows_write_nothing(rows, row, column):
    good = ["OK-1", "Baik", "teknis", "", "", "", "", "", ""]
    result = import_competencies_xlsx(xlsx([COMPETENCY_HEADER, good, *rows]))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(row + 1, column)]
    assert not Competency.objects.exists()


def test_competency_file_that_is_not_xlsx_is_refused():
    result = import_competencies_xlsx(SimpleUploadedFile("kamus.xlsx", b"kode,nama\nA,B\n"))
    assert not result.ok
    assert result.errors[0].row == 0
    assert not Competency.objects.exists()


def test_competency_file_without_the_header_is_refused():
    result = import_competencies_xlsx(xlsx([["MJ-INT", "Integritas", "manajerial"]]))
    assert not result.ok
    assert "kode" in result.errors[0].message
    assert not Competency.objects.exists()


def test_template_round_trips_the_dictionary():
    seed_standard_competencies()
    before = Competency.objects.count()
    upload = SimpleUploadedFile("t.xlsx", competency_template_xlsx())
    result = import_competencies_xlsx(upload)
    assert result.ok
    assert (result.created, result.updated) == (0, before)


def test_standard_dictionary_has_the_domain_competencies_and_is_idempotent():
    created = seed_standard_competencies()
    assert created == 22  # 8 manajerial + Perekat Bangsa + 6 pemerintahan + 7 teknis
    assert seed_standard_competencies() == 0
    managerial = Competency.objects.filter(competency_type="manajerial")
    assert sorted(managerial.values_list("name", flat=True)) == sorted(
        [
            "Integritas",
            "Kerja Sama",
            "Komunikasi",
            "Orientasi pada Hasil",
            "Pelayanan Publik",
            "Pengembangan Diri dan Orang Lain",
            "Mengelola Perubahan",
            "Pengambilan Keputusan",
        ]
    )
    perekat = Competency.objects.get(competency_type="sosial_kultural")
    assert perekat.name == "Perekat Bangsa"
    assert sorted(perekat.level_descriptions) == ["1", "2", "3", "4", "5"]


# --- positions ------------------------------------------------------------------------------


@pytest.fixture
def dictionary():
    return (
        CompetencyFactory(code="MJ-KOM", name="Komunikasi"),
        CompetencyFactory(code="MJ-INT", name="Integritas"),
    )


def test_position_import_creates_positions_with_their_required_levels(dictionary, home_institution):
    kom, integ = dictionary
    result = import_positions_xlsx(
        xlsx(
            [
                [*POSITION_HEADER, "MJ-KOM", "mj-int"],
                ["JAB-SEKWAN", "Sekretaris DPRD", "JPT", "JPT Pratama", 13, "pemprov-jabar", 4, 5],
                [
                    "JAB-AK",
                    "Analis Kebijakan Ahli Muda",
                    "Fungsional",
                    "Ahli Muda",
                    "9",
                    "",
                    3,
                    None,
                ],
            ]
        )
    )
    assert result.ok, result.errors
    assert result.created == 2
    sekwan = Position.objects.get(code="JAB-SEKWAN")
    assert (sekwan.position_type, sekwan.kelas_jabatan, sekwan.institution) == (
        "jpt",
        13,
        home_institution,
    )
    levels = dict(sekwan.requirements.values_list("competency__code", "required_level"))
    assert levels == {"MJ-KOM": 4, "MJ-INT": 5}
    analis = Position.objects.get(code="JAB-AK")
    assert analis.institution is None  # a generic position
    assert list(analis.requirements.values_list("competency_id", flat=True)) == [kom.pk]
    assert integ.pk not in analis.requirements.values_list("competency_id", flat=True)


def test_position_import_updates_and_replaces_requirements_of_listed_columns(dictionary):
    kom, integ = dictionary
    position = PositionFactory(code="JAB-AK", name="Lama", kelas_jabatan=8)
    RequirementFactory(position=position, competency=kom, required_level=2)
    RequirementFactory(position=position, competency=integ, required_level=2)
    result = import_positions_xlsx(
        xlsx([[*POSITION_HEADER, "MJ-KOM"], ["JAB-AK", "Baru", "Fungsional", "", 9, "", None]])
    )
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    position.refresh_from_db()
    assert (position.name, position.kelas_jabatan) == ("Baru", 9)
    # Komunikasi was listed and blank: no longer required; Integritas not listed: kept
    assert dict(position.requirements.values_list("competency__code", "required_level")) == {
        "MJ-INT": 2
    }


def _refused_positions(rows):
    result = import_positions_xlsx(xlsx(rows))
    assert not result.ok
    assert not Position.objects.exists()
    assert not PositionRequirement.objects.exists()
    return [(e.row, e.column) for e in result.errors]


GOOD_ROW = ["JAB-1", "Camat", "Administrator", "", 11, "", 3]


def test_unknown_competency_code_in_header_writes_nothing(dictionary):
    errors = _refused_positions([[*POSITION_HEADER, "MJ-KOM", "XX-99"], [*GOOD_ROW, 3]])
    assert errors == [(1, "XX-99")]


def test_level_outside_one_to_five_writes_nothing(dictionary):
    errors = _refused_positions(
        [[*POSITION_HEADER, "MJ-KOM"], GOOD_ROW, ["JAB-2", "Lurah", "Pelaksana", "", 7, "", 7]]
    )
    assert errors == [(3, "MJ-KOM")]


def test_bad_kelas_and_unknown_type_and_institution_write_nothing(dictionary):
    errors = _refused_positions(
        [
            [*POSITION_HEADER, "MJ-KOM"],
            GOOD_ROW,
            ["JAB-2", "Lurah", "Pelaksana", "", 18, "", 3],
            ["JAB-3", "Lurah", "Kepala", "", 7, "", 3],
            ["JAB-4", "Lurah", "Pelaksana", "", 7, "tidak-ada", 3],
        ]
    )
    assert errors == [(3, "kelas_jabatan"), (4, "jenis_jabatan"), (5, "kode_instansi")]


def test_duplicate_position_code_in_file_writes_nothing(dictionary):
    errors = _refused_positions([[*POSITION_HEADER, "MJ-KOM"], GOOD_ROW, GOOD_ROW])
    assert errors == [(3, "kode_jabatan")]


def test_position_file_that_is_not_xlsx_or_lacks_columns_is_refused(dictionary):
    result = import_positions_xlsx(SimpleUploadedFile("jabatan.xlsx", b"\x00" * 100))
    assert not result.ok
    assert result.errors[0].row == 0
    assert _refused_positions([["kode_jabatan", "nama_jabatan"], ["JAB-1", "Camat"]]) == [(0, "")]


def test_position_template_lists_the_dictionary_codes(dictionary):
    workbook = openpyxl.load_workbook(io.BytesIO(position_template_xlsx()))
    header = [cell.value for cell in workbook["Jabatan"][1]]
    assert header[:6] == POSITION_HEADER
    assert sorted(header[6:]) == ["MJ-INT", "MJ-KOM"]


# --- the pages ------------------------------------------------------------------------------


def test_import_page_lists_row_errors_and_saves_nothing(pengelola, dictionary):
    client = logged_in_client(pengelola)
    upload = xlsx(
        [[*POSITION_HEADER, "MJ-KOM"], ["JAB-1", "Camat", "Administrator", "", 11, "", 9]]
    )
    response = client.post(reverse("planning:position-import"), {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tidak ada data yang disimpan" in body
    assert "MJ-KOM" in body
    assert not Position.objects.exists()


def test_import_page_success_redirects_to_the_list(pengelola):
    client = logged_in_client(pengelola)
    upload = xlsx([COMPETENCY_HEADER, ["TK-01", "Analisis Kebijakan", "teknis"]])
    response = client.post(reverse("planning:competency-import"), {"file": upload})
    assert response.status_code == 302
    assert Competency.objects.filter(code="TK-01").exists()


@pytest.mark.parametrize("route", ["planning:competency-template", "planning:position-template"])
def test_templates_download_as_xlsx(route, pengelola):
    response = logged_in_client(pengelola).get(reverse(route))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    openpyxl.load_workbook(io.BytesIO(response.content))

"""The XLSX item template: import with row errors and nothing written on any error, hostile
workbooks refused (RELIABILITY.md B5, B12, B13), export that imports back to the same items."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from bangkom.assessments.choices import ItemType
from bangkom.assessments.exporters import export_xlsx, template_xlsx
from bangkom.assessments.importers import import_items
from bangkom.assessments.importers.xlsx import COLUMNS
from bangkom.assessments.items import clean_content, exportable_items
from bangkom.assessments.models import Item
from tests.assessments.factories import ItemBankFactory
from tests.assessments.factories_bank import options_for, write_item
from tests.curriculum.factories import CompetencyFactory, SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject():
    return SubjectFactory(order=3, title="Manajemen Konflik")


@pytest.fixture
def bank(subject):
    return ItemBankFactory(program=subject.program)


def workbook(rows, header=COLUMNS, title="Soal"):
    """An XLSX with the header and rows (dicts by column); text cells stay text."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(column) for column in header])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=…" typed as text, not a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(bank, data, filename="soal.xlsx", **kwargs):
    return import_items(bank, data, filename=filename, by=None, now=timezone.now(), **kwargs)


SINGLE = {
    "tipe": "single",
    "pertanyaan": "Ibu kota Jawa Barat?",
    "pilihan_a": "Bandung",
    "pilihan_b": "Bogor",
    "kunci": "A",
}


def test_rows_of_every_type_import_with_keys_points_and_tags(bank, subject):
    competency = CompetencyFactory(code="MJR-02")
    rows = [
        {**SINGLE, "tingkat": "mudah", "mata_pelatihan": 3, "kompetensi": "MJR-02", "level": 2},
        {
            "tipe": "multiple",
            "pertanyaan": "Nilai BerAKHLAK?",
            "pilihan_a": "Akuntabel",
            "pilihan_b": "Loyal",
            "pilihan_c": "Cepat",
            "kunci": "A, B",
            "nilai_sebagian": "ya",
        },
        {
            "tipe": "true_false",
            "pertanyaan": "Perda dibuat DPRD bersama kepala daerah.",
            "kunci": "Benar",
        },
        {
            "tipe": "graded",
            "pertanyaan": "Sikap Anda?",
            "pilihan_a": "Diam",
            "pilihan_b": "Diskusi",
            "poin_a": 1,
            "poin_b": 5.0,
            "mata_pelatihan": "manajemen konflik",
            "bobot": 2,
        },
    ]

    result = run(bank, workbook(rows))

    assert result.ok, result.errors
    single, multiple, true_false, graded = Item.objects.filter(bank=bank).order_by("pk")
    assert (single.difficulty, single.subject, single.competency, single.competency_level) == (
        "mudah",
        subject,
        competency,
        2,
    )
    assert [o["correct"] for o in multiple.current_version.options] == [True, True, False]
    assert multiple.current_version.partial_credit is True
    assert true_false.current_version.options[0] == {"text": "Benar", "correct": True, "points": 0}
    assert [o["points"] for o in graded.current_version.options] == [1, 5]
    assert graded.subject == subject
    assert graded.current_version.weight == Decimal("2.00")


def test_the_downloadable_template_imports_as_it_is(bank):
    result = run(bank, template_xlsx())
    assert result.ok, result.errors
    assert sorted(Item.objects.values_list("item_type", flat=True)) == sorted(ItemType.values)


BROKEN_ROWS = [
    ("unknown type", {**SINGLE, "tipe": "essay"}, "Tipe soal tidak dikenal"),
    ("empty type", {**SINGLE, "tipe": None}, "Kolom tipe kosong"),
    ("missing key", {**SINGLE, "kunci": None}, "Tidak ada jawaban benar"),
    ("key not a letter", {**SINGLE, "kunci": "Jakarta"}, "Kunci tidak dikenal"),
    ("key to an empty option", {**SINGLE, "kunci": "D"}, "menunjuk pilihan yang kosong"),
    ("two keys in single", {**SINGLE, "kunci": "A,B"}, "tepat satu kunci"),
    ("empty stem", {**SINGLE, "pertanyaan": "  "}, "Pertanyaan kosong"),
    ("duplicate options", {**SINGLE, "pilihan_b": " bandung"}, "sama dengan pilihan A"),
    (
        "gap between options",
        {**SINGLE, "pilihan_b": None, "pilihan_c": "Bekasi"},
        "Pilihan B kosong",
    ),
    ("graded points", {**SINGLE, "tipe": "graded", "poin_a": 1, "poin_b": 9}, "Poin pilihan B"),
    (
        "graded points text",
        {**SINGLE, "tipe": "graded", "poin_a": "x", "poin_b": 2},
        "Poin pilihan A",
    ),
    ("partial yes/no", {**SINGLE, "nilai_sebagian": "mungkin"}, "nilai_sebagian"),
    ("unknown difficulty", {**SINGLE, "tingkat": "berat"}, "Tingkat kesulitan"),
    ("unknown subject", {**SINGLE, "mata_pelatihan": 99}, "Mata pelatihan tidak dikenal"),
    ("unknown competency", {**SINGLE, "kompetensi": "ZZ-9"}, "Kode kompetensi"),
    ("bad level", {**SINGLE, "level": "tinggi"}, "Level kompetensi"),
    ("bad weight", {**SINGLE, "bobot": -3}, "Bobot soal"),
]


@pytest.mark.parametrize(("case", "row", "message"), BROKEN_ROWS, ids=[b[0] for b in BROKEN_ROWS])
def test_each_kind_of_broken_row_gives_its_error_with_the_row_and_writes_nothing(
    bank, case, row, message
):
    result = run(bank, workbook([SINGLE, SINGLE | {"pertanyaan": "Soal dua?"}, row]))

    assert not result.ok
    found = [(e.line, e.message) for e in result.errors]
    assert any(line == 4 and message in text for line, text in found), found
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (("tipe", "pertanyaan", "pilihan_a", "warna"), "Kolom tidak dikenal: warna"),
        (("tipe", "pilihan_a", "pilihan_b", "kunci"), "Kolom wajib tidak ada: pertanyaan"),
        (("tipe", "pertanyaan", "kunci", "Kunci"), "Kolom kunci ganda"),
    ],
)
def test_header_problems_are_reported_on_row_one(bank, header, message):
    result = run(bank, workbook([SINGLE], header=header))
    assert any(e.line == 1 and message in e.message for e in result.errors), result.errors
    assert not Item.objects.exists()


def test_blank_rows_are_skipped_and_headers_are_matched_loosely(bank):
    header = ["Tipe", "Pertanyaan", "Pilihan A", "pilihan-b", "KUNCI"]
    data = workbook(
        [
            {
                "Tipe": "single",
                "Pertanyaan": "Q?",
                "Pilihan A": "x",
                "pilihan-b": "y",
                "KUNCI": "b",
            },
            {},
        ],
        header=header,
    )
    result = run(bank, data)
    assert result.ok, result.errors
    assert Item.objects.get().current_version.options[1]["correct"] is True


def test_formula_looking_text_is_stored_as_literal_text(bank):
    row = {**SINGLE, "pertanyaan": '=HYPERLINK("http://evil","klik")', "pilihan_a": "@SUM(A1)"}
    result = run(bank, workbook([row]))
    assert result.ok, result.errors
    version = Item.objects.get().current_version
    assert version.stem_html.startswith("=HYPERLINK(")
    assert version.options[0]["text"] == "@SUM(A1)"


@pytest.mark.parametrize(
    "data",
    [b"not a workbook", b"PK\x03\x04broken zip", b""],
    ids=["text", "broken zip", "empty"],
)
def test_a_file_that_is_no_workbook_is_refused_with_one_message(bank, data):
    result = run(bank, data)
    assert not result.ok
    assert result.errors[0].line == 0
    assert not Item.objects.exists()


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(bank):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (8 * 1024 * 1024))
    result = run(bank, buffer.getvalue())
    assert "zip bomb" in result.errors[0].message
    assert not Item.objects.exists()


def test_a_large_export_of_repetitive_items_is_not_mistaken_for_a_zip_bomb(bank):
    rows = [
        SINGLE | {"pertanyaan": f"Pertanyaan yang sama panjangnya nomor {n}?"} for n in range(2000)
    ]
    result = run(bank, workbook(rows))
    assert result.ok, result.errors[:3]
    assert result.created == 2000


def test_a_workbook_without_the_soal_sheet_uses_the_first_sheet(bank):
    result = run(bank, workbook([SINGLE], title="Lembar1"))
    assert result.ok, result.errors


# --- export and round trip --------------------------------------------------------------------


def snapshot(items):
    return [
        (
            item.item_type,
            item.current_version.stem_html,
            item.current_version.options,
            item.current_version.partial_credit,
            Decimal(item.current_version.weight),
            item.subject_id,
            item.competency_id,
            item.competency_level,
            item.difficulty,
        )
        for item in items
    ]


def test_export_then_import_gives_the_same_items_for_every_type(bank, subject):
    competency = CompetencyFactory(code="SOS-01")
    for item_type in ItemType.values:
        write_item(
            bank,
            item_type=item_type,
            stem=f"<p>Soal {item_type} &amp; &lt;tag&gt;</p>",
            subject=subject,
            competency=competency,
            competency_level=5,
            difficulty="mudah",
            weight="1.25",
        )
    write_item(bank, item_type=ItemType.MULTIPLE, stem="Semua atau tidak?", partial_credit=False)
    write_item(
        bank,
        stem="-5 adalah bilangan?",
        options=[{"text": "=negatif", "correct": True}, {"text": "+positif", "correct": False}],
    )
    write_item(
        bank,
        stem="'-5 diawali apostrof",
        options=[{"text": "'=a", "correct": True}, {"text": "''b", "correct": False}],
    )
    exported = export_xlsx(exportable_items(bank))

    target = ItemBankFactory(program=bank.program)
    result = run(target, exported)

    assert result.ok, result.errors
    assert snapshot(exportable_items(target)) == snapshot(exportable_items(bank))


def test_export_neutralises_formula_looking_cells(bank):
    write_item(
        bank,
        stem="=1+1",
        options=[{"text": "@SUM(A1)", "correct": True}, {"text": "dua", "correct": False}],
    )
    sheet = load_workbook(io.BytesIO(export_xlsx(exportable_items(bank))))["Soal"]
    row = [cell.value for cell in sheet[2]]
    assert row[1] == "'=1+1"
    assert row[2] == "'@SUM(A1)"
    assert all(cell.data_type != "f" for cell in sheet[2])


AWKWARD = st.text(
    alphabet=st.sampled_from(
        [*list("=+-@'~#{}:;\\%[]<>&\"' \nabcXYZ0123456789"), "é", "漢", "😀", "\xa0", "\t", "＝"]
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(
    item_type=st.sampled_from(ItemType.values),
    stem=AWKWARD,
    texts=st.lists(AWKWARD, min_size=2, max_size=5),
)
def test_round_trip_of_generated_items_through_xlsx(bank, item_type, stem, texts):
    options = options_for(item_type, texts=texts)
    _content, problems = clean_content(item_type, stem, options)
    assume(not problems)
    source = ItemBankFactory(program=bank.program)
    write_item(source, item_type=item_type, stem=stem, options=options)

    target = ItemBankFactory(program=bank.program)
    result = run(target, export_xlsx(exportable_items(source)))

    assert result.ok, result.errors
    assert snapshot(exportable_items(target)) == snapshot(exportable_items(source))

"""GIFT import and export (RELIABILITY.md B13): every kind of broken input gives its error at
its line and writes nothing; encodings and line ends; the 10 MB limit; a fuzzed parser
never raises; exporting and importing again gives the same items."""

from __future__ import annotations

import codecs
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bangkom.assessments.choices import ItemType
from bangkom.assessments.exporters import export_gift, gift_escape
from bangkom.assessments.importers import MAX_IMPORT_BYTES, import_items
from bangkom.assessments.importers.gift import parse_gift
from bangkom.assessments.items import clean_content, exportable_items
from bangkom.assessments.models import Item, ItemVersion
from tests.assessments.factories import ItemBankFactory
from tests.assessments.factories_bank import options_for, write_item
from tests.curriculum.factories import CompetencyFactory, SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject():
    return SubjectFactory(order=2, title="Etika Publik")


@pytest.fixture
def bank(subject):
    return ItemBankFactory(program=subject.program)


def run(bank, text, *, encoding="utf-8", filename="soal.gift", **kwargs):
    data = text.encode(encoding) if isinstance(text, str) else text
    return import_items(bank, data, filename=filename, by=None, now=timezone.now(), **kwargs)


def errors_of(result):
    return [(error.line, error.message) for error in result.errors]


VALID = """// pertanyaan dari Moodle
::Ibu kota::Ibu kota Indonesia adalah …{
\t=Jakarta#Benar sekali
\t~Bandung
\t~Surabaya
}

Matahari terbit dari timur.{T}

Pilih dua kota di Jawa Barat.{~%50%Bandung ~%50%Bogor ~%-50%Medan}

// bangkom: type=graded difficulty=sulit subject=2 competency=MJR-01 level=3
Rekan kerja terlambat menyerahkan laporan. Sikap Anda?{
\t~%1%Membiarkan
\t~%3%Melapor ke atasan
\t~%5%Mengajak berdiskusi
}
"""


def test_a_valid_file_imports_every_type_with_its_key_and_tags(bank, subject):
    competency = CompetencyFactory(code="MJR-01")

    result = run(bank, VALID)

    assert result.ok, result.errors
    assert result.created == 4
    single, true_false, multiple, graded = Item.objects.filter(bank=bank).order_by("pk")
    assert single.item_type == ItemType.SINGLE
    assert single.current_version.stem_html == "Ibu kota Indonesia adalah …"
    assert [o["text"] for o in single.current_version.options] == ["Jakarta", "Bandung", "Surabaya"]
    assert [o["correct"] for o in single.current_version.options] == [True, False, False]
    assert true_false.item_type == ItemType.TRUE_FALSE
    assert true_false.current_version.options[0] == {"text": "Benar", "correct": True, "points": 0}
    assert multiple.item_type == ItemType.MULTIPLE
    assert multiple.current_version.partial_credit is True
    assert [o["correct"] for o in multiple.current_version.options] == [True, True, False]
    assert graded.item_type == ItemType.GRADED
    assert [o["points"] for o in graded.current_version.options] == [1, 3, 5]
    assert (graded.difficulty, graded.subject, graded.competency, graded.competency_level) == (
        "sulit",
        subject,
        competency,
        3,
    )
    assert all(item.status == "draft" for item in (single, true_false, multiple, graded))


def test_moodle_export_with_categories_titles_formats_and_feedback_imports(bank):
    text = (
        "// question: 0  name: Switch category to $course$/top/Default\n"
        "$CATEGORY: $course$/top/Default\n\n"
        "// question: 12  name: Perda\n"
        "::Perda::[html]<p>Perda ditetapkan oleh \\: kepala daerah bersama DPRD\\?</p>{FALSE#Salah"
        "#Betul####Lihat UU 23/2014}\n\n"
        "::Setwan::[plain]Tugas <Sekwan> adalah …{\n\t=Melayani DPRD#ok\n\t~Memimpin DPRD\n}\n"
    )
    result = run(bank, text.replace("\\?", "?"))
    assert result.ok, result.errors
    perda, setwan = Item.objects.filter(bank=bank).order_by("pk")
    assert perda.current_version.stem_html == (
        "<p>Perda ditetapkan oleh : kepala daerah bersama DPRD?</p>"
    )
    assert perda.current_version.options[1]["correct"] is True  # FALSE: "Salah" is the key
    assert setwan.current_version.stem_html == "Tugas &lt;Sekwan&gt; adalah …"
    assert "#" not in setwan.current_version.options[0]["text"]  # feedback kept out


def test_escapes_and_the_missing_word_form(bank):
    text = "Kurung \\{x\\} dan \\= \\~ \\# \\\\ baris\\nbaru {=a\\=b ~c\\}d} akhir kalimat."
    result = run(bank, text)
    assert result.ok, result.errors
    version = Item.objects.get(bank=bank).current_version
    assert version.stem_html == "Kurung {x} dan = ~ # \\ baris\nbaru _____ akhir kalimat."
    assert [o["text"] for o in version.options] == ["a=b", "c}d"]


BROKEN = [
    ("unbalanced open brace", "Soal satu {=a ~b\n", 1, "tidak ditutup"),
    ("closing brace without opening", "Soal } satu {=a ~b}\n", 1, "tanpa pembuka"),
    ("brace inside the answers", "Soal\n{=a {b ~c}\n", 2, "di dalam blok jawaban"),
    ("two answer blocks", "Soal {=a ~b} lagi {=c ~d}\n", 1, "Lebih dari satu blok"),
    ("unknown escape", "Soal \\q satu {=a ~b}\n", 1, "Escape tidak dikenal: \\q"),
    ("no correct answer", "Soal satu {~a ~b}\n", 1, "Tidak ada jawaban benar"),
    ("two = in single choice", "Soal satu {\n=a\n=b\n~c\n}\n", 3, "Lebih dari satu jawaban benar"),
    ("weights not 100", "Soal {~%50%a ~%40%b ~%-50%c}\n", 1, "berjumlah 90%, harus 100%"),
    ("unequal weights", "Soal {~%70%a ~%30%b ~c}\n", 1, "harus sama"),
    ("weight out of range", "Soal {~%150%a ~b}\n", 1, "di luar rentang"),
    ("= mixed with weights", "Soal {=a ~%50%b ~%50%c}\n", 1, "Jangan mencampur"),
    ("empty stem", "{=a ~b}\n", 1, "Pertanyaan kosong"),
    ("duplicate options", "Soal\n{\n=Jakarta\n~ jakarta \n}\n", 4, "sama dengan pilihan A"),
    ("empty option", "Soal {=a ~ ~b}\n", 1, "Pilihan B kosong"),
    ("one option only", "Soal {=a}\n", 1, "Minimal 2 pilihan"),
    ("essay", "Ceritakan pengalaman Anda {}\n", 1, "esai"),
    ("numeric", "Tahun proklamasi? {#1945:0}\n", 1, "numerik"),
    ("matching", "Jodohkan {=a -> 1 =b -> 2}\n", 1, "menjodohkan"),
    ("description without answers", "Hanya teks tanpa jawaban\n", 1, "tidak ditemukan"),
    ("unclosed title", "::Judul tanpa penutup {=a ~b}\n", 1, "Judul soal"),
    ("text before first option", "Soal {apa =a ~b}\n", 1, "sebelum pilihan pertama"),
    ("unknown directive key", "// bangkom: warna=merah\nSoal {=a ~b}\n", 1, "warna=merah"),
    ("unknown type", "// bangkom: type=essay\nSoal {=a ~b}\n", 1, "Tipe soal tidak dikenal"),
    ("directive alone", "// bangkom: difficulty=sulit\n\nSoal {=a ~b}\n", 1, "tidak diikuti soal"),
    ("graded points", "// bangkom: type=graded\nSoal {~%1%a ~%7%b}\n", 2, "poin bilangan bulat"),
    ("graded with =", "// bangkom: type=graded\nSoal {=a ~%3%b}\n", 2, "poin bilangan bulat"),
    ("unknown subject", "// bangkom: subject=9\nSoal {=a ~b}\n", 2, "Mata pelatihan tidak dikenal"),
    ("unknown competency", "// bangkom: competency=ZZZ\nSoal {=a ~b}\n", 2, "kompetensi tidak"),
    ("unknown difficulty", "// bangkom: difficulty=berat\nSoal {=a ~b}\n", 2, "Tingkat kesulitan"),
    ("level out of range", "// bangkom: level=7\nSoal {=a ~b}\n", 2, "Level kompetensi"),
    ("T/F declared as single", "// bangkom: type=single\nSoal {T}\n", 2, "benar/salah"),
]


@pytest.mark.parametrize(("case", "text", "line", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_kind_of_broken_gift_gives_its_error_at_its_line_and_writes_nothing(
    bank, case, text, line, message
):
    good = "Soal yang benar {=ya ~tidak}\n\n"
    offset = good.count("\n")

    result = run(bank, good + text)

    assert not result.ok
    found = errors_of(result)
    assert any(at == line + offset and message in text_ for at, text_ in found), found
    assert not Item.objects.exists()  # the good question before it is not written either
    assert not ItemVersion.objects.exists()


def test_every_error_of_the_file_is_reported(bank):
    result = run(bank, "A {~a ~b}\n\nB {=a =b}\n\nC {=a ~b\n")
    assert [line for line, _m in errors_of(result)] == [1, 3, 5]


@pytest.mark.parametrize(
    ("data", "stem"),
    [
        ("Apa arti “gotong royong”? {=Kerja sama ~Sendiri}".encode("cp1252"), "“gotong royong”"),
        (codecs.BOM_UTF8 + "Café? {=ya ~tidak}".encode(), "Café?"),
        (b"Baris satu\r\nbaris dua {\r\n=ya\r\n~tidak\r\n}\r\n", "Baris satu\nbaris dua"),
        (b"Mac lama\r{=ya ~tidak}\r", "Mac lama"),
        ("UTF-16 ✓ {=ya ~tidak}".encode("utf-16"), "UTF-16 ✓"),
    ],
    ids=["windows-1252", "utf-8 BOM", "CRLF", "CR", "utf-16 BOM"],
)
def test_encodings_and_line_ends_are_read(bank, data, stem):
    result = run(bank, data)
    assert result.ok, result.errors
    assert stem in Item.objects.get(bank=bank).current_version.stem_html


def test_a_file_over_10_mb_is_refused_unread(bank):
    data = b"Soal {=a ~b}\n\n" + b" " * MAX_IMPORT_BYTES
    result = run(bank, data)
    assert not result.ok
    assert "10 MB" in result.errors[0].message
    assert not Item.objects.exists()


def test_a_large_file_near_10_mb_parses():
    block = (
        "Pertanyaan nomor {n} tentang tata kelola pemerintahan daerah?{{=Benar {n} ~Salah {n}}}\n\n"
    )
    text = "".join(block.format(n=n) for n in range(110_000))
    assert 9_000_000 < len(text.encode()) <= MAX_IMPORT_BYTES
    items, errors = parse_gift(text)
    assert not errors
    assert len(items) == 110_000


def test_a_zip_file_named_gift_is_refused(bank):
    result = run(bank, b"PK\x03\x04binary", filename="soal.gift")
    assert "XLSX" in result.errors[0].message


FRAGMENTS = st.sampled_from(
    [
        *"{}~=#%:\\\n\t -Tab",
        "%50%", "%100%", "%3%", "%-50%", "\\n", "\n\n", "FALSE", "::", "[html]", "[markdown]",
        "[plain]", "<b>", "&#1;", "$CATEGORY:", "->", "é", "\x00", "ANSWER: A", "A. ", "B) ",
        "// bangkom: ", "type=graded ", "type=multiple ", "type=true_false ", "subject=1 ",
        'competency="x y', "level=9 ", "partial=ya ", "weight=0 ",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_fuzzed_text_never_raises_and_returns_items_or_errors(text):
    items, errors = parse_gift(text)
    assert isinstance(items, list)
    assert all(error.line >= 0 for error in errors)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_fuzzed_bytes_never_raise_through_the_importer(bank, data):
    result = run(bank, data)
    assert result.created >= 0


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


def test_export_then_import_into_an_empty_bank_gives_the_same_items(bank, subject):
    competency = CompetencyFactory(code="KOM 01")  # a code with a space is quoted
    for item_type in ItemType.values:
        write_item(
            bank,
            item_type=item_type,
            stem=f"<p>Soal {item_type}: 50% {{a}} ~ = # : \\ [x]</p>\n<p>baris 2</p>",
            subject=subject,
            competency=competency,
            competency_level=4,
            difficulty="sulit",
            weight="2.5",
        )
    write_item(bank, item_type=ItemType.MULTIPLE, partial_credit=True, stem="Ganda sebagian?")
    write_item(
        bank,
        options=[
            {"text": "%50% diskon", "correct": True},
            {"text": "[html] teks", "correct": False},
        ],
        stem="[plain]Pilihan aneh?",
    )
    exported = export_gift(exportable_items(bank))

    empty = ItemBankFactory(program=bank.program)
    result = run(empty, exported)

    assert result.ok, result.errors
    assert snapshot(exportable_items(empty)) == snapshot(exportable_items(bank))


def test_export_escapes_every_special_character():
    assert gift_escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


AWKWARD = st.text(
    alphabet=st.sampled_from(
        [*list("~=#{}:;\\%[]<>&/\"' \n-+@abcXYZ0123456789"), "é", "ñ", "漢", "😀", "\xa0", "\t"]
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(
    item_type=st.sampled_from(ItemType.values),
    stem=AWKWARD,
    texts=st.lists(AWKWARD, min_size=2, max_size=5),
    key=st.integers(min_value=0, max_value=4),
    partial=st.booleans(),
)
def test_round_trip_of_generated_items_with_awkward_characters(
    bank, item_type, stem, texts, key, partial
):
    options = options_for(item_type, texts=texts)
    if item_type in (ItemType.SINGLE, ItemType.MULTIPLE):
        for index, option in enumerate(options):
            option["correct"] = index == key % len(options) or (
                item_type == ItemType.MULTIPLE and index == 0
            )
    _content, problems = clean_content(item_type, stem, options, partial_credit=partial)
    assume(not problems)
    source = ItemBankFactory(program=bank.program)
    write_item(source, item_type=item_type, stem=stem, options=options, partial_credit=partial)

    target = ItemBankFactory(program=bank.program)
    result = run(target, export_gift(exportable_items(source)))

    assert result.ok, (export_gift(exportable_items(source)), result.errors)
    assert snapshot(exportable_items(target)) == snapshot(exportable_items(source))

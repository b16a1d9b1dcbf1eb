"""Aiken import (RELIABILITY.md B13): valid questions become single-choice drafts; each kind
of broken input gives its error at its line and nothing is written; never raises."""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from bangkom.assessments.choices import ItemType
from bangkom.assessments.importers import import_items
from bangkom.assessments.importers.aiken import parse_aiken
from bangkom.assessments.models import Item
from tests.assessments.factories import ItemBankFactory
from tests.curriculum.factories import SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    subject = SubjectFactory(order=1)
    return ItemBankFactory(program=subject.program)


def run(bank, text, filename="soal.aiken", **kwargs):
    return import_items(
        bank, text.encode("utf-8"), filename=filename, by=None, now=timezone.now(), **kwargs
    )


VALID = """Alat kelengkapan DPRD yang membahas rancangan Perda adalah …
A. Bapemperda
B) Badan Kehormatan
C. Badan Musyawarah
ANSWER: A

// bangkom: difficulty=mudah subject=1
Siapa yang menetapkan APBD?
Pilih satu.
A. Gubernur
B. Kepala daerah bersama DPRD
ANSWER: B
"""


def test_valid_aiken_questions_become_single_choice_drafts(bank):
    result = run(bank, VALID)

    assert result.ok, result.errors
    first, second = Item.objects.filter(bank=bank).order_by("pk")
    assert first.item_type == ItemType.SINGLE
    assert [o["text"] for o in first.current_version.options] == [
        "Bapemperda",
        "Badan Kehormatan",
        "Badan Musyawarah",
    ]
    assert [o["correct"] for o in first.current_version.options] == [True, False, False]
    assert second.current_version.stem_html == "Siapa yang menetapkan APBD?\nPilih satu."
    assert (second.difficulty, second.subject.order) == ("mudah", 1)
    assert first.status == "draft"


def test_a_txt_file_with_answer_lines_is_read_as_aiken(bank):
    assert run(bank, VALID, filename="soal.txt").created == 2


BROKEN = [
    ("missing ANSWER", "Soal?\nA. satu\nB. dua\n\nSoal dua?\nA. x\nB. y\nANSWER: A\n", 1, "ANSWER"),
    ("missing ANSWER at the end", "Soal?\nA. satu\nB. dua\n", 1, "tidak memiliki baris ANSWER"),
    ("answer not an option", "Soal?\nA. satu\nB. dua\nANSWER: D\n", 4, "tidak ada di antara"),
    ("answer not a letter", "Soal?\nA. satu\nB. dua\nANSWER: satu\n", 4, "satu huruf"),
    ("fewer than two options", "Soal?\nA. satu\nANSWER: A\n", 1, "Minimal 2 pilihan"),
    ("duplicate letters", "Soal?\nA. satu\nA. dua\nANSWER: A\n", 3, "ganda"),
    ("letters out of order", "Soal?\nA. satu\nC. dua\nANSWER: A\n", 3, "berurutan"),
    ("options without a question", "A. satu\nB. dua\nANSWER: A\n", 1, "tanpa pertanyaan"),
    ("answer without a question", "ANSWER: A\n", 1, "tanpa pertanyaan"),
    ("no options", "Soal?\nANSWER: A\n", 1, "tidak memiliki pilihan"),
    ("duplicate option texts", "Soal?\nA. Jakarta\nB. jakarta\nANSWER: A\n", 3, "sama dengan"),
    ("empty option", "Soal?\nA. satu\nB.\nANSWER: A\n", 3, "Pilihan B kosong"),
    ("unknown tag", "// bangkom: level=9\nSoal?\nA. x\nB. y\nANSWER: A\n", 2, "Level"),
    (
        "more than five options",
        "Q?\nA. a\nB. b\nC. c\nD. d\nE. e\nF. f\nANSWER: A\n",
        1,
        "5 pilihan",
    ),
]


@pytest.mark.parametrize(("case", "text", "line", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_kind_of_broken_aiken_gives_its_error_and_writes_nothing(
    bank, case, text, line, message
):
    good = "Soal baik?\nA. ya\nB. tidak\nANSWER: A\n\n"
    offset = good.count("\n")

    result = run(bank, good + text)

    assert not result.ok
    found = [(e.line, e.message) for e in result.errors]
    assert any(at == line + offset and message in m for at, m in found), found
    assert not Item.objects.exists()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*list("ABCDEF.) \n:ANSWER/bangkom=x"), "é"])))
def test_fuzzed_aiken_never_raises(text):
    items, errors = parse_aiken(text)
    assert isinstance(items, list)
    assert isinstance(errors, list)

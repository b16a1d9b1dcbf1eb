"""The knowledge library (KMS): published materials across programs, searchable by title,
description, tags, subject and program — full-text on PostgreSQL, a fallback on SQLite.
Written database-agnostic: CI runs it on both."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkom.learning.library import search_library, search_words
from tests.conftest import logged_in_client
from tests.curriculum.factories import ProgramFactory, SubjectFactory
from tests.learning.factories import MaterialFactory
from tests.learning.factories_study import DocumentMaterialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    sekwan = ProgramFactory(title="Pelatihan Pemantapan Tugas Sekretaris DPRD")
    berakhlak = ProgramFactory(title="Penguatan Nilai BerAKHLAK")
    persidangan = SubjectFactory(program=sekwan, title="Fasilitasi persidangan DPRD")
    integritas = SubjectFactory(program=berakhlak, title="Integritas dan antikorupsi")
    return {
        "title": MaterialFactory(
            subject=persidangan, title="Tata tertib persidangan", in_library=True
        ),
        "description": DocumentMaterialFactory(
            subject=integritas,
            title="Modul dua",
            description="Contoh kasus gratifikasi di daerah",
            in_library=True,
        ),
        "tags": MaterialFactory(
            subject=integritas, title="Video tiga", tags="pelayanan publik, empati", in_library=True
        ),
        "program_only": MaterialFactory(subject=persidangan, title="Bacaan empat", in_library=True),
        "library_only": DocumentMaterialFactory(
            subject=None, program=None, title="Pedoman naskah dinas", in_library=True
        ),
        "unpublished": MaterialFactory(
            subject=persidangan, title="Tata tertib rahasia gratifikasi", in_library=False
        ),
    }


def found(query):
    return {m.pk for m in search_library(query, page=1).object_list}


def test_title_words_are_found(shelf):
    assert shelf["title"].pk in found("persidangan tertib")


def test_description_is_searched(shelf):
    assert found("gratifikasi") == {shelf["description"].pk}


def test_tags_are_searched(shelf):
    assert found("empati") == {shelf["tags"].pk}


def test_subject_and_program_titles_are_searched(shelf):
    assert shelf["program_only"].pk in found("Sekretaris")
    assert shelf["program_only"].pk in found("fasilitasi")


def test_every_word_must_match(shelf):
    assert found("gratifikasi empati") == set()
    assert found("integritas gratifikasi") == {shelf["description"].pk}


def test_search_is_case_insensitive(shelf):
    assert found("PEDOMAN naskah") == {shelf["library_only"].pk}


def test_unpublished_materials_are_never_found(shelf):
    assert shelf["unpublished"].pk not in found("rahasia")
    assert shelf["unpublished"].pk not in found("")


def test_an_empty_query_lists_every_published_material(shelf):
    assert found("") == {m.pk for key, m in shelf.items() if key != "unpublished"}


def test_a_query_with_search_syntax_does_not_break(shelf):
    for query in ['"tata tertib"', "-", "a & b | !c", "'); DROP TABLE x; --", "x" * 500]:
        search_library(query, page=1)


def test_search_words_are_bounded_and_stripped():
    assert search_words('"tata" -tertib +x') == ["tata", "tertib", "x"]
    assert len(search_words(" ".join(["kata"] * 50))) == 10


def test_results_are_paginated(db):
    subject = SubjectFactory()
    for n in range(25):
        MaterialFactory(subject=subject, title=f"Materi perpustakaan {n}", in_library=True)
    first = search_library("perpustakaan", page=1, per_page=20)
    second = search_library("perpustakaan", page=2, per_page=20)
    assert len(first.object_list) == 20
    assert len(second.object_list) == 5


def test_any_logged_in_user_can_search_the_library_page(shelf, pimpinan):
    response = logged_in_client(pimpinan).get(reverse("learning:library"), {"q": "gratifikasi"})
    assert response.status_code == 200
    assert "Modul dua" in response.content.decode()
    assert "Tata tertib rahasia" not in response.content.decode()


def test_library_item_page_shows_a_published_material_only(shelf, coach):
    client = logged_in_client(coach)
    ok = client.get(reverse("learning:library-item", args=[shelf["library_only"].pk]))
    assert ok.status_code == 200
    hidden = client.get(reverse("learning:library-item", args=[shelf["unpublished"].pk]))
    assert hidden.status_code == 404


def test_anyone_logged_in_downloads_a_library_file(shelf, peserta_lain):
    response = logged_in_client(peserta_lain).get(
        reverse("learning:material-file", args=[shelf["library_only"].pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_library_search_page_query_count_is_bounded(shelf, peserta, django_assert_max_num_queries):
    client = logged_in_client(peserta)
    with django_assert_max_num_queries(12):
        client.get(reverse("learning:library"))

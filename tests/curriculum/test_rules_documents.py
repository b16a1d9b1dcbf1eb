"""Versioned rules of conduct (curriculum/rules_documents.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bangkom.common.errors import DomainError
from bangkom.curriculum.models import RulesDocument
from bangkom.curriculum.rules_documents import current_rules, publish_rules_version
from tests.curriculum.factories import ProgramFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def publish(program, body="Peserta **wajib** hadir.", by=None):
    return publish_rules_version(program, title="Ketentuan", body_markdown=body, by=by, now=NOW)


def test_versions_are_numbered_one_after_another_per_program(pengelola):
    program, other = ProgramFactory(), ProgramFactory()

    first = publish(program, by=pengelola)
    second = publish(program, by=pengelola)
    elsewhere = publish(other, by=pengelola)

    assert (first.version, second.version, elsewhere.version) == (1, 2, 1)
    assert current_rules(program) == second
    first.refresh_from_db()
    assert first.body_html == "<p>Peserta <strong>wajib</strong> hadir.</p>"  # unchanged


def test_new_version_follows_the_highest_even_with_gaps():
    program = ProgramFactory()
    RulesDocument.objects.create(
        program=program, version=4, title="Lama", body_html="<p>x</p>", published_at=NOW
    )
    assert publish(program).version == 5


def test_script_in_the_markdown_is_gone():
    rules = publish(
        ProgramFactory(),
        body='Aturan.\n\n<script>alert("x")</script>\n\n<a href="javascript:alert(1)">klik</a>'
        '\n\n<img src="x.png" onerror="alert(1)">',
    )

    assert "<script" not in rules.body_html
    assert "alert" not in rules.body_html
    assert "javascript:" not in rules.body_html
    assert "onerror" not in rules.body_html
    assert "Aturan." in rules.body_html
    assert rules.body_markdown.startswith("Aturan.")


def test_publication_time_and_author_are_recorded(pengelola):
    rules = publish(ProgramFactory(), by=pengelola)
    assert rules.published_at == NOW
    assert rules.created_by == pengelola


@pytest.mark.parametrize(
    ("title", "body"), [("  ", "Isi"), ("Judul", ""), ("Judul", "<script></script>")]
)
def test_empty_title_or_body_is_refused(title, body):
    program = ProgramFactory()
    with pytest.raises(DomainError):
        publish_rules_version(program, title=title, body_markdown=body, by=None, now=NOW)
    assert not RulesDocument.objects.exists()


def test_no_rules_yet_means_none():
    assert current_rules(ProgramFactory()) is None

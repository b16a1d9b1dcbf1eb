"""What an attempt shows: locked versions are kept per process (PostgreSQL), never stale."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from bangkom.assessments.attempts import start_attempt
from bangkom.assessments.models import Item, ItemVersion
from bangkom.assessments.queries import attempt_items
from tests.assessments.factories import AssessmentFactory, make_bank, make_item
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt():
    offering = OfferingFactory(running=True)
    exam = AssessmentFactory(
        offering=offering, banks=[make_bank(offering.program, size=5)], item_count=5
    )
    enrollment = EnrollmentFactory(offering=offering)
    started, _created = start_attempt(
        exam, enrollment=enrollment, participant=enrollment.participant, now=timezone.now()
    )
    return started


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the cache is PostgreSQL-only")
def test_a_second_showing_of_the_same_form_reads_no_item_content(
    attempt, django_assert_num_queries
):
    first = attempt_items(attempt)
    with django_assert_num_queries(0):
        assert attempt_items(attempt) == first


def test_the_form_shows_each_drawn_version_in_its_option_order(attempt):
    items = attempt_items(attempt)
    for entry, shown in zip(attempt.form, items, strict=True):
        version = ItemVersion.objects.get(pk=entry["version"])
        assert shown["stem"] == version.stem_html
        assert [o["text"] for o in shown["options"]] == [
            version.options[index]["text"] for index in entry["order"]
        ]
        assert "correct" not in str(shown)


def test_an_unlocked_version_is_read_again_after_an_edit(attempt):
    """Only locked versions are kept: a draft edited in place is never shown stale."""
    item = make_item(attempt.assessment.banks.first())
    version = item.current_version
    entry = {"pos": 99, "item": item.pk, "version": version.pk, "subject": None, "order": [0]}
    attempt.form = [entry]
    assert attempt_items(attempt)[0]["stem"] == version.stem_html

    ItemVersion.objects.filter(pk=version.pk).update(stem_html="<p>Disunting</p>")
    assert attempt_items(attempt)[0]["stem"] == "<p>Disunting</p>"


def test_the_admin_cannot_change_the_type_of_an_item_an_attempt_showed(attempt):
    model_admin = admin.site._registry[Item]
    request = RequestFactory().get("/")
    shown = Item.objects.get(pk=attempt.form[0]["item"])
    unused = make_item(attempt.assessment.banks.first())

    assert "item_type" in model_admin.get_readonly_fields(request, shown)
    assert "item_type" not in model_admin.get_readonly_fields(request, unused)

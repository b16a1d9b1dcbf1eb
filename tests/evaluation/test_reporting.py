"""The dashboards' contract: Likert summaries and response rates, behind the threshold."""

from __future__ import annotations

import pytest

from bangkom.evaluation.reporting import (
    LikertRow,
    likert_summary_for_offering,
    survey_response_rate,
)
from tests.curriculum.factories import OfferingFactory
from tests.evaluation.factories import add_responses, enrolled_participants, open_instrument
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_offering_summary_is_empty_below_five_responses():
    offering = OfferingFactory()
    add_responses(open_instrument(offering), [5, 4, 4, 3])
    assert likert_summary_for_offering(offering) == []


def test_offering_summary_counts_values_and_share_of_top_two():
    offering = OfferingFactory()
    instrument = open_instrument(offering)
    add_responses(instrument, [5, 4, 4, 3, 1, 2])
    rows = likert_summary_for_offering(offering)
    likert_items = [i for i in instrument.template.items.order_by("order") if i.kind == "likert"]
    assert [r.statement for r in rows] == [i.text for i in likert_items]
    assert rows[0] == LikertRow(
        instrument=instrument.title,
        statement=likert_items[0].text,
        scale=5,
        counts=(1, 1, 1, 2, 1),
        total=6,
        percent_agree=50.0,
    )


def test_offering_summary_leaves_out_manager_and_relevance_instruments():
    offering = OfferingFactory()
    add_responses(open_instrument(offering, "STD-PROGRAM-MANAGER"), [4] * 6)
    assert likert_summary_for_offering(offering) == []


def test_offering_summary_orders_by_instrument_then_item():
    offering = OfferingFactory()
    add_responses(open_instrument(offering, "STD-ORGANIZER"), [4] * 5)
    add_responses(open_instrument(offering, "STD-PROGRAM"), [5] * 5)
    rows = likert_summary_for_offering(offering)
    program_rows = [r for r in rows if r.counts == (0, 0, 0, 0, 5)]
    assert rows[: len(program_rows)] == program_rows  # the program first, then the organizer
    assert len(rows) == 6 + 4


def test_percent_agree_rounds_to_one_decimal():
    offering = OfferingFactory()
    add_responses(open_instrument(offering), [5, 4, 3, 3, 3, 3])
    assert likert_summary_for_offering(offering)[0].percent_agree == 33.3


def test_response_rate_counts_participations_of_invited_participants(peserta):
    from django.utils import timezone

    from bangkom.evaluation.surveys import submit_response
    from tests.evaluation.factories import likert_answers

    offering = OfferingFactory()
    EnrollmentFactory(offering=offering, participant=peserta)
    enrolled_participants(offering, 3)
    instrument = open_instrument(offering)
    assert survey_response_rate(instrument) == (0, 4)
    submit_response(
        instrument, user=peserta, answers=likert_answers(instrument), now=timezone.now()
    )
    assert survey_response_rate(instrument) == (1, 4)


def test_facilitator_rating_counts_only_instruments_past_the_threshold(widyaiswara):
    from bangkom.evaluation.reporting import facilitator_rating

    small = open_instrument(OfferingFactory(), "STD-FACILITATOR", facilitator=widyaiswara)
    add_responses(small, [1, 1, 1, 1])
    assert facilitator_rating(widyaiswara) == (None, 0, 0)
    big = open_instrument(OfferingFactory(), "STD-FACILITATOR", facilitator=widyaiswara)
    add_responses(big, [5, 5, 4, 4, 4])
    assert facilitator_rating(widyaiswara) == (4.4, 5, 1)


def test_facilitator_profile_pages_show_the_rating(widyaiswara, pengelola):
    from django.urls import reverse

    from tests.conftest import logged_in_client

    instrument = open_instrument(OfferingFactory(), "STD-FACILITATOR", facilitator=widyaiswara)
    add_responses(instrument, [5, 5, 4, 4, 4])
    mine = logged_in_client(widyaiswara).get(reverse("curriculum:my-facilitator-profile"))
    assert "4,40" in mine.content.decode()
    detail = logged_in_client(pengelola).get(
        reverse("curriculum:facilitator-detail", args=[widyaiswara.pk])
    )
    assert 'data-testid="facilitator-rating"' in detail.content.decode()

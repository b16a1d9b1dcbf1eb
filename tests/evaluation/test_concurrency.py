"""Parallel submits of one respondent store one response (PostgreSQL only: real threads)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from bangkom.evaluation.errors import AlreadyAnswered
from bangkom.evaluation.models import SurveyParticipation, SurveyResponse
from bangkom.evaluation.surveys import submit_response
from tests.assessments.test_concurrency import run_in_parallel
from tests.curriculum.factories import OfferingFactory
from tests.evaluation.factories import likert_answers, open_instrument
from tests.learning.factories import EnrollmentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database shared by threads"
    ),
]


def test_ten_simultaneous_submits_store_one_anonymous_response(peserta):
    offering = OfferingFactory()
    EnrollmentFactory(offering=offering, participant=peserta)
    instrument = open_instrument(offering)
    answers = likert_answers(instrument)

    results = run_in_parallel(
        10,
        lambda _i: submit_response(instrument, user=peserta, answers=answers, now=timezone.now()),
    )

    stored = [r for r in results if isinstance(r, SurveyResponse)]
    refused = [r for r in results if isinstance(r, AlreadyAnswered)]
    assert len(stored) == 1
    assert len(refused) == 9
    assert SurveyResponse.objects.filter(instrument=instrument).count() == 1
    assert SurveyParticipation.objects.filter(instrument=instrument).count() == 1

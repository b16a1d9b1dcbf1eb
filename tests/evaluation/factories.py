"""Builders of the evaluation context: instruments and anonymous responses."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from bangkom.evaluation.choices import ItemKind, RespondentRole
from bangkom.evaluation.models import SurveyAnswer, SurveyInstrument, SurveyResponse
from bangkom.evaluation.standard import ensure_standard_templates
from bangkom.evaluation.surveys import create_instrument
from tests.accounts.factories import UserFactory
from tests.learning.factories import EnrollmentFactory


def open_instrument(offering, code="STD-PROGRAM", **extra) -> SurveyInstrument:
    """An instrument of a standard template, open from a day ago for a week."""
    template = ensure_standard_templates()[code]
    now = timezone.now()
    return create_instrument(
        offering,
        template=template,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        **extra,
    )


def add_responses(
    instrument, values: list[int], *, text: str = "", role=RespondentRole.PARTICIPANT
):
    """One anonymous response per value: every Likert item gets that value."""
    items = list(instrument.template.items.all())
    for value in values:
        response = SurveyResponse.objects.create(instrument=instrument, respondent_role=role)
        SurveyAnswer.objects.bulk_create(
            [
                SurveyAnswer(
                    response=response,
                    item=item,
                    value=value if item.kind == ItemKind.LIKERT else None,
                    text=text if item.kind == ItemKind.OPEN else "",
                )
                for item in items
                if item.kind == ItemKind.LIKERT or text
            ]
        )


def enrolled_participants(offering, count: int, **user_fields) -> list:
    return [
        EnrollmentFactory(offering=offering, participant=UserFactory(**user_fields)).participant
        for _ in range(count)
    ]


def likert_answers(instrument, value: int = 4) -> dict[int, object]:
    return {
        item.pk: value for item in instrument.template.items.all() if item.kind == ItemKind.LIKERT
    }

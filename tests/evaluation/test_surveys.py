"""Answering surveys: who may answer, once only, validated, stored without the respondent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bangkom.evaluation.choices import InstrumentTarget, ItemKind
from bangkom.evaluation.errors import AlreadyAnswered, InvalidAnswers, NotARespondent, SurveyClosed
from bangkom.evaluation.models import (
    SurveyAnswer,
    SurveyInstrument,
    SurveyParticipation,
    SurveyResponse,
    SurveyTemplate,
)
from bangkom.evaluation.standard import STANDARD, ensure_standard_templates
from bangkom.evaluation.surveys import (
    create_offering_instruments,
    open_surveys_for,
    submit_response,
)
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.evaluation.factories import likert_answers, open_instrument
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(peserta):
    offering = OfferingFactory()
    EnrollmentFactory(offering=offering, participant=peserta)
    return offering


def test_standard_templates_are_created_once_with_the_five_point_scale():
    first = ensure_standard_templates()
    second = ensure_standard_templates()
    assert set(first) == set(STANDARD)
    assert {t.pk for t in first.values()} == {t.pk for t in second.values()}
    template = first["STD-PROGRAM"]
    assert template.scale_points == 5
    assert template.scale_labels[0] == "Sangat tidak setuju"
    assert template.scale_labels[-1] == "Sangat setuju"
    assert SurveyTemplate.objects.count() == len(STANDARD)


def test_offering_gets_one_facilitator_instrument_per_facilitator(widyaiswara, coach):
    offering = OfferingFactory()
    first = SubjectFactory(program=offering.program)
    second = SubjectFactory(program=offering.program)
    first.facilitators.add(widyaiswara)
    second.facilitators.add(widyaiswara, coach)
    now = timezone.now()
    made = create_offering_instruments(offering, opens_at=now, closes_at=now + timedelta(days=7))
    again = create_offering_instruments(offering, opens_at=now, closes_at=now + timedelta(days=7))
    assert [i.pk for i in made] == [i.pk for i in again]
    rated = SurveyInstrument.objects.filter(target=InstrumentTarget.FACILITATOR)
    assert sorted(rated.values_list("facilitator_id", flat=True)) == sorted(
        [widyaiswara.pk, coach.pk]
    )
    relevance = SurveyInstrument.objects.filter(target=InstrumentTarget.CURRICULUM_RELEVANCE)
    assert set(relevance.values_list("subject_id", flat=True)) == {first.pk, second.pk}


def test_participant_answers_once_and_the_answer_has_no_link_to_them(offering, peserta):
    instrument = open_instrument(offering)
    answers = likert_answers(instrument, 5)
    open_item = instrument.template.items.filter(kind=ItemKind.OPEN).first()
    answers[open_item.pk] = "Sangat bermanfaat"
    response = submit_response(instrument, user=peserta, answers=answers, now=timezone.now())
    assert SurveyParticipation.objects.filter(instrument=instrument, user=peserta).count() == 1
    field_names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not field_names & {"user", "respondent", "created_at", "submitted_at"}
    assert SurveyAnswer.objects.filter(response=response, value=5).count() == len(answers) - 1
    with pytest.raises(AlreadyAnswered):
        submit_response(instrument, user=peserta, answers=answers, now=timezone.now())
    assert SurveyResponse.objects.filter(instrument=instrument).count() == 1


def test_missing_required_likert_item_is_refused_and_nothing_stored(offering, peserta):
    instrument = open_instrument(offering)
    answers = likert_answers(instrument)
    missing = next(iter(answers))
    del answers[missing]
    with pytest.raises(InvalidAnswers) as error:
        submit_response(instrument, user=peserta, answers=answers, now=timezone.now())
    assert set(error.value.errors) == {missing}
    assert not SurveyParticipation.objects.exists()
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("bad", [0, 6, "x", -1])
def test_value_off_the_scale_is_refused(offering, peserta, bad):
    instrument = open_instrument(offering)
    answers = likert_answers(instrument)
    first = next(iter(answers))
    answers[first] = bad
    with pytest.raises(InvalidAnswers) as error:
        submit_response(instrument, user=peserta, answers=answers, now=timezone.now())
    assert "1 dan 5" in error.value.errors[first]


def test_non_participant_cannot_answer(offering, peserta_lain):
    instrument = open_instrument(offering)
    with pytest.raises(NotARespondent):
        submit_response(
            instrument, user=peserta_lain, answers=likert_answers(instrument), now=timezone.now()
        )


def test_closed_survey_refuses_answers(offering, peserta):
    instrument = open_instrument(offering)
    with pytest.raises(SurveyClosed):
        submit_response(
            instrument,
            user=peserta,
            answers=likert_answers(instrument),
            now=instrument.closes_at + timedelta(minutes=1),
        )


def test_my_surveys_lists_open_unanswered_instruments_only(offering, peserta, widyaiswara):
    instrument = open_instrument(offering)
    rated = open_instrument(offering, "STD-FACILITATOR", facilitator=widyaiswara)
    now = timezone.now()
    assert {i.pk for i in open_surveys_for(peserta, now=now)} == {instrument.pk, rated.pk}
    submit_response(instrument, user=peserta, answers=likert_answers(instrument), now=now)
    assert [i.pk for i in open_surveys_for(peserta, now=now)] == [rated.pk]
    assert open_surveys_for(peserta, now=max(instrument.closes_at, rated.closes_at)) == []


def test_supervisor_and_facilitator_answer_curriculum_relevance(offering, pimpinan, widyaiswara):
    subject = SubjectFactory(program=offering.program)
    subject.facilitators.add(widyaiswara)
    instrument = open_instrument(offering, "STD-RELEVANCE", subject=subject)
    now = timezone.now()
    assert instrument in open_surveys_for(pimpinan, now=now)
    assert instrument in open_surveys_for(widyaiswara, now=now)
    submit_response(instrument, user=pimpinan, answers=likert_answers(instrument), now=now)
    response = SurveyResponse.objects.get(instrument=instrument)
    assert response.respondent_role == "supervisor"


def test_pimpinan_of_another_institution_is_not_asked(offering, pimpinan_lain):
    subject = SubjectFactory(program=offering.program)
    instrument = open_instrument(offering, "STD-RELEVANCE", subject=subject)
    assert open_surveys_for(pimpinan_lain, now=timezone.now()) == []
    with pytest.raises(NotARespondent):
        submit_response(
            instrument, user=pimpinan_lain, answers=likert_answers(instrument), now=timezone.now()
        )

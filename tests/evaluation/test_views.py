"""Survey pages: answering in the browser, reports behind the anonymity threshold, access."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bangkom.evaluation.models import SurveyParticipation, SurveyResponse
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory
from tests.evaluation.factories import add_responses, likert_answers, open_instrument
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(peserta):
    offering = OfferingFactory()
    EnrollmentFactory(offering=offering, participant=peserta)
    return offering


def _report(client, instrument):
    return client.get(reverse("evaluation:instrument-report", args=[instrument.pk]))


def test_participant_answers_the_survey_through_the_page(offering, peserta):
    instrument = open_instrument(offering)
    client = logged_in_client(peserta)
    page = client.get(reverse("evaluation:my-surveys"))
    assert instrument.title in page.content.decode()
    data = {f"item-{pk}": value for pk, value in likert_answers(instrument, 4).items()}
    response = client.post(reverse("evaluation:survey-answer", args=[instrument.pk]), data)
    assert response.status_code == 302
    assert SurveyParticipation.objects.filter(user=peserta, instrument=instrument).exists()
    again = client.get(reverse("evaluation:survey-answer", args=[instrument.pk]), follow=True)
    assert "sudah mengisi" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_incomplete_answers_show_errors_and_keep_choices(offering, peserta):
    instrument = open_instrument(offering)
    answers = likert_answers(instrument, 2)
    missing = next(iter(answers))
    del answers[missing]
    data = {f"item-{pk}": value for pk, value in answers.items()}
    response = logged_in_client(peserta).post(
        reverse("evaluation:survey-answer", args=[instrument.pk]), data
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f'data-item-error="{missing}"' in html
    assert "checked" in html
    assert not SurveyResponse.objects.exists()


def test_someone_elses_survey_is_404(offering, peserta_lain):
    instrument = open_instrument(offering)
    response = logged_in_client(peserta_lain).get(
        reverse("evaluation:survey-answer", args=[instrument.pk])
    )
    assert response.status_code == 404


def test_four_responses_show_no_numbers(offering, widyaiswara):
    instrument = open_instrument(offering, "STD-FACILITATOR", facilitator=widyaiswara)
    add_responses(instrument, [5, 4, 4, 1], text="Penjelasannya kurang jelas")
    html = _report(logged_in_client(widyaiswara), instrument).content.decode()
    assert "Belum cukup tanggapan (n &lt; 5)" in html
    assert 'data-testid="likert-table"' not in html
    assert "likert-chart-data" not in html
    assert "%" not in html.split('data-testid="not-enough"')[1].split("</div>")[0]
    assert "Penjelasannya kurang jelas" not in html


def test_five_responses_show_aggregates_and_shuffled_open_answers(offering, widyaiswara):
    instrument = open_instrument(offering, "STD-FACILITATOR", facilitator=widyaiswara)
    add_responses(instrument, [5, 4, 4, 1, 2], text="Contoh nyata membantu")
    html = _report(logged_in_client(widyaiswara), instrument).content.decode()
    assert 'data-testid="likert-table"' in html
    assert "40,0%" in html  # two of five chose 4 (Indonesian decimal comma)
    assert "60,0%" in html  # top two values
    assert html.count("Contoh nyata membantu") == 5
    assert "likert-chart-data" in html


def test_facilitator_cannot_see_another_facilitators_results(offering, widyaiswara):
    from tests.accounts.factories import UserFactory

    other = UserFactory(roles=["widyaiswara"])
    instrument = open_instrument(offering, "STD-FACILITATOR", facilitator=other)
    add_responses(instrument, [5] * 6)
    client = logged_in_client(widyaiswara)
    assert _report(client, instrument).status_code == 404
    assert (
        client.get(reverse("evaluation:instrument-export", args=[instrument.pk])).status_code == 404
    )
    listing = client.get(reverse("evaluation:instrument-list")).content.decode()
    assert instrument.title not in listing


def test_facilitator_cannot_see_program_results(offering, widyaiswara):
    instrument = open_instrument(offering)
    add_responses(instrument, [5] * 6)
    assert _report(logged_in_client(widyaiswara), instrument).status_code == 404


def test_participant_cannot_open_reports(offering, peserta):
    instrument = open_instrument(offering)
    add_responses(instrument, [5] * 6)
    assert _report(logged_in_client(peserta), instrument).status_code in (403, 404)


def test_manager_sees_every_instrument_and_exports_xlsx(offering, pengelola):
    instrument = open_instrument(offering)
    add_responses(instrument, [5, 5, 4, 3, 2])
    client = logged_in_client(pengelola)
    assert _report(client, instrument).status_code == 200
    response = client.get(reverse("evaluation:instrument-export", args=[instrument.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][-2] == 60.0  # setuju + sangat setuju
    assert rows[1][-1] == 5


def test_export_below_threshold_gives_no_numbers(offering, pengelola):
    instrument = open_instrument(offering)
    add_responses(instrument, [5, 5])
    response = logged_in_client(pengelola).get(
        reverse("evaluation:instrument-export", args=[instrument.pk])
    )
    assert response.status_code == 302


def test_instrument_list_is_paginated_with_few_queries(
    offering, pengelola, django_assert_max_num_queries
):
    for code in ("STD-PROGRAM", "STD-ORGANIZER", "STD-PROGRAM-MANAGER"):
        add_responses(open_instrument(offering, code), [4, 5])
    client = logged_in_client(pengelola)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("evaluation:instrument-list"))
    assert response.status_code == 200


def test_manager_creates_the_standard_instruments_of_an_offering(offering, pengelola):
    response = logged_in_client(pengelola).post(
        reverse("evaluation:offering-instruments", args=[offering.pk]),
        {"phase": "after", "opens_at": "2026-12-01T08:00", "closes_at": "2026-12-15T17:00"},
    )
    assert response.status_code == 302
    assert offering.survey_instruments.count() >= 3

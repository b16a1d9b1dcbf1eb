"""Browser: a participant answers the post-training survey on "Survei saya"; the manager then
opens the offering dashboard and sees the funnel and the survey chart (issue 8).

Four other participants answered before, so this answer is the fifth: the anonymity
threshold is reached and the survey chart appears.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bangkom.accounts.choices import Role
from bangkom.evaluation.models import SurveyParticipation, SurveyResponse
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.curriculum.factories import OfferingFactory
from tests.evaluation.factories import add_responses, enrolled_participants, open_instrument
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, user) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(user.nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Selamat datang").wait_for()


def test_participant_answers_survey_and_manager_sees_funnel_and_survey_chart(
    page, browser, live_server
):
    participant = UserFactory(roles=[Role.PESERTA])
    manager = UserFactory(roles=[Role.PENGELOLA])
    offering = OfferingFactory(running=True)
    EnrollmentFactory(offering=offering, participant=participant)
    enrolled_participants(offering, 4)
    instrument = open_instrument(offering)  # the post-training program evaluation
    add_responses(instrument, [5, 4, 4, 3])  # four others answered: below the threshold

    _log_in(page, participant)
    page.get_by_role("link", name="Survei saya").first.click()
    page.get_by_role("heading", name="Survei saya").wait_for()
    page.get_by_role("link", name=instrument.title).click()
    page.get_by_role("heading", name=instrument.title).wait_for()
    for fieldset in page.locator("fieldset.survey-question").all():
        radio = fieldset.get_by_label("Setuju", exact=True)
        if radio.count():
            radio.check()
    page.get_by_role("textbox").first.fill("Video materi sangat membantu.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("jawaban Anda tersimpan tanpa nama")).to_be_visible()
    assert SurveyParticipation.objects.filter(user=participant, instrument=instrument).exists()
    assert SurveyResponse.objects.filter(instrument=instrument).count() == 5

    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    errors: list[str] = []
    manager_page = context.new_page()
    manager_page.set_default_timeout(15_000)
    manager_page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    try:
        _log_in(manager_page, manager)
        manager_page.goto(reverse("reports:offering-dashboard", args=[offering.pk]))
        expect(manager_page.get_by_test_id("funnel-table")).to_be_visible()
        expect(manager_page.get_by_test_id("funnel-chart")).to_be_visible()
        expect(manager_page.get_by_test_id("survey-chart")).to_be_visible()
    finally:
        context.close()
    assert errors == []

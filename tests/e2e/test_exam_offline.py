"""Browser: a participant takes a subject exam; the network drops while they answer three
questions; when it returns every answer reaches the server; a reload resumes with the same
answers; submitting (HTML confirmation, no native dialog) shows the score (RELIABILITY.md F6,
decision 5)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bangkom.accounts.choices import Role
from bangkom.assessments.choices import AssessmentKind
from bangkom.assessments.models import Answer, Attempt
from bangkom.assessments.option_ids import option_token
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.curriculum.factories import SubjectFactory
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db(transaction=True)

# (question position, displayed option index 0–4 = A–E); question 5 stays unanswered
CHOICES = [(1, 1), (2, 0), (3, 2), (4, 3)]


def stored_options(attempt: Attempt) -> dict[int, list[str]]:
    return dict(Answer.objects.filter(attempt=attempt).values_list("position", "option_ids"))


def expected_option(attempt: Attempt, position: int, shown: int) -> str:
    entry = attempt.form[position - 1]
    return option_token(attempt.pk, entry["item"], entry["order"][shown])


def participant_with_an_exam():
    """A participant enrolled in a running offering with a published 5-item subject exam."""
    user = UserFactory(roles=[Role.PESERTA])
    enrollment = EnrollmentFactory(participant=user, offering__running=True)
    subject = SubjectFactory(program=enrollment.offering.program)
    bank = make_bank(enrollment.offering.program, size=5, subject=subject)
    AssessmentFactory(
        offering=enrollment.offering,
        kind=AssessmentKind.SUBJECT,
        subject=subject,
        title="Ujian Etika Pemerintahan",
        banks=[bank],
        item_count=5,
        passing_score=70,
        max_attempts=5,
    )
    return user, enrollment


def log_in_and_start(page, user, enrollment) -> Attempt:
    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(user.nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Selamat datang").wait_for()
    page.goto(f"/ujian/peserta/{enrollment.pk}/")
    page.get_by_test_id("exam-start").click()
    page.wait_for_url("**/ujian/kerjakan/**")
    return Attempt.objects.get()


OUTBOX_KEYS = "Object.keys(localStorage).filter(k => k.startsWith('bangkom.outbox.'))"
UNSENT = (
    "Object.keys(localStorage).filter(k => k.startsWith('bangkom.outbox.'))"
    ".reduce((n, k) => n + Object.keys(JSON.parse(localStorage.getItem(k)).items).length, 0)"
)


def test_answers_given_offline_are_saved_when_the_network_returns(page):
    # given
    user, enrollment = participant_with_an_exam()
    attempt = log_in_and_start(page, user, enrollment)
    connection = page.get_by_test_id("exam-connection")
    options = page.get_by_test_id("exam-option")
    question = page.get_by_test_id("exam-question-number")

    # when: one answer online
    expect(question).to_have_text(re.compile("^Soal 1 dari 5"))
    options.nth(CHOICES[0][1]).click()
    expect(connection).to_have_attribute("data-state", "saved")
    assert stored_options(attempt)[1] == [expected_option(attempt, 1, CHOICES[0][1])]

    # ... then three more with the network cut (click, keyboard, click)
    page.context.set_offline(True)
    expect(connection).to_have_attribute("data-state", "offline")
    page.get_by_test_id("exam-next").click()
    expect(question).to_have_text(re.compile("^Soal 2 dari 5"))
    options.nth(CHOICES[1][1]).click()
    page.keyboard.press("ArrowRight")
    expect(question).to_have_text(re.compile("^Soal 3 dari 5"))
    page.keyboard.press("C")
    expect(options.nth(CHOICES[2][1]).locator("input")).to_be_checked()
    page.get_by_test_id("exam-nav").get_by_role("button", name=re.compile("^Soal 4,")).click()
    expect(question).to_have_text(re.compile("^Soal 4 dari 5"))
    options.nth(CHOICES[3][1]).click()
    expect(connection).to_have_attribute("data-state", "offline")
    expect(connection).to_contain_text("Offline — jawaban disimpan di perangkat ini")
    assert all(stored_options(attempt)[p] == [] for p in (2, 3, 4))  # nothing got through

    # ... and the network returns
    page.context.set_offline(False)
    expect(connection).to_have_attribute("data-state", "saved", timeout=20_000)

    # then: every answer is on the server with the option chosen
    stored = stored_options(attempt)
    for position, shown in CHOICES:
        assert stored[position] == [expected_option(attempt, position, shown)], position
    assert stored[5] == []

    # a reload resumes where the participant was, with the same answers
    page.reload()
    expect(question).to_have_text(re.compile("^Soal 4 dari 5"))
    expect(options.nth(CHOICES[3][1]).locator("input")).to_be_checked()
    nav = page.get_by_test_id("exam-nav").get_by_role("button")
    expect(nav).to_have_count(5)
    expect(page.locator('#exam-nav button[data-state="answered"]')).to_have_count(4)
    nav.nth(0).click()
    expect(options.nth(CHOICES[0][1]).locator("input")).to_be_checked()

    # submit asks (an HTML modal) and names the unanswered count, then shows the score
    page.get_by_test_id("exam-submit").click()
    expect(page.get_by_test_id("exam-submit-summary")).to_have_text(
        "Masih ada 1 soal belum dijawab."
    )
    page.get_by_test_id("exam-submit-confirm").click()
    page.wait_for_url("**/ujian/hasil/**")
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    shown_score = page.get_by_test_id("exam-result-value").inner_text().strip()
    assert shown_score.replace(",", ".") == str(attempt.score)
    expect(page.get_by_test_id("exam-result-label")).to_have_text(
        "Lulus" if attempt.passed else "Tidak lulus"
    )
    # the browser keeps nothing of the finished attempt (decision 5)
    assert page.evaluate(OUTBOX_KEYS) == []


def test_logging_out_sends_what_it_can_and_leaves_no_answers_in_the_browser(page):
    user, enrollment = participant_with_an_exam()
    attempt = log_in_and_start(page, user, enrollment)
    connection = page.get_by_test_id("exam-connection")

    page.context.set_offline(True)
    expect(connection).to_have_attribute("data-state", "offline")
    page.get_by_test_id("exam-option").nth(2).click()
    assert page.evaluate(UNSENT) == 1  # kept on the device while offline
    page.context.set_offline(False)
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/akun/masuk/**")

    assert page.evaluate(OUTBOX_KEYS) == []
    assert stored_options(attempt)[1] == [expected_option(attempt, 1, 2)]

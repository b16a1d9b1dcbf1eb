"""The participant's exam pages: my exams, start and device takeover (decision 4), the CAT
page without any key (K1), the result page and its review gating (decision 2, K4, K5)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import bangkom
from bangkom.assessments.choices import AssessmentKind, AttemptEventKind, AttemptStatus
from bangkom.assessments.models import Attempt, AttemptEvent
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.assessments.factories_exam import begin, enrolled, finish, subject_exam
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory

pytestmark = pytest.mark.django_db

KEY_MARKERS = ('"correct"', '"points"', "is_correct", "answer_key", '"score"', '"weight"')
DEVICE_A = "perangkat-a-0001"
DEVICE_B = "perangkat-b-0002"


@pytest.fixture
def enrollment(peserta):
    return enrolled(OfferingFactory(running=True), participant=peserta)


@pytest.fixture
def exam(enrollment):
    return subject_exam(enrollment.offering)


@pytest.fixture
def client(peserta):
    return logged_in_client(peserta)


def start_url(exam):
    return reverse("assessments:exam-start", args=[exam.pk])


def test_my_exams_lists_the_exam_with_a_start_button(client, enrollment, exam):
    response = client.get(reverse("assessments:my-exams", args=[enrollment.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert exam.title in page
    assert 'data-testid="exam-start"' in page
    assert "0 / 5" in page  # attempts used / allowed
    assert "no-store" in response["Cache-Control"]


def test_my_exams_shows_the_locked_reason_in_indonesian(client, enrollment, exam):
    exam.opens_at = timezone.now() + timedelta(days=1)
    exam.save()

    page = client.get(reverse("assessments:my-exams", args=[enrollment.pk])).content.decode()

    assert "Ujian ini tidak sedang dibuka." in page
    assert 'data-testid="exam-start"' not in page


def test_another_participants_exam_list_is_404(peserta_lain, enrollment, exam):
    outsider = logged_in_client(peserta_lain)
    assert outsider.get(reverse("assessments:my-exams", args=[enrollment.pk])).status_code == 404


def test_start_opens_an_attempt_bound_to_this_device(client, enrollment, exam):
    response = client.post(start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_A})

    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:exam-page", args=[attempt.pk])
    assert attempt.device_token == DEVICE_A
    assert attempt.events.filter(kind=AttemptEventKind.STARTED).count() == 1


def test_start_for_someone_elses_enrolment_is_404(peserta_lain, enrollment, exam):
    outsider = logged_in_client(peserta_lain)
    response = outsider.post(start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_A})
    assert response.status_code == 404
    assert not Attempt.objects.exists()


def test_a_refused_start_shows_the_reason_and_changes_nothing(client, enrollment, exam):
    exam.closes_at = timezone.now() - timedelta(minutes=1)
    exam.save()

    response = client.post(
        start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_A}, follow=True
    )

    assert "Ujian ini tidak sedang dibuka." in response.content.decode()
    assert not Attempt.objects.exists()


def test_start_by_get_is_not_allowed(client, exam):
    assert client.get(start_url(exam)).status_code == 405


def test_same_device_resumes_without_asking(client, enrollment, exam):
    client.post(start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_A})
    again = client.post(start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_A})

    assert again.status_code == 302
    assert Attempt.objects.count() == 1
    assert not AttemptEvent.objects.filter(kind=AttemptEventKind.TAKEOVER).exists()


def test_another_device_must_confirm_and_the_takeover_is_logged(client, enrollment, exam):
    client.post(start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_A})
    attempt = Attempt.objects.get()

    asked = client.post(start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_B})

    assert asked.status_code == 200
    assert "Lanjutkan ujian di perangkat ini?" in asked.content.decode()
    attempt.refresh_from_db()
    assert attempt.device_token == DEVICE_A  # nothing moved before the confirmation
    assert not attempt.events.filter(kind=AttemptEventKind.TAKEOVER).exists()

    confirmed = client.post(
        start_url(exam),
        {"enrollment": enrollment.pk, "device": DEVICE_B, "takeover": "1"},
        REMOTE_ADDR="10.9.8.7",
        HTTP_USER_AGENT="Ponsel Uji",
    )

    assert confirmed["Location"] == reverse("assessments:exam-page", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.device_token == DEVICE_B
    event = attempt.events.get(kind=AttemptEventKind.TAKEOVER)
    assert (event.ip_address, event.user_agent) == ("10.9.8.7", "Ponsel Uji")
    assert Attempt.objects.count() == 1


def test_the_exam_page_on_the_old_device_asks_again_after_a_takeover(client, enrollment, exam):
    client.post(start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_A})
    client.post(start_url(exam), {"enrollment": enrollment.pk, "device": DEVICE_B, "takeover": "1"})
    attempt = Attempt.objects.get()
    page_url = reverse("assessments:exam-page", args=[attempt.pk])

    client.cookies["bangkom_device"] = DEVICE_A
    old = client.get(page_url)
    client.cookies["bangkom_device"] = DEVICE_B
    new = client.get(page_url)

    assert "Lanjutkan ujian di perangkat ini?" in old.content.decode()
    assert 'id="exam-data"' not in old.content.decode()
    assert 'id="exam-data"' in new.content.decode()


def exam_data(response) -> dict:
    match = re.search(
        r'<script id="exam-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_the_exam_page_holds_the_whole_form_once_without_any_key(client, enrollment, exam):
    attempt = begin(exam, enrollment, device=DEVICE_A)
    client.cookies["bangkom_device"] = DEVICE_A

    response = client.get(reverse("assessments:exam-page", args=[attempt.pk]))

    assert response.status_code == 200
    raw = response.content.decode()
    for marker in KEY_MARKERS:
        assert marker not in raw, marker
    data = exam_data(response)
    assert len(data["items"]) == 5
    assert {"item_id", "position", "type", "stem", "options"} == set(data["items"][0])
    assert all(set(option) == {"option_id", "text"} for option in data["items"][0]["options"])
    assert 0 < data["remaining"] <= exam.duration_minutes * 60
    assert data["urls"]["answer"] == f"/api/v1/attempts/{attempt.pk}/answers/"
    assert "no-store" in response["Cache-Control"]


def test_the_exam_script_carries_no_key_vocabulary():
    text = (Path(bangkom.__file__).parent / "static" / "js" / "exam.js").read_text().lower()
    for word in ("correct", "score", "weight", "answer_key", "points", "feedback"):
        assert word not in text, word


def test_the_exam_page_shows_the_answers_saved_so_far(client, enrollment, exam):
    from tests.assessments.factories_exam import answer

    attempt = begin(exam, enrollment, device=DEVICE_A)
    answer(attempt, 1, right=False, seq=7)
    client.cookies["bangkom_device"] = DEVICE_A

    data = exam_data(client.get(reverse("assessments:exam-page", args=[attempt.pk])))

    first = next(a for a in data["answers"] if a["item_id"] == attempt.form[0]["item"])
    assert first["client_seq"] == 7
    assert len(first["option_ids"]) == 1


def test_someone_elses_exam_page_is_404(peserta_lain, enrollment, exam):
    attempt = begin(exam, enrollment)
    outsider = logged_in_client(peserta_lain)
    assert outsider.get(reverse("assessments:exam-page", args=[attempt.pk])).status_code == 404
    assert outsider.get(reverse("assessments:exam-result", args=[attempt.pk])).status_code == 404


def test_a_finished_attempt_opens_the_result_not_the_exam(client, enrollment, exam):
    attempt = finish(begin(exam, enrollment), right=4)
    response = client.get(reverse("assessments:exam-page", args=[attempt.pk]))
    assert response["Location"] == reverse("assessments:exam-result", args=[attempt.pk])


def test_an_overdue_attempt_is_finalised_when_its_page_is_opened(client, enrollment, exam):
    attempt = begin(exam, enrollment, now=timezone.now() - timedelta(hours=2))

    response = client.get(reverse("assessments:exam-page", args=[attempt.pk]))

    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert response["Location"] == reverse("assessments:exam-result", args=[attempt.pk])


# --- result page ---------------------------------------------------------------------------------


def result_page(client, attempt) -> str:
    response = client.get(reverse("assessments:exam-result", args=[attempt.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def test_the_result_shows_score_pass_and_counts(client, enrollment, exam):
    attempt = finish(begin(exam, enrollment), right=4)

    page = result_page(client, attempt)

    assert "80,00" in page or "80.00" in page
    assert "Lulus" in page
    assert "4 dari 5 soal dijawab tepat" in page


def test_the_final_test_says_kompeten(client, enrollment):
    bank = make_bank(enrollment.offering.program, size=10)
    final = AssessmentFactory(
        offering=enrollment.offering, kind=AssessmentKind.FINAL, banks=[bank], item_count=5
    )
    attempt = finish(begin(final, enrollment), right=2)

    page = result_page(client, attempt)

    assert "Belum kompeten" in page


def closed_window(exam, *, review=True):
    exam.allow_review = review
    exam.closes_at = timezone.now() - timedelta(minutes=1)
    exam.save()


def test_the_key_stays_hidden_when_review_is_not_allowed(client, enrollment, exam):
    attempt = finish(begin(exam, enrollment), right=5)
    closed_window(exam, review=False)

    page = result_page(client, attempt)

    assert 'data-testid="exam-review"' not in page
    assert "Kunci" not in page


def test_the_key_stays_hidden_while_the_window_is_open(client, enrollment, exam):
    exam.allow_review = True
    exam.save()
    attempt = finish(begin(exam, enrollment), right=5)

    page = result_page(client, attempt)

    assert 'data-testid="exam-review"' not in page
    assert 'data-testid="review-hidden"' in page


def test_the_key_stays_hidden_while_attempts_remain_after_a_fail(client, enrollment, exam):
    attempt = finish(begin(exam, enrollment), right=1)  # 20: failed, 4 attempts left
    closed_window(exam)

    page = result_page(client, attempt)

    assert 'data-testid="exam-review"' not in page


def test_the_key_stays_hidden_while_someone_is_still_sitting_the_exam(
    client, enrollment, exam, peserta_lain
):
    attempt = finish(begin(exam, enrollment), right=5)
    other = enrolled(enrollment.offering, participant=peserta_lain)
    begin(exam, other)  # started before the window closed, still running
    closed_window(exam)

    page = result_page(client, attempt)

    assert 'data-testid="exam-review"' not in page


def test_review_shows_choices_and_key_after_the_window_closed_for_a_pass(client, enrollment, exam):
    attempt = finish(begin(exam, enrollment), right=4)
    closed_window(exam)

    page = result_page(client, attempt)

    assert 'data-testid="exam-review"' in page
    assert page.count('data-testid="review-item"') == 5
    assert page.count("exam-review-key") == 5
    assert "Pilihan peserta" in page


def test_review_is_shown_when_no_attempt_remains(client, enrollment, exam):
    exam.max_attempts = 1
    exam.save()
    attempt = finish(begin(exam, enrollment), right=0)
    closed_window(exam)

    assert 'data-testid="exam-review"' in result_page(client, attempt)


def test_an_open_attempts_result_page_sends_back_to_the_exam(client, enrollment, exam):
    attempt = begin(exam, enrollment)
    response = client.get(reverse("assessments:exam-result", args=[attempt.pk]))
    assert response["Location"] == reverse("assessments:exam-page", args=[attempt.pk])


def test_the_result_page_clears_the_local_outbox_of_the_attempt(client, enrollment, exam):
    attempt = finish(begin(exam, enrollment), right=4)
    page = result_page(client, attempt)
    assert f'id="exam-finished" data-attempt="{attempt.pk}"' in page
    assert "js/exam.js" in page


def test_pages_need_a_login():
    response = Client().get(reverse("assessments:exam-page", args=[1]))
    assert response.status_code == 302


def test_the_exam_page_costs_the_same_queries_for_a_longer_form(
    client, enrollment, django_assert_max_num_queries
):
    short = subject_exam(enrollment.offering, bank_size=5, item_count=5)
    long = subject_exam(enrollment.offering, bank_size=40, item_count=40)
    client.cookies["bangkom_device"] = DEVICE_A
    counts = []
    for exam in (short, long):
        attempt = begin(exam, enrollment, device=DEVICE_A)
        with django_assert_max_num_queries(12) as captured:
            assert (
                client.get(reverse("assessments:exam-page", args=[attempt.pk])).status_code == 200
            )
        counts.append(len(captured))
    assert counts[0] == counts[1]

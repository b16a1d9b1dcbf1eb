"""Managers' views of a session: the live monitor (K10), results with integrity counts and
XLSX, the integrity log, voiding (it frees the slot and is logged), who may see what."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bangkom.assessments.attempts import ClientInfo, log_event, start_attempt
from bangkom.assessments.choices import AttemptEventKind, AttemptStatus
from bangkom.assessments.errors import StartRefused
from bangkom.assessments.models import Attempt
from bangkom.assessments.monitoring import MonitorState, session_monitor
from bangkom.learning.choices import EnrollmentStatus
from tests.assessments.factories_exam import answer, begin, enrolled, finish, subject_exam
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering():
    return OfferingFactory(running=True)


@pytest.fixture
def exam(offering):
    return subject_exam(offering)


@pytest.fixture
def session(offering, exam):
    """Five real participants in every state, plus a trial tester and a withdrawn one."""
    now = timezone.now()
    people = {name: enrolled(offering) for name in ("idle", "busy", "done", "late", "voided")}
    busy = begin(exam, people["busy"])
    answer(busy, 1, right=True)
    answer(busy, 2, right=False)
    finish(begin(exam, people["done"]), right=4)
    begin(exam, people["late"], now=now - timedelta(hours=2))  # past deadline, not swept yet
    voided = begin(exam, people["voided"])
    Attempt.objects.filter(pk=voided.pk).update(status=AttemptStatus.VOIDED, slot=None)
    begin(exam, enrolled(offering, is_trial=True))
    enrolled(offering, status=EnrollmentStatus.WITHDRAWN)
    return people


def test_the_monitor_counts_each_state(exam, session):
    monitor = session_monitor(exam, now=timezone.now())

    assert monitor.counts == {
        "not_started": 2,
        "in_progress": 1,
        "submitted": 1,
        "expired": 1,
    }
    by_enrollment = {row.enrollment_id: row for row in monitor.rows}
    busy = by_enrollment[session["busy"].pk]
    assert (busy.state, busy.answered, busy.total) == (MonitorState.IN_PROGRESS, 2, 5)
    assert busy.remaining_seconds > 0
    assert busy.score is None  # K10: nothing about correctness while it runs
    done = by_enrollment[session["done"].pk]
    assert (done.state, str(done.score)) == (MonitorState.SUBMITTED, "80.00")
    assert len(monitor.rows) == 5  # trial tester and withdrawn enrolment left out


def test_the_monitor_page_and_its_htmx_refresh(exam, session, pengelola):
    client = logged_in_client(pengelola)
    url = reverse("assessments:assessment-monitor", args=[exam.pk])

    page = client.get(url)
    partial = client.get(url, HTTP_HX_REQUEST="true")

    assert page.status_code == 200
    assert 'hx-trigger="every 5s"' in page.content.decode()
    assert partial.status_code == 200
    body = partial.content.decode()
    assert "<html" not in body
    assert body.count('data-testid="monitor-row"') == 5
    assert 'data-testid="count-in_progress">1<' in body


def test_the_monitor_filters_by_state(exam, session, pengelola):
    url = reverse("assessments:assessment-monitor", args=[exam.pk])
    body = logged_in_client(pengelola).get(url, {"state": "not_started"}).content.decode()
    assert body.count('data-testid="monitor-row"') == 2


def test_the_monitor_costs_the_same_queries_for_more_participants(
    offering, exam, pengelola, django_assert_max_num_queries
):
    client = logged_in_client(pengelola)
    url = reverse("assessments:assessment-monitor", args=[exam.pk])
    for _ in range(3):
        answer(begin(exam, enrolled(offering)), 1, right=True)
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(12):
        answer(begin(exam, enrolled(offering)), 1, right=True)
        enrolled(offering)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count('data-testid="monitor-row"') == 27


def give_integrity_events(attempt, now):
    log_event(attempt, AttemptEventKind.FOCUS_LOST, ClientInfo("10.0.0.1", "UA"), now=now)
    log_event(attempt, AttemptEventKind.FOCUS_LOST, ClientInfo("10.0.0.1", "UA"), now=now)
    log_event(attempt, AttemptEventKind.TAKEOVER, ClientInfo("10.0.0.2", "Ponsel"), now=now)


def test_results_show_scores_and_integrity_counts(offering, exam, pengelola):
    now = timezone.now()
    attempt = begin(exam, enrolled(offering), ip="10.0.0.1")
    give_integrity_events(attempt, now)
    finish(attempt, right=3)
    finish(begin(exam, enrolled(offering)), right=5)
    client = logged_in_client(pengelola)

    response = client.get(reverse("assessments:assessment-results", args=[exam.pk]))

    body = response.content.decode()
    assert body.count('data-testid="result-row"') == 2
    assert "2 percobaan, 2 selesai, 1 lulus." in body
    assert 'data-testid="focus-lost">2<' in body
    assert '<span class="badge text-bg-warning">1</span>' in body  # one takeover, one IP change


def test_results_export_to_xlsx(offering, exam, pengelola):
    attempt = begin(exam, enrolled(offering))
    give_integrity_events(attempt, timezone.now())
    finish(attempt, right=4)

    response = logged_in_client(pengelola).get(
        reverse("assessments:assessment-results-xlsx", args=[exam.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("NIP", "Nama", "Percobaan ke")
    assert rows[1][0] == attempt.participant.nip
    assert rows[1][7] == 80.0
    assert rows[1][10] == "Lulus"
    assert rows[1][11:14] == (2, 1, 1)


def test_the_results_page_costs_the_same_queries_for_more_attempts(
    offering, exam, pengelola, django_assert_max_num_queries
):
    client = logged_in_client(pengelola)
    url = reverse("assessments:assessment-results", args=[exam.pk])
    finish(begin(exam, enrolled(offering)), right=3)
    with django_assert_max_num_queries(10):
        client.get(url)
    for _ in range(10):
        finish(begin(exam, enrolled(offering)), right=2)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count('data-testid="result-row"') == 11


def test_the_integrity_log_shows_events_with_ip_and_user_agent(offering, exam, pengelola):
    attempt = begin(exam, enrolled(offering), ip="10.1.2.3")
    give_integrity_events(attempt, timezone.now())

    body = (
        logged_in_client(pengelola)
        .get(reverse("assessments:attempt-detail-manager", args=[attempt.pk]))
        .content.decode()
    )

    assert body.count('data-testid="event-row"') == 4  # started + 2 focus lost + takeover
    assert "10.1.2.3" in body
    assert "Mozilla/5.0 Uji" in body
    assert "Ponsel" in body
    assert 'data-testid="review-item"' in body  # the manager sees the answers


def test_voiding_needs_a_reason(offering, exam, pengelola):
    attempt = begin(exam, enrolled(offering))

    response = logged_in_client(pengelola).post(
        reverse("assessments:attempt-void", args=[attempt.pk]), {"reason": "   "}
    )

    attempt.refresh_from_db()
    assert response.status_code == 200
    assert attempt.status == AttemptStatus.OPEN
    assert not attempt.events.filter(kind=AttemptEventKind.VOIDED).exists()


def test_a_voided_attempt_frees_its_slot_and_is_logged(offering, pengelola):
    exam = subject_exam(offering, max_attempts=1, passing_score=100)
    enrollment = enrolled(offering)
    attempt = finish(begin(exam, enrollment), right=1)
    with pytest.raises(StartRefused):
        begin(exam, enrollment)  # the only attempt is used up

    response = logged_in_client(pengelola).post(
        reverse("assessments:attempt-void", args=[attempt.pk]),
        {"reason": "Gangguan listrik di lokasi ujian"},
    )

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.VOIDED
    assert attempt.voided_by == pengelola
    event = attempt.events.get(kind=AttemptEventKind.VOIDED)
    assert event.detail["reason"] == "Gangguan listrik di lokasi ujian"
    again, created = start_attempt(
        exam, enrollment=enrollment, participant=enrollment.participant, now=timezone.now()
    )
    assert created
    assert again.number == 2


def test_a_facilitator_reads_their_subjects_exam_but_cannot_void(
    offering, exam, widyaiswara, home_institution
):
    from tests.accounts.factories import UserFactory

    exam.subject.facilitators.add(widyaiswara)
    attempt = begin(exam, enrolled(offering))
    facilitator = logged_in_client(widyaiswara)
    stranger = logged_in_client(UserFactory(institution=home_institution, roles=["widyaiswara"]))

    for name in ("assessment-monitor", "assessment-results", "assessment-analysis"):
        assert facilitator.get(reverse(f"assessments:{name}", args=[exam.pk])).status_code == 200
        assert stranger.get(reverse(f"assessments:{name}", args=[exam.pk])).status_code == 404
    detail = facilitator.get(reverse("assessments:attempt-detail-manager", args=[attempt.pk]))
    assert 'data-testid="void-form"' not in detail.content.decode()
    voided = facilitator.post(
        reverse("assessments:attempt-void", args=[attempt.pk]), {"reason": "coba"}
    )
    assert voided.status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.OPEN


def test_participants_cannot_open_manager_pages(peserta, exam):
    client = logged_in_client(peserta)
    assert client.get(reverse("assessments:assessment-monitor", args=[exam.pk])).status_code == 404
    assert client.get(reverse("assessments:exam-overview")).status_code == 403


def test_managers_configure_an_assessment_through_the_form(offering, pengelola):
    from tests.assessments.factories import make_bank

    bank = make_bank(offering.program, size=12)
    client = logged_in_client(pengelola)
    url = reverse("assessments:assessment-create", args=[offering.pk])
    data = {
        "kind": "placement",
        "title": "Tes awal",
        "banks": [bank.pk],
        "passing_score": "",
        "max_attempts": "",
        "duration_minutes": "45",
        "opens_at": "",
        "closes_at": "",
        "item_count": "5",
        "shuffle_options": "on",
        "after_last_failure": "end_not_passed",
        "blueprint-TOTAL_FORMS": "3",
        "blueprint-INITIAL_FORMS": "0",
        "blueprint-MIN_NUM_FORMS": "0",
        "blueprint-MAX_NUM_FORMS": "1000",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assessment = offering.assessments.get()
    assert (str(assessment.passing_score), assessment.max_attempts) == ("85.00", 1)
    listing = client.get(reverse("assessments:offering-assessments", args=[offering.pk]))
    assert "Tes awal" in listing.content.decode()

    refused = client.post(url, {**data, "max_attempts": "2"})
    assert refused.status_code == 200
    assert "satu kali kesempatan" in refused.content.decode()
    assert offering.assessments.count() == 1


def test_publishing_from_the_list(offering, pengelola):
    exam = subject_exam(offering, is_published=False)
    response = logged_in_client(pengelola).post(
        reverse("assessments:assessment-publish", args=[exam.pk])
    )
    exam.refresh_from_db()
    assert response.status_code == 302
    assert exam.is_published


def test_the_overview_lists_offerings_for_managers_and_own_exams_for_facilitators(
    offering, exam, pengelola, widyaiswara
):
    exam.subject.facilitators.add(widyaiswara)
    other = subject_exam(offering)
    url = reverse("assessments:exam-overview")

    manager_page = logged_in_client(pengelola).get(url).content.decode()
    facilitator_page = logged_in_client(widyaiswara).get(url).content.decode()

    assert offering.name in manager_page
    assert exam.title in facilitator_page
    assert other.title not in facilitator_page


def test_the_edit_page_notes_that_existing_attempts_keep_their_rules(offering, exam, pengelola):
    begin(exam, enrolled(offering))

    response = logged_in_client(pengelola).get(
        reverse("assessments:assessment-edit", args=[exam.pk])
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="snapshot-note"' in body
    assert "2 paket" in body  # 10 items, 5 per form
    assert 'data-testid="capacity-warning"' in body  # fewer forms than the 5 attempts


def test_editing_keeps_kind_and_subject_and_saves_the_new_rules(offering, exam, pengelola):
    bank = exam.banks.get()
    data = {
        "title": "Ujian ulang",
        "banks": [bank.pk],
        "passing_score": "75",
        "max_attempts": "4",
        "duration_minutes": "40",
        "item_count": "5",
        "after_last_failure": "keep_open",
        "blueprint-TOTAL_FORMS": "1",
        "blueprint-INITIAL_FORMS": "0",
        "blueprint-MIN_NUM_FORMS": "0",
        "blueprint-MAX_NUM_FORMS": "1000",
        "blueprint-0-difficulty": "sedang",
        "blueprint-0-count": "5",
        "kind": "final",  # ignored: the field is locked on edit
    }

    response = logged_in_client(pengelola).post(
        reverse("assessments:assessment-edit", args=[exam.pk]), data
    )

    assert response.status_code == 302
    exam.refresh_from_db()
    assert (exam.kind, exam.title, str(exam.passing_score), exam.max_attempts) == (
        "subject",
        "Ujian ulang",
        "75.00",
        4,
    )
    assert exam.blueprint == [
        {"subject": None, "competency": None, "difficulty": "sedang", "count": 5}
    ]
    assert exam.subject is not None

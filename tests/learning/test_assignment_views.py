"""Assignment pages: what participants, facilitators and outsiders see and may do."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bangkom.learning.choices import SubmissionStatus
from bangkom.learning.models import Assignment, Submission
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.learning.factories import AssignmentFactory, EnrollmentFactory
from tests.learning.factories_work import SubmissionFactory, disguised_upload, pdf_upload

pytestmark = pytest.mark.django_db

DUE_2330_WIB = datetime(2030, 1, 10, 16, 30, tzinfo=UTC)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def offering():
    return OfferingFactory(running=True)


@pytest.fixture
def subject(offering, widyaiswara):
    subject = SubjectFactory(program=offering.program)
    subject.facilitators.add(widyaiswara)
    return subject


@pytest.fixture
def assignment(offering, subject):
    return AssignmentFactory(
        offering=offering, subject=subject, due_at=timezone.now() + timedelta(days=3)
    )


@pytest.fixture
def enrollment(offering, peserta):
    return EnrollmentFactory(offering=offering, participant=peserta)


@pytest.fixture
def other_widyaiswara(home_institution):
    return UserFactory(institution=home_institution, roles=["widyaiswara"])


def submit_url(enrollment, assignment):
    return reverse("learning:assignment-submit", args=[enrollment.pk, assignment.pk])


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


# --- participant ----------------------------------------------------------------------


def test_due_date_is_shown_in_the_participants_own_zone(offering, subject, other_institution):
    papuan = UserFactory(institution=other_institution, roles=["peserta"])
    enrollment = EnrollmentFactory(offering=offering, participant=papuan)
    AssignmentFactory(offering=offering, subject=subject, due_at=DUE_2330_WIB)

    page = logged_in_client(papuan).get(reverse("learning:assignments", args=[enrollment.pk]))

    assert page.status_code == 200
    assert "11-01-2030 01.30 WIT" in page.content.decode()


def test_participant_list_shows_status_score_and_feedback(assignment, enrollment, peserta):
    SubmissionFactory(
        assignment=assignment,
        enrollment=enrollment,
        status=SubmissionStatus.RETURNED,
        score=Decimal("55"),
        feedback="Tambahkan analisis risiko.",
    )

    html = (
        logged_in_client(peserta)
        .get(reverse("learning:assignments", args=[enrollment.pk]))
        .content.decode()
    )

    assert assignment.title in html
    assert "Dikembalikan untuk perbaikan" in html
    assert "55" in html
    assert "Tambahkan analisis risiko." in html


def test_participant_submits_a_file_and_sees_the_new_version(
    assignment, enrollment, peserta, media
):
    client = logged_in_client(peserta)

    response = client.post(
        submit_url(enrollment, assignment), {"text": "Terlampir.", "file": pdf_upload()}
    )

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.version == 1
    assert submission.original_filename == "telaahan.pdf"
    page = client.get(submit_url(enrollment, assignment)).content.decode()
    assert "Versi 1" in page
    assert "telaahan.pdf" in page


def test_disguised_file_shows_a_clear_message_and_stores_nothing(
    assignment, enrollment, peserta, media
):
    response = logged_in_client(peserta).post(
        submit_url(enrollment, assignment), {"file": disguised_upload()}
    )

    assert response.status_code == 200
    assert "Nama berkas tidak menentukan jenisnya" in response.content.decode()
    assert not Submission.objects.exists()
    assert stored_files(media) == []


def test_submit_page_shows_allowed_types_and_size_limit(assignment, enrollment, peserta):
    html = logged_in_client(peserta).get(submit_url(enrollment, assignment)).content.decode()
    assert "PDF, Word (DOCX)" in html
    assert "maksimal 20 MB" in html


def test_submit_form_is_gone_after_the_deadline(assignment, enrollment, peserta):
    assignment.due_at = timezone.now() - timedelta(minutes=1)
    assignment.save()
    client = logged_in_client(peserta)

    page = client.get(submit_url(enrollment, assignment)).content.decode()
    late = client.post(submit_url(enrollment, assignment), {"text": "Telat"})

    assert 'enctype="multipart/form-data"' not in page
    assert "Batas waktu pengumpulan sudah lewat" in late.content.decode()
    assert not Submission.objects.exists()


def test_participant_cannot_open_another_participants_enrolment(
    assignment, enrollment, peserta_lain
):
    client = logged_in_client(peserta_lain)
    assert client.get(reverse("learning:assignments", args=[enrollment.pk])).status_code == 404
    assert client.get(submit_url(enrollment, assignment)).status_code == 404
    assert client.post(submit_url(enrollment, assignment), {"text": "x"}).status_code == 404
    assert not Submission.objects.exists()


def test_assignment_of_another_offering_is_not_found_through_own_enrolment(enrollment, peserta):
    foreign = AssignmentFactory()
    response = logged_in_client(peserta).get(submit_url(enrollment, foreign))
    assert response.status_code == 404


# --- downloads ------------------------------------------------------------------------


@pytest.fixture
def file_submission(assignment, enrollment, media):
    from bangkom.learning.assignments import submit_assignment

    return submit_assignment(
        assignment,
        enrollment,
        text="",
        upload=pdf_upload('laporan "akhir".pdf'),
        now=timezone.now(),
    )


def test_owner_downloads_own_file_as_an_attachment(file_submission, peserta):
    response = logged_in_client(peserta).get(
        reverse("learning:submission-file", args=[file_submission.pk])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''laporan%20%22akhir%22.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_participant_cannot_download_the_file(file_submission, peserta_lain, offering):
    EnrollmentFactory(offering=offering, participant=peserta_lain)  # even a classmate
    response = logged_in_client(peserta_lain).get(
        reverse("learning:submission-file", args=[file_submission.pk])
    )
    assert response.status_code == 404


def test_facilitator_of_the_subject_downloads_but_another_widyaiswara_cannot(
    file_submission, widyaiswara, other_widyaiswara
):
    url = reverse("learning:submission-file", args=[file_submission.pk])
    assert logged_in_client(widyaiswara).get(url).status_code == 200
    assert logged_in_client(other_widyaiswara).get(url).status_code == 404


# --- facilitator ----------------------------------------------------------------------


def test_facilitator_creates_an_assignment_with_the_due_date_in_their_zone(
    offering, subject, widyaiswara
):
    response = logged_in_client(widyaiswara).post(
        reverse("learning:assignment-manage", args=[offering.pk]),
        {
            "subject": subject.pk,
            "title": "Rencana aksi",
            "instructions": "Susun *rencana aksi*.",
            "rubric": "",
            "due_at": "2030-01-10T23:30",
            "allowed_file_types": ["pdf", "docx"],
            "allows_text": "on",
            "max_file_mb": 10,
            "max_score": "100",
        },
    )

    assert response.status_code == 302
    created = Assignment.objects.get()
    assert created.due_at == DUE_2330_WIB  # typed in WIB, stored in UTC
    assert created.allowed_file_types == ["pdf", "docx"]
    assert "<em>rencana aksi</em>" in created.instructions


def test_manage_page_lists_only_the_facilitators_subjects(offering, subject, widyaiswara):
    mine = AssignmentFactory(offering=offering, subject=subject, title="Tugas saya")
    AssignmentFactory(
        offering=offering, subject=SubjectFactory(program=offering.program), title="Tugas lain"
    )

    html = (
        logged_in_client(widyaiswara)
        .get(reverse("learning:assignment-manage", args=[offering.pk]))
        .content.decode()
    )

    assert mine.title in html
    assert "Tugas lain" not in html


def test_widyaiswara_without_a_subject_in_the_offering_gets_404(offering, other_widyaiswara):
    url = reverse("learning:assignment-manage", args=[offering.pk])
    assert logged_in_client(other_widyaiswara).get(url).status_code == 404


def test_delete_is_refused_with_a_message_once_someone_submitted(
    assignment, enrollment, widyaiswara
):
    SubmissionFactory(assignment=assignment, enrollment=enrollment)
    client = logged_in_client(widyaiswara)

    response = client.post(
        reverse("learning:assignment-edit", args=[assignment.pk]), {"action": "delete"}, follow=True
    )

    assert "tidak dapat dihapus" in response.content.decode()
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_grading_queue_shows_latest_versions_with_bounded_queries(
    assignment, widyaiswara, django_assert_max_num_queries
):
    for _ in range(12):
        enrollment = EnrollmentFactory(offering=assignment.offering)
        SubmissionFactory(assignment=assignment, enrollment=enrollment, version=1)
        SubmissionFactory(assignment=assignment, enrollment=enrollment, version=2)
    client = logged_in_client(widyaiswara)
    url = reverse("learning:grading", args=[assignment.pk])

    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 12
    assert {s.version for s in response.context["page"].object_list} == {2}


def test_ungraded_filter_hides_graded_versions(assignment, widyaiswara):
    waiting = SubmissionFactory(assignment=assignment)
    SubmissionFactory(assignment=assignment, status=SubmissionStatus.ACCEPTED, score=80)

    response = logged_in_client(widyaiswara).get(
        reverse("learning:grading", args=[assignment.pk]), {"filter": "ungraded"}
    )

    assert [s.pk for s in response.context["page"].object_list] == [waiting.pk]


def test_another_widyaiswara_cannot_open_the_grading_queue_or_grade(
    assignment, enrollment, other_widyaiswara
):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)
    client = logged_in_client(other_widyaiswara)

    assert client.get(reverse("learning:grading", args=[assignment.pk])).status_code == 404
    response = client.post(
        reverse("learning:submission-grade", args=[submission.pk]),
        {"action": "accept", "score": "90"},
    )
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_participant_cannot_reach_grading(assignment, enrollment, peserta):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)
    client = logged_in_client(peserta)
    assert client.get(reverse("learning:grading", args=[assignment.pk])).status_code == 404
    grade_url = reverse("learning:submission-grade", args=[submission.pk])
    assert client.post(grade_url, {"action": "accept", "score": "100"}).status_code == 404


def test_grading_posted_twice_notifies_the_participant_once(
    assignment, enrollment, widyaiswara, peserta
):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)
    client = logged_in_client(widyaiswara)
    url = reverse("learning:submission-grade", args=[submission.pk])
    form = {"action": "accept", "score": "88", "feedback": "Rapi."}

    first = client.post(url, form)
    second = client.post(url, form)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "sudah dinilai" in second.content.decode()
    assert Notification.objects.filter(user=peserta).count() == 1
    submission.refresh_from_db()
    assert (submission.status, submission.score) == (SubmissionStatus.ACCEPTED, Decimal("88"))


def test_score_above_the_maximum_is_refused_with_a_message(assignment, enrollment, widyaiswara):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)

    response = logged_in_client(widyaiswara).post(
        reverse("learning:submission-grade", args=[submission.pk]),
        {"action": "accept", "score": "101"},
    )

    assert response.status_code == 200
    assert "Nilai harus antara 0 dan 100" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_returning_with_feedback_lets_the_participant_resubmit(
    assignment, enrollment, widyaiswara, peserta
):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)
    logged_in_client(widyaiswara).post(
        reverse("learning:submission-grade", args=[submission.pk]),
        {"action": "return", "feedback": "Perbaiki kesimpulan."},
    )

    response = logged_in_client(peserta).post(
        submit_url(enrollment, assignment), {"text": "Versi perbaikan"}
    )

    assert response.status_code == 302
    assert list(Submission.objects.values_list("version", "status").order_by("version")) == [
        (1, SubmissionStatus.RETURNED),
        (2, SubmissionStatus.SUBMITTED),
    ]


def test_grade_export_lists_every_participant_and_neutralises_formulas(
    assignment, enrollment, widyaiswara, peserta
):
    SubmissionFactory(
        assignment=assignment,
        enrollment=enrollment,
        status=SubmissionStatus.ACCEPTED,
        score=90,
        feedback='=HYPERLINK("http://x")',
    )
    silent = EnrollmentFactory(offering=assignment.offering)

    response = logged_in_client(widyaiswara).get(
        reverse("learning:grading-xlsx", args=[assignment.pk])
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    by_nip = {row[0]: row for row in rows}
    assert by_nip[peserta.nip][6] == 90
    assert by_nip[peserta.nip][8].startswith("'=")
    assert by_nip[silent.participant.nip][5] == "Belum dikumpulkan"


# --- role matrix ----------------------------------------------------------------------

ROLES = ["peserta", "pimpinan", "widyaiswara", "coach", "pengelola", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_policy_says_on_work_routes(
    role, personas, peserta, widyaiswara, media
):
    from bangkom.accounts import policy
    from tests.learning.factories_work import work_route_samples

    samples = work_route_samples(participant=peserta, facilitator=widyaiswara)
    client = logged_in_client(personas[role])

    for name, args in samples.items():
        status = client.get(reverse(name, args=args)).status_code
        expected = (200,) if role in policy.rule_for(name).roles else (404,)
        assert status in expected, f"{role} on {name}: got {status}"

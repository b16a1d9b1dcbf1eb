"""Assignments: authoring, versioned submissions, upload checks, deadlines and grading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError

from bangkom.common.errors import Conflict, InvalidInput, NotFound
from bangkom.common.uploads import UploadRejected
from bangkom.learning import assignments
from bangkom.learning.assignments import (
    assignment_status_for,
    create_assignment,
    delete_assignment,
    grade_submission,
    submit_assignment,
    update_assignment,
)
from bangkom.learning.choices import EnrollmentStatus, SubmissionStatus
from bangkom.learning.models import Assignment, Submission
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.learning.factories import AssignmentFactory, EnrollmentFactory
from tests.learning.factories_work import (
    SubmissionFactory,
    disguised_upload,
    docx_upload,
    empty_upload,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 10, 1, 0, tzinfo=UTC)
DUE = datetime(2030, 1, 10, 16, 30, tzinfo=UTC)  # 23.30 WIB, 01.30 WIT the next day


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
    return AssignmentFactory(offering=offering, subject=subject, due_at=DUE, max_score=100)


@pytest.fixture
def enrollment(offering, peserta):
    return EnrollmentFactory(offering=offering, participant=peserta)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def settings_kwargs(**overrides):
    values = {
        "title": "Telaahan staf",
        "instructions_markdown": "Tulis **dua** halaman.",
        "rubric": "Struktur 40, isi 60",
        "due_at": DUE,
        "allowed_file_types": ["pdf"],
        "allows_text": True,
        "max_file_mb": 10,
        "max_score": 100,
    }
    values.update(overrides)
    return values


# --- authoring ------------------------------------------------------------------------


def test_subject_facilitator_creates_assignment_with_sanitised_instructions(
    offering, subject, widyaiswara
):
    assignment = create_assignment(
        offering,
        subject,
        **settings_kwargs(instructions_markdown="**Baca** <script>alert(1)</script>modul"),
        by=widyaiswara,
        now=NOW,
    )

    assert "<strong>Baca</strong>" in assignment.instructions
    assert "<script" not in assignment.instructions
    assert assignment.allowed_file_types == ["pdf"]


def test_another_widyaiswara_cannot_create_an_assignment_for_the_subject(
    offering, subject, home_institution
):
    stranger = UserFactory(institution=home_institution, roles=["widyaiswara"])

    with pytest.raises(NotFound):
        create_assignment(offering, subject, **settings_kwargs(), by=stranger, now=NOW)
    assert not Assignment.objects.exists()


def test_pengelola_may_create_for_any_subject(offering, subject, pengelola):
    create_assignment(offering, subject, **settings_kwargs(), by=pengelola, now=NOW)
    assert Assignment.objects.count() == 1


def test_subject_of_another_program_is_refused(offering, widyaiswara):
    foreign = SubjectFactory()
    foreign.facilitators.add(widyaiswara)

    with pytest.raises(InvalidInput) as refused:
        create_assignment(offering, foreign, **settings_kwargs(), by=widyaiswara, now=NOW)
    assert refused.value.code == "subject_not_in_program"


@pytest.mark.parametrize(
    "overrides",
    [
        {"due_at": NOW - timedelta(minutes=1)},
        {"allows_text": False, "allowed_file_types": []},
        {"allowed_file_types": ["exe"]},
        {"max_file_mb": 0},
        {"max_file_mb": 21},
        {"max_score": 0},
        {"title": "  "},
    ],
)
def test_invalid_settings_are_refused(offering, subject, widyaiswara, overrides):
    with pytest.raises(InvalidInput):
        create_assignment(
            offering, subject, **settings_kwargs(**overrides), by=widyaiswara, now=NOW
        )
    assert not Assignment.objects.exists()


def test_max_score_cannot_drop_below_a_given_score(assignment, enrollment, widyaiswara):
    SubmissionFactory(assignment=assignment, enrollment=enrollment, score=Decimal("90"))

    with pytest.raises(InvalidInput):
        update_assignment(assignment, **settings_kwargs(max_score=80), by=widyaiswara, now=NOW)
    assignment.refresh_from_db()
    assert assignment.max_score == Decimal("100")


def test_delete_is_refused_once_someone_submitted(assignment, enrollment, widyaiswara):
    SubmissionFactory(assignment=assignment, enrollment=enrollment)

    with pytest.raises(Conflict):
        delete_assignment(assignment, by=widyaiswara)
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_assignment_without_submissions_can_be_deleted(assignment, widyaiswara):
    delete_assignment(assignment, by=widyaiswara)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


# --- submitting -----------------------------------------------------------------------


def test_each_submission_is_a_new_version(assignment, enrollment, media):
    first = submit_assignment(assignment, enrollment, text="Draf awal", upload=None, now=NOW)
    second = submit_assignment(
        assignment, enrollment, text="", upload=pdf_upload(), now=NOW + timedelta(hours=1)
    )

    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.text == "Draf awal"  # earlier versions are kept as they were
    assert Submission.objects.filter(assignment=assignment, enrollment=enrollment).count() == 2


def test_returned_submission_can_be_resubmitted(assignment, enrollment, widyaiswara):
    first = submit_assignment(assignment, enrollment, text="Draf", upload=None, now=NOW)
    grade_submission(
        first, score=None, feedback="Lengkapi data.", accept=False, by=widyaiswara, now=NOW
    )

    second = submit_assignment(assignment, enrollment, text="Perbaikan", upload=None, now=NOW)

    assert second.version == 2
    assert second.status == SubmissionStatus.SUBMITTED


def test_accepted_answer_refuses_further_submissions(assignment, enrollment, widyaiswara):
    first = submit_assignment(assignment, enrollment, text="Final", upload=None, now=NOW)
    grade_submission(first, score=90, feedback="", accept=True, by=widyaiswara, now=NOW)

    with pytest.raises(Conflict) as refused:
        submit_assignment(assignment, enrollment, text="Lagi", upload=None, now=NOW)
    assert refused.value.code == "already_accepted"
    assert Submission.objects.count() == 1


def test_submission_after_the_due_date_names_the_deadline_in_the_participants_zone(
    assignment, other_institution
):
    papuan = UserFactory(institution=other_institution, roles=["peserta"])
    enrollment = EnrollmentFactory(offering=assignment.offering, participant=papuan)

    with pytest.raises(Conflict) as refused:
        submit_assignment(
            assignment, enrollment, text="Telat", upload=None, now=DUE + timedelta(seconds=1)
        )
    assert refused.value.code == "deadline_passed"
    assert "11-01-2030 01.30 WIT" in str(refused.value)
    assert not Submission.objects.exists()


def test_submission_exactly_at_the_deadline_is_accepted(assignment, enrollment):
    assert submit_assignment(assignment, enrollment, text="Tepat", upload=None, now=DUE)


def test_disguised_file_is_refused_and_nothing_is_stored(assignment, enrollment, media):
    with pytest.raises(UploadRejected) as refused:
        submit_assignment(assignment, enrollment, text="", upload=disguised_upload(), now=NOW)

    assert "Nama berkas tidak menentukan jenisnya" in str(refused.value)
    assert not Submission.objects.exists()
    assert stored_files(media) == []


def test_oversized_file_is_refused(assignment, enrollment, media):
    assignment.max_file_mb = 1
    assignment.save()

    with pytest.raises(UploadRejected) as refused:
        submit_assignment(
            assignment, enrollment, text="", upload=pdf_upload(size=1024 * 1024 + 1), now=NOW
        )
    assert "maksimal 1" in str(refused.value)
    assert not Submission.objects.exists()
    assert stored_files(media) == []


def test_operator_size_cap_wins_over_the_assignments_limit(assignment, enrollment, settings, media):
    settings.MAX_SUBMISSION_MB = 1
    with pytest.raises(UploadRejected):
        submit_assignment(
            assignment, enrollment, text="", upload=pdf_upload(size=1024 * 1024 + 1), now=NOW
        )


def test_empty_file_is_refused_with_a_clear_message(assignment, enrollment, media):
    with pytest.raises(UploadRejected) as refused:
        submit_assignment(assignment, enrollment, text="", upload=empty_upload(), now=NOW)
    assert "kosong" in str(refused.value)
    assert stored_files(media) == []


def test_file_type_not_allowed_by_the_assignment_is_refused(assignment, enrollment, media):
    assignment.allowed_file_types = ["pdf"]
    assignment.save()
    with pytest.raises(UploadRejected):
        submit_assignment(assignment, enrollment, text="", upload=docx_upload(), now=NOW)
    assert stored_files(media) == []


def test_accepted_file_is_stored_under_a_server_name_with_a_clean_display_name(
    assignment, enrollment, media
):
    hostile = "../../settings\u202e.pdf"
    submission = submit_assignment(
        assignment, enrollment, text="", upload=pdf_upload(hostile), now=NOW
    )

    assert submission.original_filename == "settings.pdf"
    assert submission.file_type == "pdf"
    assert "settings" not in submission.file.name
    assert submission.file.name.startswith("submissions/")
    assert len(stored_files(media)) == 1


def test_text_is_refused_when_the_assignment_takes_files_only(assignment, enrollment):
    assignment.allows_text = False
    assignment.save()
    with pytest.raises(InvalidInput) as refused:
        submit_assignment(assignment, enrollment, text="Teks", upload=None, now=NOW)
    assert refused.value.code == "text_not_allowed"


def test_empty_answer_is_refused(assignment, enrollment):
    with pytest.raises(InvalidInput) as refused:
        submit_assignment(assignment, enrollment, text="   ", upload=None, now=NOW)
    assert refused.value.code == "empty_submission"


@pytest.mark.parametrize("status", [EnrollmentStatus.PENDING, EnrollmentStatus.WITHDRAWN])
def test_only_an_enrolled_participant_may_submit(assignment, peserta_lain, status):
    enrollment = EnrollmentFactory(
        offering=assignment.offering, participant=peserta_lain, status=status
    )
    with pytest.raises(NotFound):
        submit_assignment(assignment, enrollment, text="x", upload=None, now=NOW)


def test_enrolment_in_another_offering_cannot_submit(assignment, peserta):
    elsewhere = EnrollmentFactory(participant=peserta)
    with pytest.raises(NotFound):
        submit_assignment(assignment, elsewhere, text="x", upload=None, now=NOW)


def test_parallel_submission_taking_the_same_number_is_retried(assignment, enrollment, monkeypatch):
    SubmissionFactory(assignment=assignment, enrollment=enrollment, version=1)
    real = assignments._next_version_number
    calls = []

    def stale_then_real(submission):
        calls.append(1)
        return 1 if len(calls) == 1 else real(submission)

    monkeypatch.setattr(assignments, "_next_version_number", stale_then_real)

    submission = submit_assignment(assignment, enrollment, text="b", upload=None, now=NOW)

    assert submission.version == 2
    assert len(calls) == 2


def test_a_version_that_cannot_be_recorded_leaves_no_file(
    assignment, enrollment, monkeypatch, media
):
    monkeypatch.setattr(assignments, "_next_version_number", lambda s: 1)
    SubmissionFactory(assignment=assignment, enrollment=enrollment, version=1)

    with pytest.raises(IntegrityError):
        submit_assignment(assignment, enrollment, text="", upload=pdf_upload(), now=NOW)
    assert stored_files(media) == []


# --- grading --------------------------------------------------------------------------


def test_facilitator_accepts_with_score_and_the_participant_is_notified(
    assignment, enrollment, widyaiswara, peserta
):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)

    grade_submission(
        submission, score="87.5", feedback="Bagus.", accept=True, by=widyaiswara, now=NOW
    )

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.score == Decimal("87.50")
    assert submission.graded_by == widyaiswara
    assert submission.graded_at == NOW
    note = Notification.objects.get(user=peserta)
    assert note.event_key == f"submission:{submission.pk}:graded"


def test_grading_twice_is_refused_and_notifies_once(assignment, enrollment, widyaiswara, pengelola):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)
    grade_submission(submission, score=80, feedback="", accept=True, by=widyaiswara, now=NOW)

    with pytest.raises(Conflict) as refused:
        grade_submission(submission, score=20, feedback="x", accept=True, by=pengelola, now=NOW)

    assert refused.value.code == "already_graded"
    submission.refresh_from_db()
    assert submission.score == Decimal("80")
    assert Notification.objects.count() == 1


def test_another_widyaiswara_cannot_grade(assignment, enrollment, home_institution):
    stranger = UserFactory(institution=home_institution, roles=["widyaiswara"])
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)

    with pytest.raises(NotFound):
        grade_submission(submission, score=50, feedback="", accept=True, by=stranger, now=NOW)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize("score", [-1, "100.01", "abc", None])
def test_accepting_needs_a_score_within_zero_and_the_maximum(
    assignment, enrollment, widyaiswara, score
):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)

    with pytest.raises(InvalidInput) as refused:
        grade_submission(submission, score=score, feedback="", accept=True, by=widyaiswara, now=NOW)
    assert refused.value.code == "score_out_of_range"
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not Notification.objects.exists()


def test_returning_needs_feedback(assignment, enrollment, widyaiswara):
    submission = SubmissionFactory(assignment=assignment, enrollment=enrollment)
    with pytest.raises(InvalidInput) as refused:
        grade_submission(
            submission, score=None, feedback=" ", accept=False, by=widyaiswara, now=NOW
        )
    assert refused.value.code == "feedback_required"


def test_only_the_latest_version_can_be_graded(assignment, enrollment, widyaiswara):
    old = SubmissionFactory(assignment=assignment, enrollment=enrollment, version=1)
    SubmissionFactory(assignment=assignment, enrollment=enrollment, version=2)

    with pytest.raises(Conflict) as refused:
        grade_submission(old, score=70, feedback="", accept=True, by=widyaiswara, now=NOW)
    assert refused.value.code == "not_latest_version"


# --- reading --------------------------------------------------------------------------


def test_status_shows_each_assignment_with_its_latest_version(
    assignment, enrollment, subject, django_assert_max_num_queries
):
    untouched = AssignmentFactory(offering=assignment.offering, subject=subject, due_at=DUE)
    SubmissionFactory(assignment=assignment, enrollment=enrollment, version=1)
    SubmissionFactory(
        assignment=assignment,
        enrollment=enrollment,
        version=2,
        status=SubmissionStatus.ACCEPTED,
        score=95,
    )

    with django_assert_max_num_queries(2):
        rows = {row.assignment.pk: row for row in assignment_status_for(enrollment, now=NOW)}

    assert rows[assignment.pk].latest.version == 2
    assert rows[assignment.pk].status == SubmissionStatus.ACCEPTED
    assert rows[assignment.pk].can_submit is False
    assert rows[untouched.pk].latest is None
    assert rows[untouched.pk].can_submit is True
    assert assignment_status_for(enrollment, now=DUE + timedelta(days=1))[0].can_submit is False


def test_manage_counts_show_submitters_and_latest_versions_waiting(assignment):
    returned_then_resent = EnrollmentFactory(offering=assignment.offering)
    SubmissionFactory(
        assignment=assignment,
        enrollment=returned_then_resent,
        version=1,
        status=SubmissionStatus.RETURNED,
    )
    SubmissionFactory(assignment=assignment, enrollment=returned_then_resent, version=2)
    SubmissionFactory(assignment=assignment, status=SubmissionStatus.ACCEPTED, score=70)
    SubmissionFactory(assignment=assignment)

    counted = assignments.assignments_with_counts(Assignment.objects.all()).get()

    assert counted.participants_submitted == 3
    assert counted.waiting_count == 2

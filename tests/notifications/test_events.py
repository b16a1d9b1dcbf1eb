"""Each domain event of issue 7 notifies with its kind and a stable key: retrying the action
(calling the domain function again) never notifies or emails twice."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from bangkom.assessments.attempts import expire_overdue_attempts, submit_attempt
from bangkom.assessments.choices import AssessmentKind
from bangkom.common.errors import Conflict
from bangkom.learning.announcements import post_announcement
from bangkom.learning.assignments import grade_submission
from bangkom.learning.choices import EnrollmentStatus, MaterialKind
from bangkom.learning.enrollment import decide_enrollment
from bangkom.learning.errors import AlreadyDecided
from bangkom.learning.materials import MaterialData, add_subject_material
from bangkom.learning.models import Submission
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import Notification
from tests.assessments.factories_exam import answer, begin, subject_exam
from tests.certificates.factories_certificates import issued, kompeten_enrollment
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.learning.factories import AssignmentFactory, EnrollmentFactory
from tests.learning.factories_catalogue import PendingEnrollmentFactory

pytestmark = pytest.mark.django_db


def notifications(user, kind):
    return list(Notification.objects.filter(user=user, kind=kind))


def test_enrolment_approval_notifies_and_emails_once(
    peserta, pimpinan, django_capture_on_commit_callbacks
):
    pending = PendingEnrollmentFactory(participant=peserta)
    with django_capture_on_commit_callbacks(execute=True):
        decide_enrollment(pending, approve=True, reason="", by=pimpinan, now=timezone.now())
        with pytest.raises(AlreadyDecided):
            decide_enrollment(pending, approve=True, reason="", by=pimpinan, now=timezone.now())

    [notice] = notifications(peserta, NotificationKind.ENROLLMENT_DECISION)
    assert notice.title == "Pendaftaran Anda disetujui"
    assert [m.to for m in mail.outbox] == [[peserta.email]]


def test_enrolment_rejection_is_an_enrolment_decision(peserta, pimpinan):
    pending = PendingEnrollmentFactory(participant=peserta)

    decide_enrollment(pending, approve=False, reason="Kuota", by=pimpinan, now=timezone.now())

    [notice] = notifications(peserta, NotificationKind.ENROLLMENT_DECISION)
    assert "ditolak" in notice.title


def test_announcement_reaches_active_participants_in_app_only(
    pengelola, django_capture_on_commit_callbacks
):
    offering = OfferingFactory(running=True)
    active = EnrollmentFactory(offering=offering)
    pending = PendingEnrollmentFactory(offering=offering)
    with django_capture_on_commit_callbacks(execute=True):
        post_announcement(
            offering,
            title="Libur nasional",
            body_markdown="Kelas diliburkan.",
            by=pengelola,
            now=timezone.now(),
        )

    assert len(notifications(active.participant, NotificationKind.ANNOUNCEMENT)) == 1
    assert notifications(pending.participant, NotificationKind.ANNOUNCEMENT) == []
    assert mail.outbox == []  # announcements do not email by default


def test_new_material_notifies_participants_of_running_offerings_once(widyaiswara, pengelola):
    offering = OfferingFactory(running=True)
    subject = SubjectFactory(program=offering.program)
    active = EnrollmentFactory(offering=offering)
    withdrawn = EnrollmentFactory(offering=offering, status=EnrollmentStatus.WITHDRAWN)
    other_program = EnrollmentFactory(offering=OfferingFactory(running=True))
    data = MaterialData(
        kind=MaterialKind.LINK, title="Modul etika", url="https://contoh.go.id/modul"
    )

    material = add_subject_material(subject, data=data, by=pengelola)

    [notice] = notifications(active.participant, NotificationKind.MATERIAL)
    assert notice.event_key == f"material:{material.pk}:new"
    assert "Modul etika" in notice.title
    assert notice.url == f"/belajar/angkatan/{offering.pk}/ruang/"
    assert notifications(withdrawn.participant, NotificationKind.MATERIAL) == []
    assert notifications(other_program.participant, NotificationKind.MATERIAL) == []


def test_grading_twice_notifies_once_with_the_graded_kind(
    widyaiswara, django_capture_on_commit_callbacks
):
    assignment = AssignmentFactory()
    assignment.subject.facilitators.add(widyaiswara)
    enrollment = EnrollmentFactory(offering=assignment.offering)
    submission = Submission.objects.create(
        assignment=assignment, enrollment=enrollment, version=1, text="Jawaban"
    )
    now = timezone.now()
    grade_submission(submission, score=80, feedback="Baik", accept=True, by=widyaiswara, now=now)
    submission.refresh_from_db()
    with pytest.raises(Conflict):  # a double post: the grade was already given
        grade_submission(
            submission, score=80, feedback="Baik", accept=True, by=widyaiswara, now=now
        )

    [notice] = notifications(enrollment.participant, NotificationKind.ASSIGNMENT_GRADED)
    assert "diterima" in notice.title


def test_returned_submission_says_so(widyaiswara):
    assignment = AssignmentFactory()
    assignment.subject.facilitators.add(widyaiswara)
    enrollment = EnrollmentFactory(offering=assignment.offering)
    submission = Submission.objects.create(
        assignment=assignment, enrollment=enrollment, version=1, text="Jawaban"
    )

    grade_submission(
        submission,
        score=None,
        feedback="Perbaiki",
        accept=False,
        by=widyaiswara,
        now=timezone.now(),
    )

    [notice] = notifications(enrollment.participant, NotificationKind.ASSIGNMENT_GRADED)
    assert "dikembalikan" in notice.title


def test_exam_result_is_notified_once_with_score_and_verdict(
    django_capture_on_commit_callbacks,
):
    offering = OfferingFactory(running=True)
    exam = subject_exam(offering, title="Ujian Etika", item_count=5)
    enrollment = EnrollmentFactory(offering=offering)
    now = timezone.now()
    attempt = begin(exam, enrollment, now=now)
    for position in range(1, 6):
        answer(attempt, position, right=position <= 4, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        submit_attempt(attempt, now=now + timedelta(minutes=5))
        submit_attempt(attempt, now=now + timedelta(minutes=6))  # a retried submit

    [notice] = notifications(enrollment.participant, NotificationKind.EXAM_RESULT)
    assert notice.title == "Hasil Ujian Etika: nilai 80, lulus"
    assert notice.event_key == f"attempt:{attempt.pk}:result"
    assert notice.url == f"/ujian/hasil/{attempt.pk}/"
    assert len([m for m in mail.outbox if m.to == [enrollment.participant.email]]) == 1


def test_exam_finalised_by_the_sweep_is_notified_as_failed():
    offering = OfferingFactory(running=True)
    exam = subject_exam(offering, title="Ujian Etika", passing_score=Decimal("70"))
    enrollment = EnrollmentFactory(offering=offering)
    now = timezone.now()
    attempt = begin(exam, enrollment, now=now)

    expire_overdue_attempts(now=attempt.deadline + timedelta(minutes=5))
    expire_overdue_attempts(now=attempt.deadline + timedelta(minutes=10))

    [notice] = notifications(enrollment.participant, NotificationKind.EXAM_RESULT)
    assert notice.title == "Hasil Ujian Etika: nilai 0, tidak lulus"


def test_trial_attempt_result_is_not_notified():
    offering = OfferingFactory(running=True)
    exam = subject_exam(offering)
    enrollment = EnrollmentFactory(offering=offering, is_trial=True)
    attempt = begin(exam, enrollment, now=timezone.now())
    assert attempt.is_trial  # a trial enrolment's attempt is a trial attempt

    submit_attempt(attempt, now=timezone.now())

    assert notifications(enrollment.participant, NotificationKind.EXAM_RESULT) == []


def test_certificate_issue_notifies_once(django_capture_on_commit_callbacks):
    enrollment = kompeten_enrollment()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issued(enrollment)
        issued(enrollment)  # issuing again returns the same certificate

    [notice] = notifications(enrollment.participant, NotificationKind.CERTIFICATE_ISSUED)
    assert certificate.number in notice.body
    assert len([m for m in mail.outbox if m.to == [enrollment.participant.email]]) == 1


def test_final_exam_verdict_is_competence():
    offering = OfferingFactory(running=True)
    exam = subject_exam(offering, kind=AssessmentKind.FINAL, subject=None, title="Uji Akhir")
    enrollment = EnrollmentFactory(offering=offering)
    attempt = begin(exam, enrollment, now=timezone.now())

    submit_attempt(attempt, now=timezone.now())

    [notice] = notifications(enrollment.participant, NotificationKind.EXAM_RESULT)
    assert notice.title.endswith("belum kompeten")

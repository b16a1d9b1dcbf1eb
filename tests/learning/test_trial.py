"""Trial runs (simulasi): testers apart from real participants, a report, a reset."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from bangkom.assessments.models import Attempt
from bangkom.learning.choices import EnrollmentSource
from bangkom.learning.eligibility import places_taken
from bangkom.learning.errors import TrialConflict
from bangkom.learning.models import Enrollment, MaterialProgress, Submission
from bangkom.learning.trial import add_testers, reset_trial, set_trial_mode, trial_report
from tests.assessments.factories import AssessmentFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.learning.factories import AssignmentFactory, EnrollmentFactory, MaterialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial_offering():
    return OfferingFactory(status="draft", is_trial_mode=True)


def test_testers_are_enrolled_at_once_without_eligibility(pengelola, peserta, trial_offering):
    result = add_testers(trial_offering, f"{peserta.nip}\n", by=pengelola, now=timezone.now())

    assert result.added == [peserta]
    tester = Enrollment.objects.get()
    assert (tester.is_trial, tester.status, tester.source) == (
        True,
        "enrolled",
        EnrollmentSource.TRIAL,
    )


def test_adding_testers_needs_trial_mode(pengelola, peserta):
    offering = OfferingFactory()
    with pytest.raises(TrialConflict):
        add_testers(offering, peserta.nip, by=pengelola, now=timezone.now())
    set_trial_mode(offering, enabled=True)
    offering.refresh_from_db()
    assert offering.is_trial_mode
    assert add_testers(offering, peserta.nip, by=pengelola, now=timezone.now()).added == [peserta]


def test_tester_list_reports_each_nip(pengelola, peserta, trial_offering):
    real = EnrollmentFactory(offering=trial_offering)
    text = f"{peserta.nip}, bukan-nip\n{real.participant.nip}\n199001012015031999"

    result = add_testers(trial_offering, text, by=pengelola, now=timezone.now())

    assert result.added == [peserta]
    assert {nip for nip, _message in result.errors} == {
        "bukan-nip",
        real.participant.nip,
        "199001012015031999",
    }
    again = add_testers(trial_offering, peserta.nip, by=pengelola, now=timezone.now())
    assert again.already == [peserta]


def test_trial_places_do_not_count_as_real_ones(pengelola, peserta, trial_offering):
    add_testers(trial_offering, peserta.nip, by=pengelola, now=timezone.now())
    assert places_taken([trial_offering.pk]) == {}


def test_report_sums_watched_time_per_subject(trial_offering):
    first = SubjectFactory(program=trial_offering.program)
    second = SubjectFactory(program=trial_offering.program)
    tester = EnrollmentFactory(offering=trial_offering, is_trial=True)
    for material, seconds, done in [
        (MaterialFactory(subject=first), 600, True),
        (MaterialFactory(subject=first), 300, False),
        (MaterialFactory(subject=second), 120, False),
    ]:
        MaterialProgress.objects.create(
            enrollment=tester,
            material=material,
            watched_seconds=seconds,
            completed_at=timezone.now() if done else None,
        )
    assignment = AssignmentFactory(offering=trial_offering, subject=first)
    Submission.objects.create(assignment=assignment, enrollment=tester, version=1, text="a")
    Submission.objects.create(assignment=assignment, enrollment=tester, version=2, text="b")
    EnrollmentFactory(offering=trial_offering)  # a real participant is not in the report

    report = trial_report(trial_offering)

    assert [s.pk for s in report.subjects] == [first.pk, second.pk]
    (row,) = report.testers
    assert row.minutes_by_subject == [15.0, 2.0]
    assert row.total_minutes == 17.0
    assert row.materials_completed == 1
    assert row.assignments_submitted == 1


def test_report_lists_finished_exam_attempts_with_duration_and_score(trial_offering):
    tester = EnrollmentFactory(offering=trial_offering, is_trial=True)
    exam = AssessmentFactory(offering=trial_offering, title="Uji kompetensi")
    started = timezone.now() - timedelta(hours=1)
    common = {
        "assessment": exam,
        "enrollment": tester,
        "participant": tester.participant,
        "seed": 1,
        "form": [],
        "passing_score": Decimal("70"),
        "max_attempts": 3,
        "duration_minutes": 30,
        "started_at": started,
        "deadline": started + timedelta(minutes=30),
        "is_trial": True,
    }
    Attempt.objects.create(
        number=1,
        status="submitted",
        submitted_at=started + timedelta(minutes=12, seconds=30),
        score=Decimal("85.50"),
        passed=True,
        **common,
    )
    Attempt.objects.create(number=2, status="open", **common)  # still running: not reported

    (row,) = trial_report(trial_offering).testers

    assert [(x.title, x.number, x.minutes, x.score) for x in row.exams] == [
        ("Uji kompetensi", 1, 12.5, Decimal("85.50"))
    ]


def test_reset_removes_trial_enrolments_and_their_progress_only(
    trial_offering, django_capture_on_commit_callbacks
):
    material = MaterialFactory(subject=SubjectFactory(program=trial_offering.program))
    tester = EnrollmentFactory(offering=trial_offering, is_trial=True)
    real = EnrollmentFactory(offering=trial_offering)
    for enrollment in (tester, real):
        MaterialProgress.objects.create(enrollment=enrollment, material=material, watched_seconds=9)
    assignment = AssignmentFactory(offering=trial_offering)
    upload = Submission(assignment=assignment, enrollment=tester, version=1)
    upload.file.save("jawaban.pdf", ContentFile(b"%PDF-1.4 uji"), save=True)
    storage, name = upload.file.storage, upload.file.name

    with django_capture_on_commit_callbacks(execute=True):
        removed = reset_trial(trial_offering)

    assert removed == 1
    assert list(Enrollment.objects.all()) == [real]
    assert list(MaterialProgress.objects.values_list("enrollment_id", flat=True)) == [real.pk]
    assert not Submission.objects.exists()
    assert not storage.exists(name)  # the uploaded file goes too, once committed


def test_trial_page_adds_testers_and_resets_after_confirmation(pengelola, peserta, trial_offering):
    url = reverse("learning:trial", args=[trial_offering.pk])
    client = logged_in_client(pengelola)

    added = client.post(url, {"action": "add", "nips": peserta.nip})
    assert 'data-testid="tester-result"' in added.content.decode()
    assert peserta.name in client.get(url).content.decode()

    client.post(url, {"action": "reset"})  # no confirmation: nothing happens
    assert Enrollment.objects.filter(is_trial=True).count() == 1
    client.post(url, {"action": "reset", "confirm": "1"})
    assert not Enrollment.objects.filter(is_trial=True).exists()


def test_trial_page_toggles_the_mode(pengelola):
    offering = OfferingFactory()
    url = reverse("learning:trial", args=[offering.pk])
    logged_in_client(pengelola).post(url, {"action": "on"})
    offering.refresh_from_db()
    assert offering.is_trial_mode


def test_trial_testers_stay_out_of_the_real_participant_list(pengelola, trial_offering):
    tester = EnrollmentFactory(offering=trial_offering, is_trial=True)
    response = logged_in_client(pengelola).get(
        reverse("learning:offering-participants", args=[trial_offering.pk])
    )
    assert tester.participant.name not in response.content.decode()

"""The whole demo world from the learning side (API.md "Demo data"; DOMAIN.md S-1 R9, R11):
materials with ≥ 30 minutes of real video per subject, the two demo participants as API.md
describes them, sample participants in every state, work, forums, load-test enrolments, and
the links that let a demo user move between the pages."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.accounts.demo import DEMO_ACCOUNTS, seed_demo_world
from bangkom.accounts.models import User
from bangkom.common.media_samples import sample_pdf, sample_video
from bangkom.curriculum.demo import RUNNING_OFFERING_CODES
from bangkom.curriculum.models import Offering, Program
from bangkom.learning.choices import EnrollmentStatus, MaterialKind, SubmissionStatus
from bangkom.learning.demo import (
    ENROLLED_NIP,
    LESSON_VIDEO_SECONDS,
    LIBRARY_ONLY,
    NOT_ENROLLED_NIP,
)
from bangkom.learning.models import (
    Announcement,
    Assignment,
    AttendanceRecord,
    Enrollment,
    ForumPost,
    Material,
    MaterialProgress,
    RulesAcknowledgement,
    Submission,
)
from bangkom.learning.progress import current_rules
from bangkom.learning.readiness import (
    MIN_VIDEO_MINUTES,
    offering_warnings,
    video_minutes_by_subject,
)
from tests.conftest import logged_in_client

WIB = ZoneInfo("Asia/Jakarta")
MB = 1024 * 1024


def _account(role: str) -> User:
    return User.objects.get(nip=next(a.nip for a in DEMO_ACCOUNTS if a.role == role))


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The whole demo world, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        now = timezone.now()
        summary = seed_demo_world(now=now)
        yield {"now": now, "summary": summary}
        transaction.set_rollback(True)


@pytest.fixture
def running(world):
    return list(Offering.objects.filter(code__in=RUNNING_OFFERING_CODES).order_by("code"))


pytestmark = pytest.mark.django_db


# --- idempotency ---------------------------------------------------------------------------


def test_a_second_run_creates_nothing(world):
    before = _counts()
    again = seed_demo_world(now=world["now"] + timedelta(minutes=5))
    assert _counts() == before
    assert not again.created_anything
    assert not any(again.learning.values()), again.learning


def test_later_steps_not_shipped_yet_are_skipped(world, monkeypatch):
    from bangkom.accounts import demo

    calls = []
    monkeypatch.setattr(
        demo,
        "LATER_DEMO_STEPS",
        ("bangkom.assessments.no_such_demo.seed_exam_demo", f"{__name__}._record_step"),
    )
    monkeypatch.setattr(f"{__name__}._record_step", lambda *, now: calls.append(now) or "ok")
    summary = seed_demo_world(now=world["now"])
    assert calls == [world["now"]]
    assert summary.later == {f"{__name__}._record_step": "ok"}


def _record_step(*, now):  # replaced in the test above
    raise AssertionError("not patched")


def test_the_first_run_created_the_learning_world(world):
    created = world["summary"].learning
    assert created["materials"] > 0
    assert created["enrollments"] > 0
    assert created["load_enrollments"] == 0  # only with --participants


# --- the two demo participants (API.md) ----------------------------------------------------


def test_the_not_enrolled_participant_has_no_enrolment(world):
    assert not Enrollment.objects.filter(participant__nip=NOT_ENROLLED_NIP).exists()


def test_the_enrolled_participant_studies_berakhlak_with_rules_acknowledged(world):
    enrollment = Enrollment.objects.get(participant__nip=ENROLLED_NIP)
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert enrollment.offering.code == "SMART-AKHLAK-A1"
    rules = current_rules(enrollment.offering.program_id)
    assert RulesAcknowledgement.objects.filter(enrollment=enrollment, rules=rules).exists()
    progress = MaterialProgress.objects.filter(enrollment=enrollment).select_related("material")
    partly = [
        p for p in progress if p.material.kind == MaterialKind.VIDEO and p.completed_at is None
    ]
    assert partly
    assert 0 < partly[0].watched_seconds < partly[0].material.duration_seconds
    assert any(p.completed_at and not p.material.is_video for p in progress)
    assert AttendanceRecord.objects.filter(enrollment=enrollment).exists()


# --- content ------------------------------------------------------------------------------


def test_running_offerings_have_no_readiness_warnings(running):
    assert len(running) == 4
    for offering in running:
        assert offering_warnings(offering) == [], offering.code
        minutes = video_minutes_by_subject(offering.program)
        assert min(minutes.values()) >= MIN_VIDEO_MINUTES, offering.code


def test_every_demo_subject_has_a_video_a_module_and_slides(world):
    for program in Program.objects.all():
        for subject in program.subjects.all():
            kinds = set(subject.materials.values_list("kind", flat=True))
            assert {MaterialKind.VIDEO, MaterialKind.MODULE, MaterialKind.SLIDES} <= kinds
        assert Material.objects.filter(program=program, is_orientation=True).exists()


def test_lesson_videos_share_one_small_seekable_mp4(world):
    videos = Material.objects.filter(kind=MaterialKind.VIDEO, subject__isnull=False)
    names = set(videos.values_list("file", flat=True))
    assert len(names) == 1
    assert set(videos.values_list("duration_seconds", flat=True)) == {LESSON_VIDEO_SECONDS}
    video = videos.first()
    with video.file.open("rb") as stored:
        head = stored.read(12)
    assert head[4:8] == b"ftyp"
    assert video.file.size < 2 * MB  # 31 minutes, one frame per second


def test_sample_media_are_real_pdf_and_mp4():
    assert sample_pdf("Modul Uji", 2).startswith(b"%PDF")
    assert sample_pdf("Salindia Uji", 1, slides=True).startswith(b"%PDF")
    assert sample_video(3)[4:8] == b"ftyp"


def test_module_files_are_pdfs(world):
    module = Material.objects.filter(kind=MaterialKind.MODULE).first()
    with module.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_the_library_holds_published_modules_and_two_library_only_documents(world):
    library = Material.objects.filter(in_library=True)
    assert library.filter(subject__isnull=False).count() >= 5
    only = library.filter(subject__isnull=True, program__isnull=True)
    assert sorted(only.values_list("title", flat=True)) == sorted(t for t, _d, _g in LIBRARY_ONLY)


def test_every_running_subject_has_an_assignment_due_inside_the_window(running, world):
    for offering in running:
        subjects = list(offering.program.subjects.values_list("pk", flat=True))
        assignments = Assignment.objects.filter(offering=offering)
        assert sorted(assignments.values_list("subject_id", flat=True)) == sorted(subjects)
        for assignment in assignments:
            assert world["now"] < assignment.due_at <= offering.ends_at
            local = assignment.due_at.astimezone(WIB)
            assert (local.hour, local.minute) == (14, 0) or assignment.due_at == offering.ends_at


def test_every_running_offering_has_an_announcement_and_an_answered_thread(running):
    for offering in running:
        assert Announcement.objects.filter(offering=offering).exists()
        assert ForumPost.objects.filter(
            thread__offering=offering, is_facilitator_answer=True
        ).exists(), offering.code


# --- sample participants ------------------------------------------------------------------


def test_sample_enrolments_cover_every_state(running):
    for offering in running:
        statuses = set(offering.enrollments.values_list("status", flat=True))
        assert {
            EnrollmentStatus.PENDING,
            EnrollmentStatus.ENROLLED,
            EnrollmentStatus.REJECTED,
        } <= statuses


def test_rejections_carry_a_reason_and_the_pimpinan_decides_for_own_staff(world):
    pimpinan = _account(Role.PIMPINAN)
    rejected = Enrollment.objects.filter(status=EnrollmentStatus.REJECTED).select_related(
        "participant__employee__institution", "decided_by"
    )
    assert rejected.exists()
    by_pimpinan = 0
    for enrollment in rejected:
        assert enrollment.decision_reason
        own = enrollment.participant.employee.institution.code == "pemprov-jabar"
        assert (enrollment.decided_by == pimpinan) == own
        by_pimpinan += own
    assert by_pimpinan >= 2


def test_the_pimpinan_has_pending_requests_of_own_staff(world):
    assert Enrollment.objects.filter(
        status=EnrollmentStatus.PENDING,
        participant__employee__institution__code="pemprov-jabar",
    ).exists()


def test_sample_participants_are_peserta_without_a_usable_password(world):
    demo = {account.nip for account in DEMO_ACCOUNTS}
    participants = User.objects.filter(enrollments__isnull=False).exclude(nip__in=demo).distinct()
    assert participants.count() >= 40
    for user in participants:
        assert user.roles == {Role.PESERTA}
        assert not user.has_usable_password()
        assert user.employee is not None


def test_submissions_are_graded_returned_and_waiting(world):
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == {
        SubmissionStatus.ACCEPTED,
        SubmissionStatus.RETURNED,
        SubmissionStatus.SUBMITTED,
    }
    for submission in Submission.objects.filter(status=SubmissionStatus.ACCEPTED):
        assert 70 <= submission.score <= 95
        assert submission.graded_by.has_role(Role.WIDYAISWARA)
    returned = Submission.objects.filter(status=SubmissionStatus.RETURNED)
    assert all(s.feedback and s.score is None for s in returned)


# --- load test: --participants --------------------------------------------------------------


def test_participants_option_creates_load_enrolments_once(world):
    before = Enrollment.objects.count()
    call_command("seed_demo", "--participants", "200", "--force", stdout=StringIO())
    after = Enrollment.objects.count()
    assert after >= 200
    assert after > before
    assert not Enrollment.objects.filter(participant__nip=NOT_ENROLLED_NIP).exists()
    assert Enrollment.objects.filter(offering__code__in=RUNNING_OFFERING_CODES).count() == after
    out = StringIO()
    call_command("seed_demo", "--participants", "200", "--force", stdout=out)
    assert Enrollment.objects.count() == after
    assert "--participants 200: 0 pendaftaran uji beban baru" in out.getvalue()


def test_load_enrolments_are_eligible_and_partly_progressed(world):
    call_command("seed_demo", "--participants", "300", "--force", stdout=StringIO())
    enrolled = Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED)
    assert RulesAcknowledgement.objects.count() >= enrolled.count() // 2
    regional = Enrollment.objects.exclude(offering__code="SMART-AKHLAK-A1").select_related(
        "participant__employee__institution"
    )
    kinds = {e.participant.employee.institution.kind for e in regional}
    assert kinds <= {"pemprov", "pemkab", "pemkot"}


# --- navigation between the demo pages -----------------------------------------------------


def test_a_participant_navbar_links_catalogue_enrolments_and_library(world):
    client = logged_in_client(User.objects.get(nip=ENROLLED_NIP))
    page = client.get(reverse("home")).content.decode()
    for route in ("learning:catalogue", "learning:my-enrollments", "learning:library"):
        assert f'href="{reverse(route)}"' in page
    assert reverse("curriculum:program-list") not in page


def test_the_enrolled_participant_finds_the_room_assignments_and_forums(world):
    client = logged_in_client(User.objects.get(nip=ENROLLED_NIP))
    enrollment = Enrollment.objects.get(participant__nip=ENROLLED_NIP)
    listing = client.get(reverse("learning:my-enrollments")).content.decode()
    room_url = reverse("learning:study", args=[enrollment.pk])
    assert room_url in listing
    room = client.get(room_url)
    assert room.status_code == 200
    html = room.content.decode()
    assert reverse("learning:assignments", args=[enrollment.pk]) in html
    assert reverse("assessments:my-exams", args=[enrollment.pk]) in html
    for subject in enrollment.offering.program.subjects.all():
        assert reverse("learning:forum", args=[enrollment.offering_id, subject.pk]) in html


def test_the_pengelola_reaches_every_offering_page_from_both_detail_pages(world):
    client = logged_in_client(_account(Role.PENGELOLA))
    offering = Offering.objects.get(code="SMART-SEKWAN-A1")
    learning_pages = [
        reverse(name, args=[offering.pk])
        for name in (
            "learning:offering-participants",
            "learning:offering-readiness",
            "learning:offering-attendance",
            "learning:announcements",
            "learning:trial",
            "learning:invitations",
            "learning:bulk-enroll",
            "learning:assignment-manage",
        )
    ]
    catalogue = client.get(reverse("learning:offering-detail", args=[offering.pk]))
    html = catalogue.content.decode()
    exams = reverse("assessments:offering-assessments", args=[offering.pk])
    curriculum = reverse("curriculum:offering-detail", args=[offering.pk])
    for url in [*learning_pages, exams, curriculum]:
        assert url in html, url
    detail = client.get(curriculum)
    html = detail.content.decode()
    for url in [*learning_pages, exams]:
        assert url in html, url
    assert f'href="{reverse("curriculum:program-list")}"' in html  # the navbar's "Program"


def test_the_program_page_links_orientation_and_subject_materials(world):
    client = logged_in_client(_account(Role.PENGELOLA))
    program = Program.objects.get(code="SMART-SAHLI")
    html = client.get(reverse("curriculum:program-detail", args=[program.pk])).content.decode()
    assert reverse("learning:manage-orientation", args=[program.pk]) in html
    for subject in program.subjects.all():
        assert reverse("learning:manage-materials", args=[subject.pk]) in html

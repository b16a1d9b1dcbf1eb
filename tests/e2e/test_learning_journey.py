"""Browser: the learning journey of the issue, end to end through the real pages.

A participant requests enrolment; their supervisor (pimpinan) approves it; the participant
acknowledges the rules, watches part of an uploaded video (the progress is saved on the
server and the player resumes there after a reload) and submits a text answer to an
assignment; the subject's facilitator grades it (85, with feedback); the participant sees
the grade and the feedback on the assignments page.

The video is a 20-second, 64×36 H.264 MP4 made by the ffmpeg binary of ``imageio-ffmpeg``.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from bangkom.accounts.choices import Role
from bangkom.learning.choices import EnrollmentStatus, MaterialKind, SubmissionStatus
from bangkom.learning.models import Enrollment, Material, MaterialProgress, Submission
from tests.accounts.factories import DEFAULT_PASSWORD, InstitutionFactory, UserFactory
from tests.curriculum.factories import OfferingFactory, RulesDocumentFactory, SubjectFactory
from tests.learning.factories import AssignmentFactory

pytestmark = pytest.mark.django_db(transaction=True)

VIDEO_SECONDS = 20
PLAY_SECONDS = 4
FEEDBACK = "Analisis sudah runtut; tambahkan data pendukung pada bagian rekomendasi."
ANSWER = "Telaahan staf: permasalahan, fakta, analisis dan saran tindak lanjut."


def make_mp4(directory: Path) -> bytes:
    """A small, valid H.264 MP4 (moov atom first, so the browser can start at once)."""
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    target = directory / "materi.mp4"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size=64x36:rate=10:duration={VIDEO_SECONDS}",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return target.read_bytes()


def log_in(page, user) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(user.nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Selamat datang").wait_for()


def log_out(page) -> None:
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/akun/masuk/")


def wait_for_progress(enrollment: Enrollment, material: Material, *, timeout: float = 10):
    """The stored progress once the browser's report has arrived (polls the database)."""
    deadline = time.monotonic() + timeout
    while True:
        progress = MaterialProgress.objects.filter(enrollment=enrollment, material=material).first()
        if progress and progress.watched_seconds > 0 and progress.position_seconds > 0:
            return progress
        if time.monotonic() > deadline:
            stored = progress and (progress.watched_seconds, progress.position_seconds)
            pytest.fail(f"video progress not saved within {timeout} s (stored: {stored})")
        time.sleep(0.2)


def wait_until(page, predicate: str, arg=None, timeout_s: float = 15.0) -> None:
    """Poll a predicate from Python: Playwright's wait_for_function compiles its predicate
    with eval inside the page, which the site's CSP (rightly) forbids."""
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if page.evaluate(predicate, arg):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"timed out waiting for {predicate}")


def test_participant_enrols_studies_submits_and_sees_the_facilitators_grade(page, tmp_path):
    # given: a running offering needing the supervisor's approval, with rules, a subject
    # taught by a facilitator, an uploaded video and an assignment accepting a text answer
    institution = InstitutionFactory(name="Pemerintah Provinsi Jawa Barat")
    participant = UserFactory(institution=institution, roles=[Role.PESERTA])
    supervisor = UserFactory(institution=institution, roles=[Role.PIMPINAN])
    facilitator = UserFactory(roles=[Role.WIDYAISWARA])
    offering = OfferingFactory(running=True, program__title="Pelatihan Kepemimpinan Pengawas")
    assert offering.requires_supervisor_approval
    RulesDocumentFactory(program=offering.program, title="Ketentuan peserta PKP")
    subject = SubjectFactory(program=offering.program, title="Etika Pemerintahan")
    subject.facilitators.add(facilitator)
    video = Material(
        subject=subject,
        program=offering.program,
        kind=MaterialKind.VIDEO,
        title="Kuliah etika pelayanan publik",
        original_filename="kuliah-etika.mp4",
        duration_seconds=VIDEO_SECONDS,
    )
    video.file.save("kuliah-etika.mp4", ContentFile(make_mp4(tmp_path)), save=True)
    assignment = AssignmentFactory(
        offering=offering,
        subject=subject,
        title="Telaahan staf etika",
        allowed_file_types=[],
        allows_text=True,
    )

    # when: the participant finds the offering in the catalogue and asks to join
    log_in(page, participant)
    page.get_by_role("main").get_by_role("link", name="Katalog pelatihan", exact=True).click()
    page.get_by_role("link", name="Pelatihan Kepemimpinan Pengawas").click()
    page.get_by_label("Alasan mengikuti").fill("Saya baru dilantik sebagai pengawas.")
    page.get_by_test_id("enrol-button").click()
    page.wait_for_url("**/belajar/pendaftaran-saya/")
    expect(page.get_by_text("Permohonan terkirim dan menunggu persetujuan")).to_be_visible()
    enrollment = Enrollment.objects.get(participant=participant, offering=offering)
    assert enrollment.status == EnrollmentStatus.PENDING
    log_out(page)

    # ... the supervisor approves it from the approval inbox
    log_in(page, supervisor)
    page.get_by_role("main").get_by_role("link", name="Persetujuan pendaftaran", exact=True).click()
    row = page.locator(f"#request-{enrollment.pk}")
    expect(row).to_contain_text(participant.name)
    row.get_by_role("button", name="Setujui").click()
    expect(page.locator(f"#request-{enrollment.pk}").get_by_test_id("decision")).to_have_text(
        "Terdaftar"
    )
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert enrollment.decided_by_id == supervisor.pk
    log_out(page)

    # ... the participant enters the learning room and acknowledges the rules
    log_in(page, participant)
    page.get_by_role("main").get_by_role("link", name="Pelatihan saya", exact=True).click()
    page.get_by_test_id("study-link").click()
    page.wait_for_url(f"**/belajar/ruang/{enrollment.pk}/")
    page.get_by_role("link", name="Baca ketentuan").click()
    expect(page.get_by_role("heading", name="Ketentuan peserta PKP")).to_be_visible()
    page.get_by_test_id("acknowledge-rules").click()
    page.wait_for_url(f"**/belajar/ruang/{enrollment.pk}/")
    expect(page.get_by_text("persetujuan Anda atas ketentuan telah dicatat")).to_be_visible()
    assert enrollment.rules_acknowledgements.count() == 1

    # ... opens the subject and the video, and plays a few seconds of it
    page.get_by_role("link", name="Etika Pemerintahan").click()
    page.get_by_test_id("material-row").filter(has_text="Kuliah etika pelayanan publik").click()
    player = page.locator("#material-video")
    expect(player).to_have_attribute("data-resume", "0.000")
    wait_until(page, "() => document.getElementById('material-video').readyState >= 1")
    page.evaluate(
        "async () => { const v = document.getElementById('material-video');"
        " v.muted = true; await v.play(); }"
    )
    page.wait_for_timeout(PLAY_SECONDS * 1000)
    played_to = page.evaluate(
        "() => { const v = document.getElementById('material-video'); v.pause();"
        " return v.currentTime; }"
    )
    assert played_to > 2, f"the video did not play (stopped at {played_to} s)"

    # then: the server stored what was played and where to resume
    progress = wait_for_progress(enrollment, video)
    assert 2 <= progress.watched_seconds <= played_to + 0.5
    assert progress.position_seconds == pytest.approx(played_to, abs=0.5)
    assert progress.completed_at is None  # 4 s of 20 s is not 90 %
    expect(page.locator("#video-progress")).to_have_attribute("value", re.compile(r"^[1-9]\d?$"))

    # ... and a reload resumes the player at the stored position
    page.reload()
    resume = float(player.get_attribute("data-resume"))
    assert resume == pytest.approx(progress.position_seconds, abs=0.01)
    wait_until(
        page,
        "r => Math.abs(document.getElementById('material-video').currentTime - r) < 0.5",
        resume,
    )

    # ... submits a text answer to the assignment
    page.get_by_role("link", name="Etika Pemerintahan").click()  # breadcrumb
    page.get_by_role("link", name="Penugasan").first.click()
    page.wait_for_url(f"**/belajar/tugas/peserta/{enrollment.pk}/")
    page.get_by_test_id("assignment-row").filter(has_text="Telaahan staf etika").get_by_role(
        "link", name="Kerjakan"
    ).click()
    page.get_by_label("Jawaban teks").fill(ANSWER)
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Jawaban versi 1 terkirim.")).to_be_visible()
    submission = Submission.objects.get(assignment=assignment, enrollment=enrollment)
    assert submission.text == ANSWER
    assert submission.status == SubmissionStatus.SUBMITTED
    log_out(page)

    # ... the facilitator grades it from the grading queue: accepted with 85 and feedback
    log_in(page, facilitator)
    page.goto(f"/belajar/tugas/{assignment.pk}/penilaian/?filter=ungraded")
    queue_row = page.get_by_test_id("queue-row").filter(has_text=participant.nip)
    queue_row.get_by_role("link", name="Nilai").click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    page.get_by_label("Nilai", exact=True).fill("85")
    page.get_by_label("Umpan balik").fill(FEEDBACK)
    page.get_by_role("button", name="Terima dengan nilai").click()
    page.wait_for_url(f"**/belajar/tugas/{assignment.pk}/penilaian/")
    expect(page.get_by_text("Penilaian disimpan; peserta diberi tahu.")).to_be_visible()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.score == 85
    assert submission.graded_by_id == facilitator.pk
    log_out(page)

    # then: the participant sees the grade and the feedback on the assignments page
    log_in(page, participant)
    page.goto(f"/belajar/tugas/peserta/{enrollment.pk}/")
    graded = page.get_by_test_id("assignment-row").filter(has_text="Telaahan staf etika")
    expect(graded).to_contain_text(re.compile(r"\b85([.,]00)?\s*/\s*100"))
    expect(graded).to_contain_text(FEEDBACK)
    expect(graded).to_contain_text("Diterima")

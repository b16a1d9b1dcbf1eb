"""Enrolments and everything a participant does between enrolment and the exams:
rules acknowledgement, materials and video progress, assignments, attendance, forums,
announcements, invitations (DOMAIN.md S-1 R1, R2, R9, R11; Gambar 2 steps 1–5).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import Institution, User
from bangkom.common.models import TimeStampedModel
from bangkom.curriculum.models import Offering, Program, RulesDocument, Subject
from bangkom.learning.choices import (
    AttendanceSource,
    EnrollmentSource,
    EnrollmentStatus,
    MaterialKind,
    SubmissionStatus,
)


class Enrollment(TimeStampedModel):
    """A participant in an offering. One row per (offering, participant), whatever happens."""

    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="enrollments")
    participant = models.ForeignKey(User, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.PENDING,
    )
    source = models.CharField(
        _("sumber"), max_length=10, choices=EnrollmentSource.choices, default=EnrollmentSource.SELF
    )
    is_trial = models.BooleanField(_("uji coba"), default=False)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrollment_decisions"
    )
    decision_reason = models.TextField(_("alasan"), blank=True)
    # The seed's three TNA questions and the supervisor's recommendation (DOMAIN.md §7.1).
    motivation = models.TextField(_("alasan mengikuti"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("peserta angkatan")
        verbose_name_plural = _("peserta angkatan")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "participant"], name="learning_enrollment_once_per_offering"
            )
        ]
        indexes = [
            models.Index(fields=["offering", "status"], name="learning_enrollment_status"),
            models.Index(fields=["participant", "status"], name="learning_enrollment_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.offering.code}"


class RulesAcknowledgement(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="rules_acknowledgements"
    )
    rules = models.ForeignKey(
        RulesDocument, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "rules"], name="learning_rules_ack_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} ✓ {self.rules}"


class Material(TimeStampedModel):
    """A learning material of a subject, a program's orientation video, or a library item."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="materials"
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, null=True, blank=True, related_name="materials"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=MaterialKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    tags = models.CharField(_("tag"), max_length=300, blank=True)
    file = models.FileField(_("berkas"), upload_to="materials/%Y/%m/", blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    url = models.URLField(_("tautan"), blank=True)
    duration_seconds = models.PositiveIntegerField(_("durasi (detik)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_orientation = models.BooleanField(_("video orientasi program"), default=False)
    in_library = models.BooleanField(_("terbit di perpustakaan (KMS)"), default=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["subject", "order", "pk"]
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        indexes = [models.Index(fields=["in_library"], name="learning_material_library")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_video(self) -> bool:
        return self.kind in (MaterialKind.VIDEO, MaterialKind.VIDEO_URL)


class MaterialProgress(models.Model):
    """How far a participant got with a material in one enrolment.

    ``watched_intervals``: merged, sorted ``[[start_s, end_s], ...]`` of the video actually
    played (schema v1); skipping ahead adds nothing, so it cannot complete a video.
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="material_progress"
    )
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="progress")
    watched_intervals = models.JSONField(default=list, blank=True)
    watched_seconds = models.FloatField(default=0)
    position_seconds = models.FloatField(default=0)
    opened_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enrollment", "material"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "material"], name="learning_progress_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.material}"


class Assignment(TimeStampedModel):
    """A penugasan of a subject in an offering, with its due date and accepted file types."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="assignments")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("judul"), max_length=200)
    instructions = models.TextField(_("petunjuk"))  # sanitised HTML rendered from Markdown
    instructions_markdown = models.TextField(_("petunjuk (Markdown)"), blank=True)
    rubric = models.TextField(_("rubrik penilaian"), blank=True)
    due_at = models.DateTimeField(_("batas waktu"))
    # ["pdf", "docx", ...] from SubmissionFileType; empty means text only
    allowed_file_types = models.JSONField(_("jenis berkas"), default=list, blank=True)
    allows_text = models.BooleanField(_("jawaban teks"), default=True)
    max_file_mb = models.PositiveSmallIntegerField(_("ukuran berkas maks. (MB)"), default=20)
    max_score = models.DecimalField(
        _("nilai maksimal"), max_digits=5, decimal_places=2, default=100
    )

    class Meta:
        ordering = ["offering", "due_at", "pk"]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    """One version of a participant's answer to an assignment; versions are never overwritten."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField()
    text = models.TextField(_("jawaban"), blank=True)
    file = models.FileField(upload_to="submissions/%Y/%m/", blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(_("umpan balik"), blank=True)
    graded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="grades_given"
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment", "enrollment", "-version"]
        verbose_name = _("jawaban penugasan")
        verbose_name_plural = _("jawaban penugasan")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "enrollment", "version"], name="learning_submission_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} v{self.version}"


class AttendanceRecord(models.Model):
    """A day of attendance (absensi), by daily check-in or by study activity."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("tanggal"))  # in the participant's own time zone
    source = models.CharField(max_length=10, choices=AttendanceSource.choices)
    first_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrollment", "day"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "day"], name="learning_attendance_day")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} {self.day}"


class ForumThread(TimeStampedModel):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="threads")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("judul"), max_length=200)
    body_markdown = models.TextField(_("isi"))
    body_html = models.TextField()  # rendered from Markdown and sanitised by nh3

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("topik diskusi")
        verbose_name_plural = _("topik diskusi")

    def __str__(self) -> str:
        return self.title


class ForumPost(models.Model):
    thread = models.ForeignKey(ForumThread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_posts")
    body_markdown = models.TextField(_("isi"))
    body_html = models.TextField()  # rendered from Markdown and sanitised by nh3
    is_facilitator_answer = models.BooleanField(_("jawaban fasilitator"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["thread", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"


class Announcement(TimeStampedModel):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("judul"), max_length=200)
    body_html = models.TextField(_("isi"))  # sanitised by nh3
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("pengumuman")
        verbose_name_plural = _("pengumuman")

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An offering's invitation sent to the supervisors of an eligible institution."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="invitations")
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="invitations"
    )
    message = models.TextField(_("pesan"), blank=True)
    sent_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "institution"], name="learning_invitation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offering.code} → {self.institution}"

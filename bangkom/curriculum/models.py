"""Programs (reusable curricula), their subjects and rules, scheduled offerings (angkatan),
committees and facilitators (DOMAIN.md S-1 R1, R9, R11, R12; §2.1 JP = 45 minutes).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import TIME_ZONE_CHOICES
from bangkom.accounts.models import Institution, User
from bangkom.common.models import TimeStampedModel
from bangkom.common.timezones import DEFAULT_ZONE
from bangkom.curriculum.choices import LearningForm, OfferingStatus, ProgramType
from bangkom.planning.models import Competency

MINUTES_PER_JP = 45  # DOMAIN.md §2.1: 1 JP = 45 minutes
JP_STEP = Decimal("0.5")


class Program(TimeStampedModel):
    """A pelatihan: a curriculum that can be run many times as offerings."""

    code = models.CharField(_("kode"), max_length=30, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    program_type = models.CharField(_("jenis"), max_length=20, choices=ProgramType.choices)
    learning_form = models.CharField(
        _("bentuk/jalur"), max_length=5, choices=LearningForm.choices, default=LearningForm.NKL03
    )
    total_jp = models.DecimalField(_("total JP"), max_digits=5, decimal_places=1)
    theme = models.CharField(_("tema"), max_length=100, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="programs_created"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_jp__gt=0), name="curriculum_program_jp_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def total_minutes(self) -> int:
        return int(self.total_jp * MINUTES_PER_JP)


class ProgramCompetency(models.Model):
    """A competency a program develops, and the level it aims at (1–5)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="program_targets"
    )
    target_level = models.PositiveSmallIntegerField(
        _("level sasaran"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["program", "competency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "competency"], name="curriculum_programcompetency_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency} L{self.target_level}"


class Subject(TimeStampedModel):
    """A mata pelatihan of a program, with its JP and facilitators."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="subjects")
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("judul"), max_length=200)
    jp = models.DecimalField(_("JP"), max_digits=4, decimal_places=1)
    objectives = models.TextField(_("tujuan pembelajaran"), blank=True)
    facilitators = models.ManyToManyField(
        User, blank=True, related_name="facilitated_subjects", verbose_name=_("fasilitator")
    )

    class Meta:
        ordering = ["program", "order"]
        verbose_name = _("mata pelatihan")
        verbose_name_plural = _("mata pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="curriculum_subject_order"),
            models.CheckConstraint(condition=Q(jp__gt=0), name="curriculum_subject_jp_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def minutes(self) -> int:
        return int(self.jp * MINUTES_PER_JP)


class RulesDocument(models.Model):
    """One version of a program's rules of conduct (ketentuan, seed R11).

    Participants acknowledge a specific version; publishing a new version asks everyone
    again, because what they agreed to changed.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rules_versions")
    version = models.PositiveIntegerField(_("versi"))
    title = models.CharField(_("judul"), max_length=200)
    body_html = models.TextField(_("isi"))  # sanitised by nh3 before saving
    # The Markdown the manager wrote; never shown as HTML, only used to prefill the next version.
    body_markdown = models.TextField(_("isi (Markdown)"), blank=True)
    published_at = models.DateTimeField(_("diterbitkan"))
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["program", "-version"]
        verbose_name = _("ketentuan program")
        verbose_name_plural = _("ketentuan program")
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="curriculum_rules_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Offering(TimeStampedModel):
    """A scheduled run (angkatan) of a program: enrolment window, learning window, status.

    A "program" in the JSON API is an offering (API.md). Instants are stored in UTC;
    ``time_zone`` is the zone in which the schedule was planned (BPSDM: WIB).
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="offerings")
    code = models.CharField(_("kode angkatan"), max_length=40, unique=True)
    name = models.CharField(_("nama angkatan"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferingStatus.choices, default=OfferingStatus.DRAFT
    )
    enrollment_opens_at = models.DateTimeField(_("pendaftaran dibuka"))
    enrollment_closes_at = models.DateTimeField(_("pendaftaran ditutup"))
    starts_at = models.DateTimeField(_("mulai belajar"))
    ends_at = models.DateTimeField(_("selesai belajar"))
    time_zone = models.CharField(
        _("zona waktu jadwal"), max_length=40, choices=TIME_ZONE_CHOICES, default=DEFAULT_ZONE
    )
    capacity = models.PositiveIntegerField(
        _("kuota peserta"), null=True, blank=True, help_text=_("Kosong: tanpa batas.")
    )
    eligible_institutions = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="eligible_offerings",
        verbose_name=_("instansi sasaran"),
    )
    # ["jpt", "administrator", ...] from PositionType; empty means every position type
    eligible_position_types = models.JSONField(_("jenis jabatan sasaran"), default=list, blank=True)
    requires_supervisor_approval = models.BooleanField(
        _("perlu persetujuan pimpinan"), default=True
    )
    is_trial_mode = models.BooleanField(_("mode uji coba"), default=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="offerings_created"
    )

    class Meta:
        ordering = ["-starts_at", "code"]
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        constraints = [
            models.CheckConstraint(
                condition=Q(enrollment_closes_at__gt=models.F("enrollment_opens_at")),
                name="curriculum_offering_enrollment_window",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="curriculum_offering_learning_window",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="curriculum_offering_status")]

    def __str__(self) -> str:
        return f"{self.program.title} — {self.name}"


class CommitteeMember(models.Model):
    """A manager on an offering's committee (panitia) with a named task."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="committee_roles")
    task = models.CharField(_("tugas"), max_length=200)

    class Meta:
        ordering = ["offering", "user__name"]
        verbose_name = _("panitia")
        verbose_name_plural = _("panitia")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "user", "task"], name="curriculum_committee_unique_task"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.task}"


class FacilitatorProfile(TimeStampedModel):
    """A widyaiswara/narasumber: qualifications a manager verifies, contact for participants."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="facilitator_profile")
    academic_title = models.CharField(_("gelar"), max_length=100, blank=True)
    education = models.TextField(_("pendidikan"), blank=True)
    work_experience = models.TextField(_("pengalaman kerja"), blank=True)
    expertise = models.CharField(_("bidang keahlian"), max_length=300, blank=True)
    contact_email = models.EmailField(_("email kontak"), blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=30, blank=True)
    is_verified = models.BooleanField(_("kualifikasi terverifikasi"), default=False)
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="facilitators_verified"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user__name"]
        verbose_name = _("profil fasilitator")
        verbose_name_plural = _("profil fasilitator")

    def __str__(self) -> str:
        return str(self.user)


class FacilitatorCertification(TimeStampedModel):
    profile = models.ForeignKey(
        FacilitatorProfile, on_delete=models.CASCADE, related_name="certifications"
    )
    name = models.CharField(_("nama sertifikasi"), max_length=200)
    issuer = models.CharField(_("penerbit"), max_length=200, blank=True)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    evidence = models.FileField(_("bukti"), upload_to="facilitators/evidence/%Y/", blank=True)
    # The uploader's file name, cleaned for display; the stored name is server-generated.
    evidence_name = models.CharField(_("nama berkas bukti"), max_length=255, blank=True)

    class Meta:
        ordering = ["profile", "-issued_on"]
        verbose_name = _("sertifikasi fasilitator")
        verbose_name_plural = _("sertifikasi fasilitator")

    def __str__(self) -> str:
        return self.name

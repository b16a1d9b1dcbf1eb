"""The competency dictionary (DOMAIN.md §3), positions (Anjab, §7.2), competency profiles,
training-needs analyses (AKPK/TNA, §7.1) and program plans with their preparation checklist
(S-1 "Phases": perencanaan, persiapan).

``bangkom.curriculum.models`` imports :class:`Competency` from here, so curriculum and
finance models are referred to by string only ("curriculum.Program", ...).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import PositionType
from bangkom.common.models import TimeStampedModel
from bangkom.planning.choices import (
    MAX_LEVEL,
    MIN_LEVEL,
    AnalysisStatus,
    AssessmentSource,
    CompetencyType,
    PlanStatus,
    PreparationKind,
    RespondentKind,
)

MIN_KELAS, MAX_KELAS = 1, 17  # DOMAIN.md §7.2: kelas jabatan, commonly 1–17 [U]
LEVEL_VALIDATORS = [MinValueValidator(MIN_LEVEL), MaxValueValidator(MAX_LEVEL)]


def _level_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": MIN_LEVEL, f"{field}__lte": MAX_LEVEL}), name=name
    )


class Competency(TimeStampedModel):
    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    competency_type = models.CharField(_("jenis"), max_length=20, choices=CompetencyType.choices)
    description = models.TextField(_("deskripsi"), blank=True)
    # {"1": "...", ..., "5": "..."}: what each level means (schema v1)
    level_descriptions = models.JSONField(_("deskripsi level"), default=dict, blank=True)

    class Meta:
        ordering = ["competency_type", "name"]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")

    def __str__(self) -> str:
        return self.name


# --- positions (Anjab) ----------------------------------------------------------------------


class Position(TimeStampedModel):
    """A jabatan from the job analysis; ``institution`` empty means a generic position."""

    code = models.CharField(_("kode jabatan"), max_length=40, unique=True)
    name = models.CharField(_("nama jabatan"), max_length=200)
    position_type = models.CharField(
        _("jenis jabatan"), max_length=15, choices=PositionType.choices
    )
    jenjang = models.CharField(_("jenjang"), max_length=100, blank=True)
    kelas_jabatan = models.PositiveSmallIntegerField(
        _("kelas jabatan"), validators=[MinValueValidator(MIN_KELAS), MaxValueValidator(MAX_KELAS)]
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("instansi"),
    )
    unit_name = models.CharField(_("unit organisasi"), max_length=200, blank=True)

    class Meta:
        ordering = ["-kelas_jabatan", "name"]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        constraints = [
            models.CheckConstraint(
                condition=Q(kelas_jabatan__gte=MIN_KELAS, kelas_jabatan__lte=MAX_KELAS),
                name="planning_position_kelas_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PositionRequirement(models.Model):
    """The level (1–5) of a competency that the position's standard requires."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="position_requirements"
    )
    required_level = models.PositiveSmallIntegerField(
        _("level standar"), validators=LEVEL_VALIDATORS
    )

    class Meta:
        ordering = ["position", "competency__competency_type", "competency__name"]
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="planning_requirement_unique"
            ),
            _level_check("required_level", "planning_requirement_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.position} — {self.competency} L{self.required_level}"


class EmployeeAssignment(TimeStampedModel):
    """Which position (from the Anjab) a registry employee holds."""

    employee = models.OneToOneField(
        "accounts.Employee",
        on_delete=models.CASCADE,
        related_name="planning_assignment",
        verbose_name=_("pegawai"),
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("jabatan")
    )

    class Meta:
        verbose_name = _("jabatan pegawai")
        verbose_name_plural = _("jabatan pegawai")

    def __str__(self) -> str:
        return f"{self.employee} — {self.position}"


class CompetencyAssessment(models.Model):
    """An assessed level; the latest (assessed_on, then id) per employee and competency counts."""

    employee = models.ForeignKey(
        "accounts.Employee", on_delete=models.CASCADE, related_name="competency_assessments"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="assessments")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    source = models.CharField(_("sumber"), max_length=20, choices=AssessmentSource.choices)
    assessed_on = models.DateField(_("tanggal penilaian"))
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee", "competency", "-assessed_on", "-id"]
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")
        constraints = [_level_check("level", "planning_assessment_level_range")]
        indexes = [
            models.Index(
                fields=["employee", "competency", "-assessed_on"], name="planning_assess_latest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.competency} L{self.level}"


# --- training-needs analysis (AKPK/TNA) -----------------------------------------------------


class NeedsAnalysis(TimeStampedModel):
    """The AKPK of one institution for one year (DOMAIN.md §7.1)."""

    institution = models.ForeignKey(
        "accounts.Institution",
        on_delete=models.PROTECT,
        related_name="needs_analyses",
        verbose_name=_("instansi"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    built_at = models.DateTimeField(_("dihitung"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "institution__name"]
        verbose_name = _("analisis kebutuhan pengembangan kompetensi")
        verbose_name_plural = _("analisis kebutuhan pengembangan kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"], name="planning_analysis_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"AKPK {self.institution} {self.year}"


class NeedCandidate(models.Model):
    """A program that covers a competency gap of ``headcount`` employees of the institution."""

    analysis = models.ForeignKey(NeedsAnalysis, on_delete=models.CASCADE, related_name="candidates")
    program = models.ForeignKey(
        "curriculum.Program", on_delete=models.PROTECT, related_name="need_candidates"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    headcount = models.PositiveIntegerField(_("jumlah sasaran"))
    average_gap = models.DecimalField(_("rata-rata kesenjangan"), max_digits=4, decimal_places=2)
    rank = models.PositiveIntegerField(_("peringkat"))
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["analysis", "rank"]
        verbose_name = _("kandidat kebutuhan")
        verbose_name_plural = _("kandidat kebutuhan")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "program", "competency"], name="planning_candidate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.competency}"


class NeedTarget(models.Model):
    """An employee whose gap a candidate covers, with the levels at build time."""

    candidate = models.ForeignKey(NeedCandidate, on_delete=models.CASCADE, related_name="targets")
    employee = models.ForeignKey(
        "accounts.Employee", on_delete=models.CASCADE, related_name="need_targets"
    )
    required_level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    assessed_level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)

    class Meta:
        ordering = ["candidate", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "employee"], name="planning_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} — {self.candidate_id}"

    @property
    def gap(self) -> int:
        return self.required_level - self.assessed_level


class NeedAnswer(models.Model):
    """The seed's three TNA questions, answered by a pimpinan or by the employee concerned."""

    candidate = models.ForeignKey(NeedCandidate, on_delete=models.CASCADE, related_name="answers")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_answers"
    )
    respondent = models.CharField(_("responden"), max_length=10, choices=RespondentKind.choices)
    employee = models.ForeignKey(
        "accounts.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="need_answers",
    )
    needed = models.BooleanField(_("dibutuhkan"))
    beneficial = models.BooleanField(_("bermanfaat"))
    harmful_if_absent = models.BooleanField(_("merugikan bila tidak diikuti"))
    comment = models.TextField(_("komentar"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"))

    class Meta:
        ordering = ["candidate", "answered_at"]
        verbose_name = _("jawaban TNA")
        verbose_name_plural = _("jawaban TNA")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "answered_by"], name="planning_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.answered_by}"


# --- program plans --------------------------------------------------------------------------


class ProgramPlan(TimeStampedModel):
    """The plan of one run of a program: objectives, targets, schedule, budget, approval."""

    title = models.CharField(_("judul rencana"), max_length=200)
    program = models.ForeignKey(
        "curriculum.Program",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("program"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    objectives = models.TextField(_("tujuan"), blank=True)
    target_participants = models.PositiveIntegerField(_("sasaran peserta"), null=True, blank=True)
    target_pass_rate = models.PositiveSmallIntegerField(
        _("sasaran kelulusan (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    target_jp = models.DecimalField(
        _("sasaran JP"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    starts_on = models.DateField(_("mulai"), null=True, blank=True)
    ends_on = models.DateField(_("selesai"), null=True, blank=True)
    cost_template = models.ForeignKey(
        "finance.CostTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("templat biaya"),
    )
    # {"participants": int, "days": int, ...}: passed as ``params`` to the finance comparison
    cost_parameters = models.JSONField(_("parameter biaya"), default=dict, blank=True)
    # {"version": 1, "computed_at": iso8601, "year": int, "totals": {name: number}, ...}:
    # the budget as it stood when the plan was submitted
    budget_snapshot = models.JSONField(_("anggaran saat diajukan"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    offering = models.OneToOneField(
        "curriculum.Offering",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan",
        verbose_name=_("angkatan"),
    )

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("rencana program")
        verbose_name_plural = _("rencana program")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="planning_plan_schedule_order",
            ),
            models.CheckConstraint(
                condition=Q(target_pass_rate__isnull=True) | Q(target_pass_rate__lte=100),
                name="planning_plan_pass_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanComment(models.Model):
    """A comment on a plan; a status change records ``from_status`` → ``to_status``."""

    plan = models.ForeignKey(ProgramPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("komentar"), blank=True)
    from_status = models.CharField(max_length=10, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=PlanStatus.choices, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "created_at", "id"]
        verbose_name = _("komentar rencana")
        verbose_name_plural = _("komentar rencana")

    def __str__(self) -> str:
        return f"{self.plan} — {self.created_at:%Y-%m-%d}"


class PlanCommitteeMember(models.Model):
    """A manager on the plan's committee (panitia) with a named task."""

    plan = models.ForeignKey(ProgramPlan, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_committee_roles"
    )
    task = models.CharField(_("tugas"), max_length=200)

    class Meta:
        ordering = ["plan", "user__name"]
        verbose_name = _("panitia rencana")
        verbose_name_plural = _("panitia rencana")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "user", "task"], name="planning_committee_unique_task"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.task}"


class PreparationItem(models.Model):
    """One step of the persiapan checklist, with an owner and a due date; open until done."""

    plan = models.ForeignKey(
        ProgramPlan, on_delete=models.CASCADE, related_name="preparation_items"
    )
    kind = models.CharField(_("jenis"), max_length=25, choices=PreparationKind.choices)
    title = models.CharField(_("uraian"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preparation_items",
        verbose_name=_("penanggung jawab"),
    )
    due_on = models.DateField(_("tenggat"), null=True, blank=True)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["plan", "done_at", "due_on", "id"]
        verbose_name = _("butir persiapan")
        verbose_name_plural = _("butir persiapan")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

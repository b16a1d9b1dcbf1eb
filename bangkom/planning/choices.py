"""Choices of the planning context (DOMAIN.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyType(models.TextChoices):
    TEKNIS = "teknis", _("Teknis")
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
    PEMERINTAHAN = "pemerintahan", _("Pemerintahan")


MIN_LEVEL = 1
MAX_LEVEL = 5  # DOMAIN.md §3: every competency has levels 1–5


class AssessmentSource(models.TextChoices):
    """Where an assessed competency level comes from (issue "planning" item 3)."""

    ASSESSMENT_CENTRE = "assessment_centre", _("Assessment center")
    SUPERVISOR = "supervisor", _("Penilaian atasan")
    SELF = "self", _("Penilaian diri")
    PLACEMENT_TEST = "placement_test", _("Hasil uji penempatan")


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Final")


class RespondentKind(models.TextChoices):
    """Who answers the three TNA questions (DOMAIN.md §7.1)."""

    SUPERVISOR = "supervisor", _("Pimpinan")
    EMPLOYEE = "employee", _("Pegawai")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    APPROVED = "approved", _("Disetujui")
    RETURNED = "returned", _("Dikembalikan")


class PreparationKind(models.TextChoices):
    """The seed's persiapan phase (DOMAIN.md S-1 "Phases"), one checklist item each."""

    CURRICULUM = "curriculum", _("Kurikulum ditetapkan")
    RULES = "rules", _("Ketentuan peserta ditulis")
    PLACEMENT_QUESTIONS = "placement_questions", _("Soal uji penempatan siap")
    SUBJECT_QUESTIONS = "subject_questions", _("Soal ujian mata pelatihan siap")
    FINAL_QUESTIONS = "final_questions", _("Soal uji kompetensi akhir siap")
    MODULES = "modules", _("Modul/bahan ajar siap")
    SLIDES = "slides", _("Bahan tayang siap")
    VIDEOS = "videos", _("Video pembelajaran direkam (≥ 30 menit)")
    FACILITIES_STUDIO = "facilities_studio", _("Studio dan perlengkapan rekaman siap")
    FACILITIES_INTERNET = "facilities_internet", _("Internet/wifi dan perangkat siap")
    FACILITATORS_CONFIRMED = "facilitators_confirmed", _("Fasilitator dikonfirmasi")
    MANAGER_TASKS = "manager_tasks", _("Tugas pengelola dibagi")
    OTHER = "other", _("Lainnya")


# Every new plan starts with one checklist item per persiapan step; "other" is added by hand.
STANDARD_PREPARATION: tuple[str, ...] = tuple(
    kind for kind in PreparationKind.values if kind != PreparationKind.OTHER
)

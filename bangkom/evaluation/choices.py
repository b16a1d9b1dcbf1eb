"""Choices of the evaluation context (DOMAIN.md S-1 R11, R13, R15; §8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentTarget(models.TextChoices):
    """What an instrument evaluates, which also fixes who answers it."""

    PROGRAM = "program", _("Program (oleh peserta)")
    FACILITATOR = "facilitator", _("Fasilitator (oleh peserta)")
    ORGANIZER = "organizer", _("Penyelenggara (oleh peserta)")
    PROGRAM_BY_MANAGER = "program_by_manager", _("Program (oleh pengelola)")
    CURRICULUM_RELEVANCE = "curriculum_relevance", _("Relevansi kurikulum")
    IMPACT = "impact", _("Dampak pelatihan")


class SurveyPhase(models.TextChoices):
    DURING = "during", _("Selama pelatihan")
    AFTER = "after", _("Setelah pelatihan")


class ItemKind(models.TextChoices):
    LIKERT = "likert", _("Skala Likert")
    OPEN = "open", _("Pertanyaan terbuka")


class RespondentRole(models.TextChoices):
    PARTICIPANT = "participant", _("Peserta")
    FACILITATOR = "facilitator", _("Fasilitator")
    SUPERVISOR = "supervisor", _("Pimpinan")
    MANAGER = "manager", _("Pengelola")
    ALUMNUS = "alumnus", _("Alumni")


class ViolationKind(models.TextChoices):
    EXAM_INTEGRITY = "exam_integrity", _("Integritas ujian")
    PLAGIARISM = "plagiarism", _("Plagiarisme")
    ABSENCE = "absence", _("Ketidakhadiran")
    OTHER = "other", _("Lainnya")


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Teguran")
    ATTEMPT_VOIDED = "attempt_voided", _("Pembatalan ujian")
    DISQUALIFICATION = "disqualification", _("Diskualifikasi dari angkatan")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu keputusan")
    UPHELD = "upheld", _("Sanksi dipertahankan")
    LIFTED = "lifted", _("Sanksi dicabut")

"""Choices of the assessments context (DOMAIN.md S-1 R3–R8, §9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentKind(models.TextChoices):
    PLACEMENT = "placement", _("Tes penempatan")
    SUBJECT = "subject", _("Ujian mata pelatihan")
    FINAL = "final", _("Uji kompetensi akhir (CAT)")


class ItemType(models.TextChoices):
    SINGLE = "single", _("Pilihan ganda (satu jawaban)")
    MULTIPLE = "multiple", _("Pilihan ganda (beberapa jawaban)")
    TRUE_FALSE = "true_false", _("Benar/salah")
    GRADED = "graded", _("Pilihan berbobot (1–5)")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    IN_REVIEW = "in_review", _("Ditelaah")
    ACTIVE = "active", _("Aktif")
    RETIRED = "retired", _("Tidak dipakai")


class Difficulty(models.TextChoices):
    EASY = "mudah", _("Mudah")
    MEDIUM = "sedang", _("Sedang")
    HARD = "sulit", _("Sulit")


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("Sedang dikerjakan")
    SUBMITTED = "submitted", _("Dikumpulkan")
    EXPIRED = "expired", _("Waktu habis")
    VOIDED = "voided", _("Dibatalkan")


class AfterLastFailure(models.TextChoices):
    """What the last failed attempt means (DOMAIN.md open item 10)."""

    END_NOT_PASSED = (
        "end_not_passed",
        _("Pendaftaran berakhir tidak lulus; boleh daftar angkatan lain"),
    )
    KEEP_OPEN = "keep_open", _("Peserta tetap dalam angkatan; pengelola dapat memberi kesempatan")


class AttemptEventKind(models.TextChoices):
    STARTED = "started", _("Mulai")
    RESUMED = "resumed", _("Dilanjutkan")
    TAKEOVER = "takeover", _("Pindah perangkat")
    FOCUS_LOST = "focus_lost", _("Meninggalkan halaman")
    LATE_ANSWER = "late_answer", _("Jawaban terlambat ditolak")
    SUBMITTED = "submitted", _("Dikumpulkan")
    EXPIRED = "expired", _("Waktu habis")
    VOIDED = "voided", _("Dibatalkan")

"""Choices of the learning context."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrollmentStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu persetujuan")
    ENROLLED = "enrolled", _("Terdaftar")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri")


class EnrollmentSource(models.TextChoices):
    SELF = "self", _("Permohonan peserta")
    MANAGER = "manager", _("Didaftarkan pengelola")
    NOMINATION = "nomination", _("Usulan pimpinan")
    TRIAL = "trial", _("Penguji uji coba")


class MaterialKind(models.TextChoices):
    VIDEO = "video", _("Video (berkas)")
    VIDEO_URL = "video_url", _("Video (tautan)")
    MODULE = "module", _("Modul (PDF)")
    SLIDES = "slides", _("Salindia")
    READING = "reading", _("Bacaan")
    LINK = "link", _("Tautan")


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu penilaian")
    ACCEPTED = "accepted", _("Diterima")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")


class AttendanceSource(models.TextChoices):
    CHECK_IN = "check_in", _("Absen harian")
    ACTIVITY = "activity", _("Aktivitas belajar")


class SubmissionFileType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    PPTX = "pptx", "PowerPoint (PPTX)"
    JPG = "jpg", "JPEG"
    PNG = "png", "PNG"

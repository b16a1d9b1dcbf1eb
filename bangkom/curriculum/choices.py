"""Choices of the curriculum context (DOMAIN.md §2.3, §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import PositionType  # noqa: F401  (re-exported for curricula)


class ProgramType(models.TextChoices):
    MANAJERIAL = "manajerial", _("Manajerial")
    TEKNIS = "teknis", _("Teknis")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
    PEMERINTAHAN = "pemerintahan", _("Pemerintahan")


class LearningForm(models.TextChoices):
    """Bentuk/jalur pengembangan kompetensi, PerLAN 10/2018 (DOMAIN.md §2.3)."""

    KL01 = "KL01", _("KL01 Pelatihan Struktural Kepemimpinan")
    KL02 = "KL02", _("KL02 Pelatihan Manajerial")
    KL03 = "KL03", _("KL03 Pelatihan Teknis")
    KL04 = "KL04", _("KL04 Pelatihan Fungsional")
    KL05 = "KL05", _("KL05 Pelatihan Sosial Kultural")
    KL06 = "KL06", _("KL06 Seminar/Konferensi/Sarasehan")
    KL07 = "KL07", _("KL07 Workshop/Lokakarya")
    KL08 = "KL08", _("KL08 Kursus")
    KL09 = "KL09", _("KL09 Penataran")
    KL10 = "KL10", _("KL10 Bimbingan Teknis")
    KL11 = "KL11", _("KL11 Sosialisasi")
    KL12 = "KL12", _("KL12 Klasikal lainnya")
    NKL01 = "NKL01", _("NKL01 Coaching")
    NKL02 = "NKL02", _("NKL02 Mentoring")
    NKL03 = "NKL03", _("NKL03 E-learning")
    NKL04 = "NKL04", _("NKL04 Pelatihan Jarak Jauh")
    NKL05 = "NKL05", _("NKL05 Detasering")
    NKL06 = "NKL06", _("NKL06 Pembelajaran Alam Terbuka")
    NKL07 = "NKL07", _("NKL07 Patok Banding")
    NKL08 = "NKL08", _("NKL08 Pertukaran PNS–swasta/BUMN/BUMD")
    NKL09 = "NKL09", _("NKL09 Belajar Mandiri")
    NKL10 = "NKL10", _("NKL10 Komunitas Belajar")
    NKL11 = "NKL11", _("NKL11 Bimbingan di Tempat Kerja")
    NKL12 = "NKL12", _("NKL12 Magang/Praktik Kerja")
    NKL13 = "NKL13", _("NKL13 Nonklasikal lainnya")

    @property
    def is_classical(self) -> bool:
        return self.value.startswith("KL")


class OfferingStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Dibuka")
    RUNNING = "running", _("Berjalan")
    CLOSED = "closed", _("Selesai")

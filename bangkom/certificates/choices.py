"""Choices of the certificates context."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    COMPLETION = "completion", _("Kompeten (uji kompetensi)")
    RPL = "rpl", _("Rekognisi Pembelajaran Lampau (RPL)")


class ArchiveStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Diproses")
    SUCCEEDED = "succeeded", _("Selesai")
    FAILED = "failed", _("Gagal")

"""Choices of the progression context: where a JP credit comes from, external-learning status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditSource(models.TextChoices):
    CERTIFICATE = "certificate", _("Sertifikat Bangkom")
    EXTERNAL = "external", _("Pembelajaran eksternal")


class ExternalLearningStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu persetujuan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")

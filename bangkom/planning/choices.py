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

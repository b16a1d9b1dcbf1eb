"""Choices of the finance context: cost scenarios and where a unit price comes from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScenarioCode(models.TextChoices):
    """The ways of running one training that a cost template compares (DOMAIN.md S-3, S-4)."""

    CONVENTIONAL = "conventional", _("Konvensional")
    SMART = "smart", _("SMART Training")
    HOTEL_PNBP = "hotel_pnbp", _("Konvensional di hotel (PNBP)")


class PriceSource(models.TextChoices):
    """Where a unit price comes from: the seed's figures are never official SBM (DOMAIN.md §6)."""

    SEED = "seed", _("Nilai seed, bukan nilai resmi SBM")
    SBM = "sbm", _("SBM resmi (PMK)")
    OTHER = "other", _("Sumber lain")

"""The competency dictionary (DOMAIN.md §3): technical, the 8 managerial competencies of
PermenPANRB 38/2017, the socio-cultural Perekat Bangsa, and Kemendagri's government affairs.

Curricula name the competencies (and target levels) they develop; the planning issue adds
positions, profiles and gap analysis on top of this dictionary.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangkom.common.models import TimeStampedModel
from bangkom.planning.choices import CompetencyType


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

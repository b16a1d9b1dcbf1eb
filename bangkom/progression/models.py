"""The JP ledger, external learning awaiting approval, and curricula's follow-up programs.

A ``JpCredit`` row is the only thing the yearly 20-JP total adds up (DOMAIN.md §2.2): one
per certified enrolment (unique, so crediting twice is impossible) and one per approved
external learning record.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import Employee, User
from bangkom.common.models import TimeStampedModel
from bangkom.curriculum.choices import LearningForm
from bangkom.curriculum.models import Program
from bangkom.learning.models import Enrollment
from bangkom.planning.models import Competency
from bangkom.progression.choices import CreditSource, ExternalLearningStatus


class ExternalLearning(TimeStampedModel):
    """Learning outside Bangkom recorded by a manager; counts once another manager approves."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="external_learning"
    )
    learning_form = models.CharField(_("bentuk/jalur"), max_length=5, choices=LearningForm.choices)
    title = models.CharField(_("nama kegiatan"), max_length=200)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=1)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    evidence = models.FileField(_("bukti"), upload_to="progression/evidence/%Y/")
    evidence_name = models.CharField(_("nama berkas bukti"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExternalLearningStatus.choices,
        default=ExternalLearningStatus.SUBMITTED,
    )
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="external_learning_recorded"
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="external_learning_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pembelajaran eksternal")
        verbose_name_plural = _("pembelajaran eksternal")
        constraints = [
            models.CheckConstraint(
                condition=Q(jp__gt=0), name="progression_externallearning_jp_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="progression_externallearning_dates_ordered",
            ),
            # separation of duties: the recorder never decides their own record
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("recorded_by")),
                name="progression_externallearning_other_decides",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.employee.nip})"


class JpCredit(TimeStampedModel):
    """JP credited to an employee for one calendar year (DOMAIN.md §2.2, §4.2 SIASN fields)."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="jp_credits")
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=1)
    source = models.CharField(_("sumber"), max_length=12, choices=CreditSource.choices)
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, null=True, blank=True, related_name="jp_credits"
    )
    external_learning = models.OneToOneField(
        ExternalLearning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jp_credit",
    )
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    title = models.CharField(_("nama kegiatan"), max_length=200)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    learning_form = models.CharField(_("bentuk/jalur"), max_length=5, choices=LearningForm.choices)

    class Meta:
        ordering = ["-year", "-ends_on", "-pk"]
        verbose_name = _("kredit JP")
        verbose_name_plural = _("kredit JP")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(enrollment__isnull=False),
                name="progression_jpcredit_once_per_enrollment",
            ),
            models.CheckConstraint(condition=Q(jp__gt=0), name="progression_jpcredit_jp_positive"),
        ]
        indexes = [
            # Covering (jp included, PostgreSQL): the year's totals per employee in an
            # index-only scan (JP compliance of the institution report).
            models.Index(
                fields=["year", "employee"], include=["jp"], name="progression_jpcredit_year_jp"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.nip} {self.year}: {self.jp} JP"


class FollowUpProgram(models.Model):
    """An advanced program a curriculum recommends after certification (seed R3, R7)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="follow_ups")
    follow_up = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="follow_up_of")
    competency = models.ForeignKey(
        Competency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_programs",
        verbose_name=_("kompetensi"),
    )
    min_level = models.PositiveSmallIntegerField(_("level minimal"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["program", "follow_up__title", "pk"]
        verbose_name = _("program lanjutan")
        verbose_name_plural = _("program lanjutan")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "follow_up"], name="progression_followup_once"
            ),
            models.CheckConstraint(
                condition=~Q(program=models.F("follow_up")),
                name="progression_followup_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} → {self.follow_up}"

"""Surveys (templates, instruments, anonymous responses), impact invitations and sanctions.

DOMAIN.md S-1 R11 (sanctions), R13 (post-training evaluations), R15 (evaluations during
training), §8 (Likert, L3 impact survey N weeks after the certificate).

Anonymity: a ``SurveyResponse`` has no link to its respondent — not a user, not a time, and
a random UUID key so even insertion order is not recoverable. ``SurveyParticipation``
records *that* a user answered an instrument (to refuse a second answer and to count the
response rate); both rows are written in one transaction.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import Institution, User
from bangkom.assessments.models import Attempt
from bangkom.certificates.models import Certificate
from bangkom.common.models import TimeStampedModel
from bangkom.curriculum.models import Offering, Program, Subject
from bangkom.evaluation.choices import (
    AppealStatus,
    InstrumentTarget,
    ItemKind,
    RespondentRole,
    SanctionKind,
    SurveyPhase,
    ViolationKind,
)
from bangkom.learning.models import Enrollment

# --- Surveys ------------------------------------------------------------------------------------


class SurveyTemplate(TimeStampedModel):
    """A reusable questionnaire: sections, Likert statements and open questions."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    target = models.CharField(_("sasaran"), max_length=25, choices=InstrumentTarget.choices)
    scale_points = models.PositiveSmallIntegerField(
        _("jumlah titik skala"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
    )
    # one label per point, index 0 = value 1 (e.g. "Sangat tidak setuju" … "Sangat setuju")
    scale_labels = models.JSONField(_("label skala"), default=list)
    is_standard = models.BooleanField(_("templat baku"), default=False)

    class Meta:
        ordering = ["target", "title"]
        verbose_name = _("templat survei")
        verbose_name_plural = _("templat survei")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_points__gte=2) & Q(scale_points__lte=10),
                name="evaluation_template_scale_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SurveySection(models.Model):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("judul bagian"), max_length=200)

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "order"], name="evaluation_section_order_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SurveyItem(models.Model):
    """A Likert statement or an open question of a template."""

    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(
        SurveySection, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("jenis"), max_length=10, choices=ItemKind.choices)
    text = models.CharField(_("pernyataan/pertanyaan"), max_length=500)
    is_required = models.BooleanField(_("wajib"), default=True)

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "order"], name="evaluation_item_order_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class SurveyInstrument(TimeStampedModel):
    """A survey run on one offering for one target (a facilitator, a subject, …)."""

    template = models.ForeignKey(
        SurveyTemplate, on_delete=models.PROTECT, related_name="instruments"
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="survey_instruments"
    )
    target = models.CharField(_("sasaran"), max_length=25, choices=InstrumentTarget.choices)
    phase = models.CharField(
        _("tahap"), max_length=10, choices=SurveyPhase.choices, default=SurveyPhase.AFTER
    )
    title = models.CharField(_("judul"), max_length=250)
    facilitator = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rated_instruments",
        verbose_name=_("fasilitator"),
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relevance_instruments",
        verbose_name=_("mata pelatihan"),
    )
    opens_at = models.DateTimeField(_("dibuka"))
    closes_at = models.DateTimeField(_("ditutup"))

    class Meta:
        ordering = ["offering", "target", "title", "pk"]
        verbose_name = _("instrumen survei")
        verbose_name_plural = _("instrumen survei")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="evaluation_instrument_window",
            ),
            models.CheckConstraint(
                condition=~Q(target=InstrumentTarget.FACILITATOR) | Q(facilitator__isnull=False),
                name="evaluation_instrument_facilitator_named",
            ),
            # one instrument per (offering, template, phase) and facilitator or subject
            models.UniqueConstraint(
                fields=["offering", "template", "phase", "facilitator"],
                condition=Q(facilitator__isnull=False),
                name="evaluation_instrument_unique_facilitator",
            ),
            models.UniqueConstraint(
                fields=["offering", "template", "phase", "subject"],
                condition=Q(subject__isnull=False),
                name="evaluation_instrument_unique_subject",
            ),
            models.UniqueConstraint(
                fields=["offering", "template", "phase"],
                condition=Q(facilitator__isnull=True, subject__isnull=True),
                name="evaluation_instrument_unique_plain",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_at(self, now) -> bool:  # noqa: ANN001
        return self.opens_at <= now < self.closes_at


class SurveyParticipation(models.Model):
    """That a user answered an instrument — never what they answered."""

    instrument = models.ForeignKey(
        SurveyInstrument, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="survey_participations")
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["instrument", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "user"], name="evaluation_participation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.instrument_id}"


class SurveyResponse(models.Model):
    """One anonymous filled-in questionnaire. Deliberately no user, no timestamp."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instrument = models.ForeignKey(
        SurveyInstrument, on_delete=models.CASCADE, related_name="responses"
    )
    respondent_role = models.CharField(
        _("peran responden"), max_length=12, choices=RespondentRole.choices
    )
    # Only for impact surveys, reported per institution and only in groups of ≥ threshold.
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["instrument", "id"]

    def __str__(self) -> str:
        return str(self.id)


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="evaluation_answer_once")
        ]
        indexes = [models.Index(fields=["item", "value"], name="evaluation_answer_item_value")]

    def __str__(self) -> str:
        return f"{self.item_id}={self.value}"


# --- Impact evaluation --------------------------------------------------------------------------


class ProgramImpactSetting(models.Model):
    """Per-program override of the weeks between certificate and impact survey."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="impact_setting")
    weeks_after_certificate = models.PositiveSmallIntegerField(
        _("minggu setelah sertifikat"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["program"]
        verbose_name = _("pengaturan evaluasi dampak")
        verbose_name_plural = _("pengaturan evaluasi dampak")

    def __str__(self) -> str:
        return f"{self.program}: {self.weeks_after_certificate}"


class ImpactInvitation(models.Model):
    """An alumnus or a supervisor asked to answer an offering's impact survey."""

    instrument = models.ForeignKey(
        SurveyInstrument, on_delete=models.CASCADE, related_name="impact_invitations"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="impact_invitations")
    role = models.CharField(_("peran"), max_length=12, choices=RespondentRole.choices)
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["instrument", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "user"], name="evaluation_impact_invitation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.role}) @ {self.instrument_id}"


# --- Rules and sanctions (R11) ------------------------------------------------------------------


class Violation(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="violations")
    kind = models.CharField(_("jenis pelanggaran"), max_length=20, choices=ViolationKind.choices)
    attempt = models.ForeignKey(
        Attempt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("ujian"),
    )
    description = models.TextField(_("uraian dan bukti"))
    evidence = models.FileField(_("berkas bukti"), upload_to="violations/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="violations_recorded"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("pelanggaran")
        verbose_name_plural = _("pelanggaran")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.enrollment}"


class Sanction(models.Model):
    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="sanctions")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(_("jenis sanksi"), max_length=20, choices=SanctionKind.choices)
    reason = models.TextField(_("alasan"))
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="sanctions_decided"
    )
    decided_at = models.DateTimeField()
    is_active = models.BooleanField(_("berlaku"), default=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="sanctions_lifted"
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("sanksi")
        verbose_name_plural = _("sanksi")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="evaluation_sanction_reason")
        ]
        indexes = [
            models.Index(fields=["enrollment", "kind", "is_active"], name="evaluation_sanction_act")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.enrollment}"


class SanctionAppeal(models.Model):
    """The participant's one appeal note against a sanction, and the managers' decision."""

    sanction = models.OneToOneField(Sanction, on_delete=models.CASCADE, related_name="appeal")
    note = models.TextField(_("catatan banding"))
    filed_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="appeals_decided"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("banding sanksi")
        verbose_name_plural = _("banding sanksi")

    def __str__(self) -> str:
        return f"{self.sanction} ({self.status})"

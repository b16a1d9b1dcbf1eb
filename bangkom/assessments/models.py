"""Item banks, versioned items, assessments (placement, subject exams, final CAT), attempts
with their frozen forms, answers and the integrity log (ARCHITECTURE.md "Exam engine").

The key of an item lives only in ``ItemVersion.options``; nothing that serialises an attempt
for the participant reads it (see ``queries.py``). An attempt stores its form — which item
versions it drew, in which order, with which option order — so it can be shown, scored
and audited the same way forever.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.assessments.choices import (
    AfterLastFailure,
    AssessmentKind,
    AttemptEventKind,
    AttemptStatus,
    Difficulty,
    ItemStatus,
    ItemType,
)
from bangkom.common.models import TimeStampedModel
from bangkom.curriculum.models import Offering, Program, Subject
from bangkom.learning.models import Enrollment
from bangkom.planning.models import Competency


def random_pool_token() -> int:
    return secrets.randbits(48)


class ItemBank(TimeStampedModel):
    """A bank of items for a program (placement/final) or one of its subjects."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="item_banks")
    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, null=True, blank=True, related_name="item_banks"
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    # Part of the key of each process's in-memory pool (``pool.pool_for``), with the bank's
    # latest ``PoolChange``: random, so a reused bank id never matches an older cached pool.
    pool_token = models.BigIntegerField(default=random_pool_token, editable=False)

    class Meta:
        ordering = ["program", "code"]
        verbose_name = _("bank soal")
        verbose_name_plural = _("bank soal")

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class Item(TimeStampedModel):
    """An item's identity, tags and review status; its content lives in versions."""

    bank = models.ForeignKey(ItemBank, on_delete=models.CASCADE, related_name="items")
    item_type = models.CharField(_("jenis"), max_length=10, choices=ItemType.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    competency_level = models.PositiveSmallIntegerField(
        _("level kompetensi"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    difficulty = models.CharField(
        _("tingkat kesulitan"), max_length=6, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="items_written"
    )
    reviewer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="items_reviewed"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    current_version = models.ForeignKey(
        "ItemVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exposure_count = models.PositiveIntegerField(default=0)  # forms that drew it (balancing)

    class Meta:
        ordering = ["bank", "pk"]
        verbose_name = _("butir soal")
        verbose_name_plural = _("butir soal")
        indexes = [models.Index(fields=["bank", "status"], name="assessments_item_bank_status")]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_item_type_display()})"


class ItemVersion(models.Model):
    """The content of an item as shown at one time; immutable once an attempt drew it.

    ``options``: ``[{"text": <sanitised html>, "correct": bool, "points": int}, ...]``
    (schema v1). ``correct`` marks keyed options (single, multiple, true/false); ``points``
    is the option's own score for graded items (1–5, BKN TKP style).
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    stem_html = models.TextField(_("pertanyaan"))
    options = models.JSONField(_("pilihan"))
    partial_credit = models.BooleanField(_("nilai sebagian"), default=False)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2, default=Decimal("1"))
    is_locked = models.BooleanField(default=False)  # an attempt showed it: edits make a new one
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="assessments_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class PoolChange(models.Model):
    """A change to what a start may draw from a bank, written only by database triggers.

    Migration 0002's triggers add a row whenever items of the bank are added, removed, moved,
    retired or re-tagged, get a new current version, or have their options edited — from any
    code path. ``pool.pool_for`` keys its cache by the newest row per bank. A log of inserts,
    not a counter on the bank: one transaction that changes thousands of items one by one
    (an import, the demo) would otherwise update the same bank row thousands of times, and
    PostgreSQL then walks all those row versions on every later read of the bank in it.
    ``bank_id`` is a plain number, not a foreign key, so deleting a bank (whose item
    deletions log changes as they go) needs no ordering.
    """

    bank_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["bank_id", "id"], name="assessments_poolchange_bank")]

    def __str__(self) -> str:
        return f"bank {self.bank_id} change {self.pk}"


class Assessment(TimeStampedModel):
    """A placement test, a subject exam or the final CAT of an offering, with its rules."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("jenis"), max_length=10, choices=AssessmentKind.choices)
    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    title = models.CharField(_("judul"), max_length=200)
    banks = models.ManyToManyField(ItemBank, related_name="assessments", verbose_name=_("bank"))
    passing_score = models.DecimalField(_("nilai lulus"), max_digits=5, decimal_places=2)
    max_attempts = models.PositiveSmallIntegerField(_("kesempatan maksimal"))
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"), default=60)
    opens_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    closes_at = models.DateTimeField(_("mulai paling lambat"), null=True, blank=True)
    # [{"subject": id|null, "competency": id|null, "difficulty": "mudah"|null, "count": n}]
    blueprint = models.JSONField(_("kisi-kisi"), default=list, blank=True)
    item_count = models.PositiveSmallIntegerField(_("jumlah soal"), default=20)
    shuffle_options = models.BooleanField(_("acak pilihan"), default=True)
    allow_review = models.BooleanField(_("peserta boleh melihat pembahasan"), default=False)
    after_last_failure = models.CharField(
        max_length=20, choices=AfterLastFailure.choices, default=AfterLastFailure.END_NOT_PASSED
    )
    is_published = models.BooleanField(_("terbit"), default=False)

    class Meta:
        ordering = ["offering", "kind", "subject__order"]
        verbose_name = _("ujian")
        verbose_name_plural = _("ujian")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "kind"],
                condition=~Q(kind=AssessmentKind.SUBJECT),
                name="assessments_one_placement_and_final",
            ),
            models.UniqueConstraint(
                fields=["offering", "subject"],
                condition=Q(kind=AssessmentKind.SUBJECT),
                name="assessments_one_exam_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attempt(models.Model):
    """One sitting of an assessment by a participant, with its frozen form and rules.

    ``form``: ``[{"pos": 1, "item": id, "version": id, "subject": id|null,
    "order": [original option indexes in display order]}, ...]`` (schema v1).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="attempts")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attempts")
    participant = models.ForeignKey(User, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField()  # 1, 2, … in order, voided ones included
    # Which of the allowed attempts this one uses (1..max_attempts); a voided attempt gives
    # its slot back. The constraints below make the limit hold under any concurrency.
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.OPEN
    )
    seed = models.BigIntegerField()
    form = models.JSONField()
    # rules snapshotted at start: later edits to the assessment don't change this attempt
    passing_score = models.DecimalField(max_digits=5, decimal_places=2)
    max_attempts = models.PositiveSmallIntegerField()
    duration_minutes = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    correct = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True)
    breakdown = models.JSONField(default=dict, blank=True)  # {"<subject id>": {"score", ...}}
    device_token = models.CharField(max_length=64, blank=True)  # the device holding it
    voided_reason = models.TextField(blank=True)
    voided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="attempts_voided"
    )
    is_trial = models.BooleanField(default=False)

    class Meta:
        ordering = ["assessment", "enrollment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "enrollment", "number"], name="assessments_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["assessment", "enrollment"],
                condition=Q(status="open"),
                name="assessments_one_open_attempt",
            ),
            models.UniqueConstraint(
                fields=["assessment", "enrollment", "slot"],
                condition=Q(slot__isnull=False),
                name="assessments_attempt_slot",
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True)
                | (Q(slot__gte=1) & Q(slot__lte=models.F("max_attempts"))),
                name="assessments_attempt_slot_within_limit",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="assessments_attempt_sweep"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} #{self.number} ({self.participant})"


class Answer(models.Model):
    """The participant's latest answer to one item of an attempt (one row per item).

    Rows are created with the attempt, so saving is a single conditional UPDATE that also
    enforces ownership, the deadline and the ``client_seq`` ordering (ARCHITECTURE.md).
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    option_ids = models.JSONField(default=list)  # opaque per-attempt option ids
    client_seq = models.BigIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="assessments_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.item_id}"


class AttemptEvent(models.Model):
    """The integrity log of an attempt: starts, device takeovers, focus loss, late answers."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=AttemptEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["attempt", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.attempt_id} {self.kind}"

"""Configuring an offering's assessments: kind, rules, window, blueprint, banks; publishing.

DOMAIN.md S-1 R3–R8: the seed's rules are the defaults (``rules.py``) — placement ≥ 85 with
exactly one attempt, subject exams ≥ 70 with at most 5, the final CAT with a configurable
pass mark and at most 3. A subject exam belongs to one subject of the offering's program;
banks must be of that program. A bank too small for ``max_attempts`` forms without repeats
(R8: every remedial attempt gets different questions) is a warning, not an error: the
manager may still publish, and the form assembly then repeats the least recently seen items.

Rules changed after attempts exist don't touch those attempts: each attempt snapshotted its
pass mark, limit, duration and form when it started (CONVENTIONS.md "Snapshot rules").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.assessments.assembly import BlueprintRow, PoolItem, distinct_forms_supported
from bangkom.assessments.choices import AfterLastFailure, AssessmentKind, Difficulty, ItemStatus
from bangkom.assessments.models import Assessment, Attempt, Item, ItemBank
from bangkom.assessments.rules import MAX_DURATION_MINUTES, defaults_for
from bangkom.audit.log import record
from bangkom.common.errors import Conflict, InvalidInput
from bangkom.curriculum.models import Offering, Subject
from bangkom.planning.models import Competency

logger = logging.getLogger(__name__)

MAX_BLUEPRINT_ROWS = 60
MAX_ITEM_COUNT = 300
MAX_ATTEMPTS_BOUND = 20  # a sanity bound, not a domain rule


class SetupErrorCode(StrEnum):
    INVALID_KIND = "invalid_kind"
    PLACEMENT_SINGLE_ATTEMPT = "placement_single_attempt"
    SUBJECT_REQUIRED = "subject_required"
    SUBJECT_NOT_IN_PROGRAM = "subject_not_in_program"
    SUBJECT_NOT_ALLOWED = "subject_not_allowed"
    BANK_REQUIRED = "bank_required"
    BANK_NOT_IN_PROGRAM = "bank_not_in_program"
    INVALID_BLUEPRINT = "invalid_blueprint"
    INVALID_ITEM_COUNT = "invalid_item_count"
    INVALID_PASS_MARK = "invalid_pass_mark"  # noqa: S105 -- an error code, not a password
    INVALID_ATTEMPTS = "invalid_attempts"
    INVALID_DURATION = "invalid_duration"
    INVALID_WINDOW = "invalid_window"
    INVALID_AFTER_LAST_FAILURE = "invalid_after_last_failure"
    KIND_LOCKED = "kind_locked"
    DUPLICATE = "duplicate_assessment"
    BANK_TOO_SMALL = "bank_too_small"


class SetupError(InvalidInput):
    """A refused configuration; ``field`` names the form field the message belongs to."""

    def __init__(self, code: SetupErrorCode, message: str | Promise, *, field: str = "") -> None:
        super().__init__(code, message)
        self.field = field


@dataclass(frozen=True)
class SetupResult:
    assessment: Assessment
    warnings: tuple[str, ...]
    has_attempts: bool  # attempts exist: they keep the rules they started with


def configure_assessment(
    offering: Offering,
    *,
    kind: str,
    title: str,
    banks: Iterable[ItemBank],
    duration_minutes: int,
    opens_at: datetime | None,
    closes_at: datetime | None,
    blueprint: Sequence[dict],
    item_count: int,
    shuffle_options: bool,
    allow_review: bool,
    after_last_failure: str,
    by: User,
    now: datetime,
    subject: Subject | None = None,
    passing_score: Decimal | None = None,
    max_attempts: int | None = None,
    assessment: Assessment | None = None,
) -> SetupResult:
    """Create (or, given ``assessment``, update) an assessment of the offering.

    Empty ``passing_score``/``max_attempts`` take the kind's seed default. With blueprint
    rows the item count is their total. Refused with SetupError (its ``field`` says where):
    a placement test with more than one attempt, a subject exam without a subject of the
    program (or another kind with one), banks of another program, blueprint rows with a
    count below 1, a window that closes before it opens, a second placement/final test or
    a second exam of one subject (Conflict), a kind change on edit. Never changes attempts
    that already exist. Returns the saved assessment with warnings (bank capacity).
    """
    if kind not in AssessmentKind.values:
        raise SetupError(SetupErrorCode.INVALID_KIND, _("Jenis ujian tidak dikenal."), field="kind")
    if assessment is not None and assessment.kind != kind:
        raise SetupError(
            SetupErrorCode.KIND_LOCKED, _("Jenis ujian tidak dapat diubah."), field="kind"
        )
    defaults = defaults_for(kind)
    passing_score = _pass_mark(defaults.passing_score if passing_score is None else passing_score)
    max_attempts = _attempt_limit(
        kind, defaults.max_attempts if max_attempts is None else max_attempts
    )
    _check_subject(offering, kind, subject)
    bank_list = _checked_banks(offering, banks)
    rows = _checked_blueprint(offering, blueprint)
    item_count = sum(row["count"] for row in rows) if rows else _checked_item_count(item_count)
    _check_duration(duration_minutes)
    _check_window(opens_at, closes_at)
    if after_last_failure not in AfterLastFailure.values:
        raise SetupError(
            SetupErrorCode.INVALID_AFTER_LAST_FAILURE,
            _("Pilihan setelah kegagalan terakhir tidak dikenal."),
            field="after_last_failure",
        )
    fields = {
        "offering": offering,
        "kind": kind,
        "subject": subject if kind == AssessmentKind.SUBJECT else None,
        "title": title.strip() or str(AssessmentKind(kind).label),
        "passing_score": passing_score,
        "max_attempts": max_attempts,
        "duration_minutes": duration_minutes,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "blueprint": rows,
        "item_count": item_count,
        "shuffle_options": shuffle_options,
        "allow_review": allow_review,
        "after_last_failure": after_last_failure,
    }
    with transaction.atomic():
        saved = _save(assessment, fields, bank_list)
        record(
            "assessment.configured",
            actor=by,
            target=saved,
            data={
                **{k: v for k, v in fields.items() if k not in ("offering", "subject")},
                "offering_id": offering.pk,
                "subject_id": subject.pk if subject else None,
                "bank_ids": sorted(bank.pk for bank in bank_list),
                "created": assessment is None,
            },
        )
    logger.debug("assessment %s configured by user %s at %s", saved.pk, by.pk, now.isoformat())
    has_attempts = Attempt.objects.filter(assessment=saved).exists()
    return SetupResult(saved, tuple(_warnings(saved, has_attempts)), has_attempts)


def _save(assessment: Assessment | None, fields: dict, banks: list[ItemBank]) -> Assessment:
    try:
        with transaction.atomic():
            if assessment is None:
                assessment = Assessment.objects.create(**fields)
            else:
                for name, value in fields.items():
                    setattr(assessment, name, value)
                assessment.save()
            assessment.banks.set(banks)
    except IntegrityError:
        if fields["kind"] == AssessmentKind.SUBJECT:
            message = _("Mata pelatihan ini sudah mempunyai ujian di angkatan ini.")
        else:
            message = _("Angkatan ini sudah mempunyai ujian jenis ini.")
        raise Conflict(SetupErrorCode.DUPLICATE, message) from None
    return assessment


def publish_assessment(assessment: Assessment, *, by: User, now: datetime) -> Assessment:
    """Open the assessment to participants (within its window).

    Refused (SetupError bank_too_small) when its banks cannot fill even one form.
    Publishing twice changes nothing.
    """
    if bank_capacity(assessment) < 1:
        raise SetupError(
            SetupErrorCode.BANK_TOO_SMALL,
            _("Bank soal belum cukup untuk satu paket soal sesuai kisi-kisi; ujian belum terbit."),
        )
    Assessment.objects.filter(pk=assessment.pk).update(is_published=True, updated_at=now)
    logger.debug("assessment %s published by user %s", assessment.pk, by.pk)
    assessment.refresh_from_db()
    return assessment


def unpublish_assessment(assessment: Assessment, *, by: User, now: datetime) -> Assessment:
    """Hide the assessment from participants; attempts already open may still be finished."""
    Assessment.objects.filter(pk=assessment.pk).update(is_published=False, updated_at=now)
    logger.debug("assessment %s withdrawn by user %s", assessment.pk, by.pk)
    assessment.refresh_from_db()
    return assessment


# --- bank capacity -----------------------------------------------------------------------------


def blueprint_rows(assessment: Assessment) -> list[BlueprintRow]:
    """The assessment's blueprint as assembly rows; no rows means ``item_count`` of any item."""
    rows = [
        BlueprintRow(
            count=int(row["count"]),
            subject_id=row.get("subject"),
            competency_id=row.get("competency"),
            difficulty=row.get("difficulty"),
        )
        for row in assessment.blueprint or []
        if int(row.get("count") or 0) > 0
    ]
    return rows or [BlueprintRow(count=assessment.item_count)]


def bank_capacity(assessment: Assessment) -> int:
    """How many forms the active bank supports without repeating an item (one query).

    Each blueprint row needs ``count`` matching active items per form; rows that overlap
    are counted independently, so this is an upper bound when rows share items.
    """
    bank_ids = list(assessment.banks.values_list("pk", flat=True))
    return _capacity(bank_ids, blueprint_rows(assessment))


def bank_capacities(assessments: Sequence[Assessment]) -> dict[int, int]:
    """``bank_capacity`` of several assessments (for a list page) in two queries."""
    banks_of: dict[int, set[int]] = {a.pk: set() for a in assessments}
    for assessment_id, bank_id in Assessment.banks.through.objects.filter(
        assessment_id__in=list(banks_of)
    ).values_list("assessment_id", "itembank_id"):
        banks_of[assessment_id].add(bank_id)
    pool_by_bank: dict[int, list[PoolItem]] = {}
    for pool_item, bank_id in _active_pool(set().union(*banks_of.values())):
        pool_by_bank.setdefault(bank_id, []).append(pool_item)
    return {
        a.pk: _rows_capacity(
            [item for bank in banks_of[a.pk] for item in pool_by_bank.get(bank, [])],
            blueprint_rows(a),
        )
        for a in assessments
    }


def _capacity(bank_ids: list[int], rows: list[BlueprintRow]) -> int:
    return _rows_capacity([pool_item for pool_item, _bank in _active_pool(bank_ids)], rows)


def _active_pool(bank_ids: Iterable[int]) -> list[tuple[PoolItem, int]]:
    return [
        (PoolItem(item_id, 0, 0, subject_id, competency_id, difficulty), bank_id)
        for item_id, bank_id, subject_id, competency_id, difficulty in Item.objects.filter(
            bank_id__in=list(bank_ids), status=ItemStatus.ACTIVE, current_version__isnull=False
        ).values_list("pk", "bank_id", "subject_id", "competency_id", "difficulty")
    ]


def _rows_capacity(pool: list[PoolItem], rows: list[BlueprintRow]) -> int:
    return distinct_forms_supported(
        [(sum(1 for item in pool if row.matches(item)), row.count) for row in rows]
    )


def _warnings(assessment: Assessment, has_attempts: bool) -> list[str]:
    warnings = []
    capacity = bank_capacity(assessment)
    if capacity < 1:
        warnings.append(_("Bank soal aktif belum cukup untuk satu paket soal sesuai kisi-kisi."))
    elif capacity < assessment.max_attempts:
        warnings.append(
            _(
                "Bank soal aktif hanya cukup untuk %(capacity)s paket tanpa soal berulang, "
                "sedangkan kesempatan maksimal %(attempts)s kali: ujian ulang akan memuat "
                "soal yang pernah dilihat peserta."
            )
            % {"capacity": capacity, "attempts": assessment.max_attempts}
        )
    if has_attempts:
        warnings.append(
            _(
                "Sudah ada peserta yang mengerjakan ujian ini: aturan baru hanya berlaku untuk "
                "percobaan berikutnya; percobaan yang ada tetap memakai aturan saat dimulai."
            )
        )
    return warnings


# --- validation ----------------------------------------------------------------------------------


def _pass_mark(value: object) -> Decimal:
    try:
        mark = Decimal(str(value))
    except (InvalidOperation, ValueError):
        mark = Decimal(-1)
    if not mark.is_finite() or not Decimal(0) <= mark <= Decimal(100):
        raise SetupError(
            SetupErrorCode.INVALID_PASS_MARK,
            _("Nilai lulus harus antara 0 dan 100."),
            field="passing_score",
        )
    return mark.quantize(Decimal("0.01"))


def _attempt_limit(kind: str, value: int) -> int:
    if kind == AssessmentKind.PLACEMENT and value != 1:
        # DOMAIN.md S-1 R3: one attempt only, no remedial
        raise SetupError(
            SetupErrorCode.PLACEMENT_SINGLE_ATTEMPT,
            _("Tes penempatan hanya boleh satu kali kesempatan (tanpa remedial)."),
            field="max_attempts",
        )
    if not 1 <= int(value) <= MAX_ATTEMPTS_BOUND:
        raise SetupError(
            SetupErrorCode.INVALID_ATTEMPTS,
            _("Kesempatan maksimal harus antara 1 dan 20."),
            field="max_attempts",
        )
    return int(value)


def _check_subject(offering: Offering, kind: str, subject: Subject | None) -> None:
    if kind != AssessmentKind.SUBJECT:
        if subject is not None:
            raise SetupError(
                SetupErrorCode.SUBJECT_NOT_ALLOWED,
                _("Hanya ujian mata pelatihan yang terkait dengan satu mata pelatihan."),
                field="subject",
            )
        return
    if subject is None:
        raise SetupError(
            SetupErrorCode.SUBJECT_REQUIRED,
            _("Pilih mata pelatihan yang diujikan."),
            field="subject",
        )
    if subject.program_id != offering.program_id:
        raise SetupError(
            SetupErrorCode.SUBJECT_NOT_IN_PROGRAM,
            _("Mata pelatihan harus bagian dari program angkatan ini."),
            field="subject",
        )


def _checked_banks(offering: Offering, banks: Iterable[ItemBank]) -> list[ItemBank]:
    bank_list = list(banks)
    if not bank_list:
        raise SetupError(
            SetupErrorCode.BANK_REQUIRED, _("Pilih sedikitnya satu bank soal."), field="banks"
        )
    if any(bank.program_id != offering.program_id for bank in bank_list):
        raise SetupError(
            SetupErrorCode.BANK_NOT_IN_PROGRAM,
            _("Bank soal harus milik program angkatan ini."),
            field="banks",
        )
    return bank_list


def _checked_blueprint(offering: Offering, blueprint: Sequence[dict]) -> list[dict]:
    """Normalised rows ``{"subject", "competency", "difficulty", "count"}`` (schema v1)."""
    if len(blueprint) > MAX_BLUEPRINT_ROWS:
        raise _blueprint_error(_("Kisi-kisi terlalu banyak baris."))
    subject_ids = set(
        Subject.objects.filter(program_id=offering.program_id).values_list("pk", flat=True)
    )
    wanted_competencies = {row.get("competency") for row in blueprint} - {None}
    known_competencies = set(
        Competency.objects.filter(pk__in=wanted_competencies).values_list("pk", flat=True)
    )
    rows = []
    for number, row in enumerate(blueprint, start=1):
        count = _row_count(row.get("count"), number)
        subject_id, competency_id = row.get("subject"), row.get("competency")
        difficulty = row.get("difficulty") or None
        if subject_id is not None and subject_id not in subject_ids:
            raise _blueprint_error(
                _("Baris %(row)s: mata pelatihan bukan bagian dari program.") % {"row": number}
            )
        if competency_id is not None and competency_id not in known_competencies:
            raise _blueprint_error(_("Baris %(row)s: kompetensi tidak dikenal.") % {"row": number})
        if difficulty is not None and difficulty not in Difficulty.values:
            raise _blueprint_error(
                _("Baris %(row)s: tingkat kesulitan tidak dikenal.") % {"row": number}
            )
        rows.append(
            {
                "subject": subject_id,
                "competency": competency_id,
                "difficulty": difficulty,
                "count": count,
            }
        )
    if sum(row["count"] for row in rows) > MAX_ITEM_COUNT:
        raise _blueprint_error(
            _("Jumlah soal kisi-kisi paling banyak %(max)s.") % {"max": MAX_ITEM_COUNT}
        )
    return rows


def _row_count(value: object, number: int) -> int:
    try:
        count = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        count = 0
    if count < 1:
        raise _blueprint_error(_("Baris %(row)s: jumlah soal sedikitnya 1.") % {"row": number})
    return count


def _blueprint_error(message: str) -> SetupError:
    return SetupError(SetupErrorCode.INVALID_BLUEPRINT, message, field="blueprint")


def _checked_item_count(item_count: int) -> int:
    if not 1 <= int(item_count) <= MAX_ITEM_COUNT:
        raise SetupError(
            SetupErrorCode.INVALID_ITEM_COUNT,
            _("Jumlah soal harus antara 1 dan %(max)s.") % {"max": MAX_ITEM_COUNT},
            field="item_count",
        )
    return int(item_count)


def _check_duration(duration_minutes: int) -> None:
    if not 1 <= int(duration_minutes) <= MAX_DURATION_MINUTES:
        raise SetupError(
            SetupErrorCode.INVALID_DURATION,
            _("Durasi harus antara 1 dan %(max)s menit.") % {"max": MAX_DURATION_MINUTES},
            field="duration_minutes",
        )


def _check_window(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise SetupError(
            SetupErrorCode.INVALID_WINDOW,
            _("Batas mulai harus sesudah waktu dibuka."),
            field="closes_at",
        )

"""Violations, sanctions and appeals (DOMAIN.md S-1 R11: sanctions for violations are
mandatory).

A manager records a violation with its evidence, then decides a sanction with a reason:
a warning, voiding the exam attempt involved, or disqualification from the offering. The
participant is notified and may file one appeal note; a manager upholds or lifts it.
An active disqualification stops the journey (``learning/progress.py`` reads
``disqualified_enrollment_ids``). Every decision writes an audit entry in its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.assessments.models import Attempt
from bangkom.common.errors import Forbidden
from bangkom.common.uploads import check_upload
from bangkom.evaluation.choices import AppealStatus, SanctionKind, ViolationKind
from bangkom.evaluation.errors import EvaluationErrorCode, SanctionConflict, SanctionInvalid
from bangkom.evaluation.models import Sanction, SanctionAppeal, Violation
from bangkom.evaluation.rules import EVIDENCE_TYPES, evidence_max_bytes
from bangkom.learning.models import Enrollment
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify, notify_many


def is_manager(user: User) -> bool:
    return user.is_authenticated and (user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN))


def _require_manager(user: User) -> None:
    if not is_manager(user):
        raise Forbidden("forbidden", _("Hanya pengelola yang dapat memutuskan sanksi."))


def _audit(action: str, *, actor: User | None, target, subject: User, summary: str, data: dict):  # noqa: ANN001
    from bangkom.audit.log import record

    return record(action, actor=actor, target=target, subject=subject, summary=summary, data=data)


def record_violation(
    enrollment: Enrollment,
    *,
    kind: str,
    description: str,
    by: User,
    now: datetime,
    attempt: Attempt | None = None,
    evidence: UploadedFile | None = None,
) -> Violation:
    """Record a violation of the rules by an enrolled participant, with its evidence."""
    _require_manager(by)
    if kind not in ViolationKind.values:
        raise SanctionInvalid("invalid_kind", _("Jenis pelanggaran tidak dikenal."))
    if not description.strip():
        raise SanctionInvalid(
            EvaluationErrorCode.REASON_REQUIRED, _("Uraian pelanggaran wajib diisi.")
        )
    if attempt is not None and attempt.enrollment_id != enrollment.pk:
        raise SanctionInvalid("invalid_attempt", _("Ujian itu bukan milik peserta ini."))
    violation = Violation(
        enrollment=enrollment,
        kind=kind,
        attempt=attempt,
        description=description.strip(),
        recorded_by=by,
        recorded_at=now,
    )
    if evidence is not None:
        checked = check_upload(
            evidence, allowed_types=EVIDENCE_TYPES, max_bytes=evidence_max_bytes()
        )
        violation.evidence.save(checked.storage_name, evidence, save=False)
        violation.evidence_name = checked.display_name
    violation.save()
    return violation


def impose_sanction(
    violation: Violation, *, kind: str, reason: str, by: User, now: datetime
) -> Sanction:
    """Decide a sanction on a violation; the participant is notified.

    ``attempt_voided`` voids the violation's exam attempt through the exam engine
    (the slot is given back, as any void does).
    """
    _require_manager(by)
    if kind not in SanctionKind.values:
        raise SanctionInvalid(
            EvaluationErrorCode.INVALID_SANCTION, _("Jenis sanksi tidak dikenal.")
        )
    if not reason.strip():
        raise SanctionInvalid(EvaluationErrorCode.REASON_REQUIRED, _("Alasan sanksi wajib diisi."))
    if kind == SanctionKind.ATTEMPT_VOIDED and violation.attempt_id is None:
        raise SanctionInvalid(
            EvaluationErrorCode.INVALID_SANCTION,
            _("Pembatalan ujian hanya untuk pelanggaran yang terkait dengan satu ujian."),
        )
    enrollment = violation.enrollment
    participant = enrollment.participant
    with transaction.atomic():
        sanction = Sanction.objects.create(
            violation=violation,
            enrollment=enrollment,
            kind=kind,
            reason=reason.strip(),
            decided_by=by,
            decided_at=now,
        )
        if kind == SanctionKind.ATTEMPT_VOIDED:
            from bangkom.assessments.attempts import void_attempt

            void_attempt(violation.attempt, by=by, reason=reason.strip(), now=now)
        _audit(
            "sanction.recorded",
            actor=by,
            target=sanction,
            subject=participant,
            summary=f"{sanction.get_kind_display()}: {enrollment.offering.code}",
            data={
                "kind": kind,
                "violation": violation.kind,
                "enrollment": enrollment.pk,
                "attempt": violation.attempt_id,
                "reason": reason.strip(),
            },
        )
        notify(
            participant,
            event_key=f"sanction:{sanction.pk}:recorded",
            title=_("Anda dikenai sanksi: %(kind)s") % {"kind": sanction.get_kind_display()},
            body=reason.strip(),
            url=reverse("evaluation:my-sanction", args=[sanction.pk]),
            kind=NotificationKind.SANCTION,
        )
    return sanction


def file_appeal(sanction: Sanction, *, by: User, note: str, now: datetime) -> SanctionAppeal:
    """The sanctioned participant's one appeal note; managers are told."""
    if sanction.enrollment.participant_id != by.pk:
        raise Forbidden("forbidden", _("Hanya peserta yang bersangkutan yang dapat banding."))
    if not note.strip():
        raise SanctionInvalid(
            EvaluationErrorCode.REASON_REQUIRED, _("Catatan banding wajib diisi.")
        )
    if not sanction.is_active:
        raise SanctionConflict(
            EvaluationErrorCode.SANCTION_INACTIVE, _("Sanksi ini sudah tidak berlaku.")
        )
    try:
        with transaction.atomic():
            appeal = SanctionAppeal.objects.create(
                sanction=sanction, note=note.strip(), filed_at=now
            )
            _audit(
                "sanction.appeal_filed",
                actor=by,
                target=sanction,
                subject=by,
                summary=sanction.get_kind_display(),
                data={"sanction": sanction.pk, "note": note.strip()},
            )
    except IntegrityError:
        raise SanctionConflict(
            EvaluationErrorCode.APPEAL_EXISTS, _("Banding atas sanksi ini sudah diajukan.")
        ) from None
    if sanction.decided_by_id:
        notify_many(
            User.objects.filter(pk=sanction.decided_by_id),
            event_key=f"sanction:{sanction.pk}:appeal",
            title=_("Banding sanksi dari %(name)s") % {"name": by.name},
            body=note.strip()[:300],
            url=reverse("evaluation:sanction-detail", args=[sanction.pk]),
            kind=NotificationKind.SANCTION,
        )
    return appeal


def decide_appeal(
    appeal: SanctionAppeal, *, lift: bool, note: str, by: User, now: datetime
) -> SanctionAppeal:
    """Uphold the sanction or lift it (it becomes inactive); the participant is notified."""
    _require_manager(by)
    if not note.strip():
        raise SanctionInvalid(
            EvaluationErrorCode.REASON_REQUIRED, _("Catatan keputusan wajib diisi.")
        )
    status = AppealStatus.LIFTED if lift else AppealStatus.UPHELD
    sanction = appeal.sanction
    with transaction.atomic():
        decided = SanctionAppeal.objects.filter(pk=appeal.pk, status=AppealStatus.PENDING).update(
            status=status, decided_by=by, decided_at=now, decision_note=note.strip()
        )
        if decided != 1:  # another manager decided first
            raise SanctionConflict(
                EvaluationErrorCode.APPEAL_DECIDED, _("Banding ini sudah diputuskan.")
            )
        if lift:
            _lift(sanction, by=by, now=now, note=note)
        else:
            _audit(
                "sanction.appeal_upheld",
                actor=by,
                target=sanction,
                subject=sanction.enrollment.participant,
                summary=sanction.get_kind_display(),
                data={"sanction": sanction.pk, "note": note.strip()},
            )
        notify(
            sanction.enrollment.participant,
            event_key=f"sanction:{sanction.pk}:appeal-{status}",
            title=(
                _("Banding Anda diterima: sanksi dicabut")
                if lift
                else _("Banding Anda ditolak: sanksi tetap berlaku")
            ),
            body=note.strip(),
            url=reverse("evaluation:my-sanction", args=[sanction.pk]),
            kind=NotificationKind.SANCTION,
        )
    appeal.refresh_from_db()
    return appeal


def lift_sanction(sanction: Sanction, *, by: User, note: str, now: datetime) -> Sanction:
    """Lift a sanction without an appeal (e.g. recorded by mistake)."""
    _require_manager(by)
    if not note.strip():
        raise SanctionInvalid(
            EvaluationErrorCode.REASON_REQUIRED, _("Alasan pencabutan wajib diisi.")
        )
    with transaction.atomic():
        _lift(sanction, by=by, now=now, note=note)
        notify(
            sanction.enrollment.participant,
            event_key=f"sanction:{sanction.pk}:lifted",
            title=_("Sanksi Anda dicabut"),
            body=note.strip(),
            url=reverse("evaluation:my-sanction", args=[sanction.pk]),
            kind=NotificationKind.SANCTION,
        )
    sanction.refresh_from_db()
    return sanction


def _lift(sanction: Sanction, *, by: User, now: datetime, note: str) -> None:
    lifted = Sanction.objects.filter(pk=sanction.pk, is_active=True).update(
        is_active=False, lifted_at=now, lifted_by=by
    )
    if lifted != 1:
        raise SanctionConflict(
            EvaluationErrorCode.SANCTION_INACTIVE, _("Sanksi ini sudah tidak berlaku.")
        )
    _audit(
        "sanction.lifted",
        actor=by,
        target=sanction,
        subject=sanction.enrollment.participant,
        summary=sanction.get_kind_display(),
        data={"sanction": sanction.pk, "note": note.strip()},
    )


def disqualified_enrollment_ids(enrollment_ids: Iterable[int]) -> set[int]:
    """Enrolments (of these) with an active disqualification; one query."""
    return set(
        Sanction.objects.filter(
            enrollment_id__in=list(enrollment_ids),
            kind=SanctionKind.DISQUALIFICATION,
            is_active=True,
        ).values_list("enrollment_id", flat=True)
    )

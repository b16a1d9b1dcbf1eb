"""External learning: a manager records it with evidence, another manager approves it.

Separation of duties: the person who recorded a record may not decide it (also a database
constraint). Approval credits the JP for the calendar year the learning ended (dates carry
no time zone, so the year of ``ends_on``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import Employee, User
from bangkom.common.uploads import check_upload
from bangkom.curriculum.choices import LearningForm
from bangkom.notifications.service import notify
from bangkom.progression.choices import CreditSource, ExternalLearningStatus
from bangkom.progression.errors import (
    AlreadyDecided,
    ProgressionForbidden,
    ProgressionInvalid,
    SeparationOfDuties,
)
from bangkom.progression.models import ExternalLearning, JpCredit
from bangkom.progression.rules import EVIDENCE_TYPES, MAX_EXTERNAL_JP


@dataclass(frozen=True)
class ExternalLearningData:
    learning_form: str
    title: str
    provider: str
    starts_on: date
    ends_on: date
    jp: Decimal
    certificate_number: str = ""


def is_ledger_manager(user: User) -> bool:
    return user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN)


def evidence_max_bytes() -> int:
    return settings.MAX_DOCUMENT_MB * 1024 * 1024


def record_external_learning(
    employee: Employee,
    data: ExternalLearningData,
    *,
    evidence: UploadedFile | None,
    recorded_by: User,
    now: datetime,
) -> ExternalLearning:
    """Store a record awaiting approval; the evidence (PDF/JPEG/PNG) is required."""
    if not is_ledger_manager(recorded_by):
        raise ProgressionForbidden(_("Hanya pengelola yang dapat mencatat pembelajaran."))
    _validate(data, now=now)
    if evidence is None:
        raise ProgressionInvalid(_("Unggah bukti kegiatan (PDF, JPEG atau PNG)."), field="evidence")
    checked = check_upload(evidence, allowed_types=EVIDENCE_TYPES, max_bytes=evidence_max_bytes())
    record = ExternalLearning(
        employee=employee,
        learning_form=data.learning_form,
        title=data.title.strip(),
        provider=data.provider.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        jp=data.jp,
        certificate_number=data.certificate_number.strip(),
        recorded_by=recorded_by,
        evidence_name=checked.display_name,
    )
    with transaction.atomic():
        record.evidence.save(checked.storage_name, evidence, save=False)
        record.save()
    return record


def _validate(data: ExternalLearningData, *, now: datetime) -> None:
    if data.learning_form not in LearningForm.values:
        raise ProgressionInvalid(
            _("Pilih bentuk/jalur pengembangan kompetensi."), field="learning_form"
        )
    if not data.title.strip():
        raise ProgressionInvalid(_("Nama kegiatan wajib diisi."), field="title")
    if not data.provider.strip():
        raise ProgressionInvalid(_("Penyelenggara wajib diisi."), field="provider")
    if data.ends_on < data.starts_on:
        raise ProgressionInvalid(
            _("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="ends_on"
        )
    if data.ends_on > now.date():
        raise ProgressionInvalid(
            _("Hanya kegiatan yang sudah selesai yang dapat dicatat."), field="ends_on"
        )
    if not (Decimal(0) < data.jp <= MAX_EXTERNAL_JP) or data.jp % Decimal("0.5"):
        raise ProgressionInvalid(
            _("JP harus lebih dari 0, kelipatan 0,5, dan tidak lebih dari 999,5."), field="jp"
        )


def _check_decider(record: ExternalLearning, by: User) -> None:
    if not is_ledger_manager(by):
        raise ProgressionForbidden(_("Hanya pengelola yang dapat memutuskan catatan ini."))
    if record.recorded_by_id == by.pk:
        raise SeparationOfDuties(
            _("Catatan ini harus disetujui atau ditolak oleh pengelola lain, bukan pencatatnya.")
        )


def approve_external_learning(record: ExternalLearning, *, by: User, now: datetime) -> JpCredit:
    """Approve a submitted record and credit its JP; refused to its recorder."""
    _check_decider(record, by)
    with transaction.atomic():
        decided = ExternalLearning.objects.filter(
            pk=record.pk, status=ExternalLearningStatus.SUBMITTED
        ).update(status=ExternalLearningStatus.APPROVED, decided_by=by, decided_at=now)
        if decided != 1:
            raise AlreadyDecided(_("Catatan ini sudah diputuskan."))
        credit = JpCredit.objects.create(
            employee_id=record.employee_id,
            year=record.ends_on.year,
            jp=record.jp,
            source=CreditSource.EXTERNAL,
            external_learning=record,
            certificate_number=record.certificate_number,
            title=record.title,
            provider=record.provider,
            starts_on=record.starts_on,
            ends_on=record.ends_on,
            learning_form=record.learning_form,
        )
    record.status, record.decided_by, record.decided_at = ExternalLearningStatus.APPROVED, by, now
    _tell_employee(record, _("Pembelajaran eksternal Anda disetujui dan JP-nya dihitung."))
    return credit


def reject_external_learning(
    record: ExternalLearning, *, by: User, reason: str, now: datetime
) -> ExternalLearning:
    """Reject a submitted record with a reason; nothing is credited."""
    _check_decider(record, by)
    if not reason.strip():
        raise ProgressionInvalid(_("Tuliskan alasan penolakan."), field="reason")
    decided = ExternalLearning.objects.filter(
        pk=record.pk, status=ExternalLearningStatus.SUBMITTED
    ).update(
        status=ExternalLearningStatus.REJECTED, decided_by=by, decided_at=now, reason=reason.strip()
    )
    if decided != 1:
        raise AlreadyDecided(_("Catatan ini sudah diputuskan."))
    record.status, record.decided_by, record.decided_at = ExternalLearningStatus.REJECTED, by, now
    record.reason = reason.strip()
    return record


def _tell_employee(record: ExternalLearning, title: object) -> None:
    user = User.objects.filter(employee_id=record.employee_id).first()
    if user is None:
        return
    notify(
        user,
        event_key=f"progression:external:{record.pk}:{record.status}",
        title=str(title),
        body=f"{record.title} — {record.jp} JP",
        url=reverse("progression:my-jp"),
    )

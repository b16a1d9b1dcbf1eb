"""Error codes of the learning context's catalogue and enrolment area (API.md: Catalogue and
enrolment). Refusals of eligibility carry the ``EligibilityReason`` value as their code.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bangkom.common.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound


class EnrollmentErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    NOT_ALLOWED = "forbidden"
    ALREADY_DECIDED = "already_decided"
    REASON_REQUIRED = "reason_required"
    NOT_WITHDRAWABLE = "not_withdrawable"
    OFFERING_NOT_OPEN = "offering_not_open"
    TRIAL_CONFLICT = "trial_conflict"


class EnrollmentRefused(Forbidden):
    """An enrolment refused by ``check_eligibility``; ``code`` is the reason's value."""

    def __init__(self, reason: str, message: str | Promise) -> None:
        super().__init__(reason, message)
        self.reason = reason


class OfferingNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(EnrollmentErrorCode.NOT_FOUND, _("Pelatihan tidak ditemukan."))


class EnrollmentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(EnrollmentErrorCode.NOT_FOUND, _("Pendaftaran tidak ditemukan."))


class InvitationNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(EnrollmentErrorCode.NOT_FOUND, _("Undangan tidak ditemukan."))


class DecisionNotAllowed(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            EnrollmentErrorCode.NOT_ALLOWED,
            _("Hanya pimpinan instansi peserta atau pengelola yang dapat memutuskan pendaftaran."),
        )


class AlreadyDecided(Conflict):
    def __init__(self) -> None:
        super().__init__(
            EnrollmentErrorCode.ALREADY_DECIDED,
            _("Permohonan ini sudah diputuskan atau tidak lagi menunggu persetujuan."),
        )


class ReasonRequired(InvalidInput):
    def __init__(self) -> None:
        super().__init__(EnrollmentErrorCode.REASON_REQUIRED, _("Alasan penolakan wajib diisi."))


class NotWithdrawable(Conflict):
    def __init__(self) -> None:
        super().__init__(
            EnrollmentErrorCode.NOT_WITHDRAWABLE,
            _("Hanya pendaftaran yang menunggu atau aktif yang dapat dibatalkan."),
        )


class OfferingNotOpen(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            EnrollmentErrorCode.OFFERING_NOT_OPEN,
            _("Undangan hanya dapat dikirim untuk angkatan yang sudah dibuka atau berjalan."),
        )


class TrialConflict(Conflict):
    def __init__(self, message: str | Promise) -> None:
        super().__init__(EnrollmentErrorCode.TRIAL_CONFLICT, message)

"""Error codes of the assessments context (API.md: Assessments)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from bangkom.common.errors import DomainError


class AssessmentErrorCode(StrEnum):
    ATTEMPTS_EXHAUSTED = "attempts_exhausted"
    PREREQUISITES_NOT_MET = "prerequisites_not_met"
    NOT_ENROLLED = "not_enrolled"
    WINDOW_CLOSED = "window_closed"
    ALREADY_PASSED = "already_passed"
    EXEMPT = "exempt"
    ATTEMPT_CLOSED = "attempt_closed"
    INVALID_ANSWER = "invalid_answer"
    NOT_FOUND = "not_found"


MESSAGES = {
    AssessmentErrorCode.ATTEMPTS_EXHAUSTED: _("Kesempatan mengerjakan ujian ini sudah habis."),
    AssessmentErrorCode.PREREQUISITES_NOT_MET: _(
        "Ujian ini belum terbuka untuk Anda: selesaikan dulu tahapan sebelumnya."
    ),
    AssessmentErrorCode.NOT_ENROLLED: _("Anda tidak terdaftar sebagai peserta angkatan ini."),
    AssessmentErrorCode.WINDOW_CLOSED: _("Ujian ini tidak sedang dibuka."),
    AssessmentErrorCode.ALREADY_PASSED: _("Anda sudah lulus ujian ini."),
    AssessmentErrorCode.EXEMPT: _(
        "Anda dibebaskan dari pelatihan ini karena lulus tes penempatan (RPL)."
    ),
}


class StartRefused(DomainError):
    status = 403

    def __init__(self, code: AssessmentErrorCode) -> None:
        super().__init__(code, MESSAGES[code])


class AttemptClosed(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            AssessmentErrorCode.ATTEMPT_CLOSED,
            _("Ujian ini sudah dikumpulkan atau waktunya sudah habis; jawaban tidak disimpan."),
        )


class InvalidAnswer(DomainError):
    status = 422

    def __init__(self) -> None:
        super().__init__(
            AssessmentErrorCode.INVALID_ANSWER,
            _("Soal atau pilihan jawaban tidak termasuk dalam ujian ini."),
        )


class AttemptNotFound(DomainError):
    status = 404

    def __init__(self) -> None:
        super().__init__(AssessmentErrorCode.NOT_FOUND, _("Ujian tidak ditemukan."))

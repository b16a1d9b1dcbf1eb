"""Error codes of the certificates context (API.md: Certificates)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from bangkom.common.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound


class CertificateErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    NOT_ELIGIBLE = "not_eligible"
    ALREADY_REVOKED = "already_revoked"
    REASON_REQUIRED = "reason_required"
    FORBIDDEN = "forbidden"
    INVALID_PATTERN = "invalid_pattern"
    TOO_MANY_ATTEMPTS = "too_many_attempts"


class CertificateNotFound(NotFound):
    def __init__(self) -> None:
        # One message for unknown, malformed and forged numbers/tokens (RELIABILITY.md AC11, L7).
        super().__init__(CertificateErrorCode.NOT_FOUND, _("Sertifikat tidak ditemukan."))


class NotEligible(Conflict):
    def __init__(self) -> None:
        super().__init__(
            CertificateErrorCode.NOT_ELIGIBLE,
            _(
                "Sertifikat hanya terbit setelah peserta kompeten pada uji kompetensi "
                "atau lulus tes penempatan (RPL)."
            ),
        )


class AlreadyRevoked(Conflict):
    def __init__(self) -> None:
        super().__init__(CertificateErrorCode.ALREADY_REVOKED, _("Sertifikat ini sudah dicabut."))


class ReasonRequired(InvalidInput):
    def __init__(self) -> None:
        super().__init__(CertificateErrorCode.REASON_REQUIRED, _("Alasan pencabutan wajib diisi."))


class NotAllowedToManage(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            CertificateErrorCode.FORBIDDEN,
            _("Anda tidak berhak mengelola sertifikat angkatan ini."),
        )


class InvalidPattern(InvalidInput):
    def __init__(self, message: str) -> None:
        super().__init__(CertificateErrorCode.INVALID_PATTERN, message)


class TooManyLookups(DomainError):
    status = 429

    def __init__(self) -> None:
        super().__init__(
            CertificateErrorCode.TOO_MANY_ATTEMPTS,
            _("Terlalu banyak permintaan verifikasi. Coba lagi dalam satu menit."),
        )

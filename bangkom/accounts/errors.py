"""Error codes of the accounts context (API.md: Authentication)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from bangkom.common.errors import DomainError


class AccountErrorCode(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    REGISTRATION_REFUSED = "registration_refused"


class InvalidCredentials(DomainError):
    status = 401

    def __init__(self) -> None:
        # One message whether or not the NIP exists, so the answer reveals nothing (API.md).
        super().__init__(AccountErrorCode.INVALID_CREDENTIALS, _("NIP atau kata sandi salah."))


class TooManyAttempts(DomainError):
    status = 429

    def __init__(self) -> None:
        super().__init__(
            AccountErrorCode.TOO_MANY_ATTEMPTS,
            _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam beberapa menit."),
        )


class Unauthenticated(DomainError):
    status = 401

    def __init__(self) -> None:
        super().__init__(
            AccountErrorCode.UNAUTHENTICATED,
            _("Token tidak ada, tidak sah, kedaluwarsa, atau telah dicabut."),
        )


class NotAllowed(DomainError):
    status = 403

    def __init__(self) -> None:
        super().__init__(AccountErrorCode.FORBIDDEN, _("Anda tidak berhak mengakses ini."))

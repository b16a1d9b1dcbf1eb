"""Password rules beyond Django's: an upper bound so hashing cannot be used for a DoS.

NIST-style (RELIABILITY.md C4): length, common-password list, no composition rules; 64
Unicode characters and more are accepted up to this cap.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PASSWORD_LENGTH = 256


class MaximumLengthValidator:
    def validate(self, password: str, user: object = None) -> None:
        if len(password) > MAX_PASSWORD_LENGTH:
            raise ValidationError(
                _("Kata sandi terlalu panjang (maksimal %(max)d karakter).")
                % {"max": MAX_PASSWORD_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Kata sandi paling banyak %(max)d karakter.") % {"max": MAX_PASSWORD_LENGTH}

"""Public verification of certificates (API.md: Certificates; RELIABILITY.md AC11, L7,
control 13).

Two doors: the printed number (guessable, so only masked data is shown and lookups are
throttled per IP) and the QR's token (≥128 bits, unguessable; the full name may be shown,
which AC11 allows — never the NIP). Unknown, malformed and forged numbers or tokens all
raise the same ``CertificateNotFound``, so an answer never hints at which exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bangkom.certificates.errors import CertificateNotFound, TooManyLookups
from bangkom.certificates.formatting import mask_name
from bangkom.certificates.issuance import verify_integrity
from bangkom.certificates.models import Certificate
from bangkom.common.ratelimit import allow_hit

LOOKUPS_PER_MINUTE_PER_IP = 30  # L7: 10/s from one IP must be throttled, people never need more
_NUMBER = re.compile(r"^[\w./\- ]{1,150}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


@dataclass(frozen=True)
class Verification:
    """What a public verification shows. No NIP, by construction."""

    number: str
    kind: str
    kind_label: str
    holder_name: str
    program_title: str
    issued_on: date
    revoked: bool
    revoked_on: date | None
    intact: bool  # the stored content hash still matches

    @property
    def valid(self) -> bool:
        return self.intact and not self.revoked


def throttle_lookups(client_key: str, *, now: datetime) -> None:
    """Count one public lookup by this client; ``TooManyLookups`` past the per-minute limit."""
    if not allow_hit(
        f"cert-verify:{client_key}",
        limit=LOOKUPS_PER_MINUTE_PER_IP,
        window=timedelta(minutes=1),
        now=now,
    ):
        raise TooManyLookups()


def verify_number(number: str) -> Verification:
    """Verify by the printed number: the holder's name is masked."""
    if not _NUMBER.match(number or ""):
        raise CertificateNotFound()
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None:
        raise CertificateNotFound()
    return _verification(certificate, full_name=False)


def verify_token(token: str) -> Verification:
    """Verify by the QR token: the full name is shown (the token is unguessable)."""
    if not _TOKEN.match(token or ""):
        raise CertificateNotFound()
    certificate = Certificate.objects.filter(verification_token=token).first()
    if certificate is None:
        raise CertificateNotFound()
    return _verification(certificate, full_name=True)


def _verification(certificate: Certificate, *, full_name: bool) -> Verification:
    return Verification(
        number=certificate.number,
        kind=certificate.kind,
        kind_label=str(certificate.get_kind_display()),
        holder_name=certificate.holder_name if full_name else mask_name(certificate.holder_name),
        program_title=certificate.program_title,
        issued_on=certificate.issued_on,
        revoked=certificate.is_revoked,
        revoked_on=certificate.revoked_at.date() if certificate.revoked_at else None,
        intact=verify_integrity(certificate),
    )

"""API bearer tokens: issued on a correct NIP and password, stored hashed, expiring, revocable.

Only the SHA-256 of a token is stored, so a copy of the database cannot be replayed as
credentials. A token is looked up with its user, employee and institution in one query.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest

from bangkom.accounts.errors import InvalidCredentials, TooManyAttempts
from bangkom.accounts.models import ApiToken, User
from bangkom.accounts.nip import InvalidNip, normalize_nip

TOKEN_BYTES = 32  # 256 bits from the OS CSPRNG


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(user: User, *, now: datetime) -> tuple[str, ApiToken]:
    """Create a token for the user; the raw value is returned once and never stored."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=user,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + settings.API_TOKEN_TTL,
    )
    return raw, token


def login_for_token(
    request: HttpRequest, *, nip: str, password: str, now: datetime
) -> tuple[str, ApiToken]:
    """Check the NIP and password (through django-axes) and issue a token.

    Raises InvalidCredentials with the same message whether or not the NIP exists, and
    TooManyAttempts once the NIP is locked out.
    """
    try:
        username = normalize_nip(nip)
    except InvalidNip:
        username = nip
    try:
        user = authenticate(request, username=username, password=password)
    except AxesBackendPermissionDenied:
        raise TooManyAttempts() from None
    if getattr(request, "axes_locked_out", False):
        raise TooManyAttempts()
    if user is None:
        raise InvalidCredentials()
    return issue_token(user, now=now)


def user_for_token(raw: str, *, now: datetime) -> User | None:
    """Return the active user of a valid token, or None (unknown, expired, revoked)."""
    token = (
        ApiToken.objects.select_related("user__employee__institution")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user


def revoke_token(raw: str, *, now: datetime) -> bool:
    """Revoke a token; True if it was valid until now."""
    return bool(
        ApiToken.objects.filter(token_hash=hash_token(raw), revoked_at__isnull=True).update(
            revoked_at=now
        )
    )


def revoke_all_tokens(user: User, *, now: datetime) -> int:
    """Revoke every token of a user (deactivation, password change)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)

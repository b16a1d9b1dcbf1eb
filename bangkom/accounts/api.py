"""API endpoints: POST /auth/token and GET /me (API.md)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from bangkom.accounts.schemas import ErrorOut, MeOut, TokenIn, TokenOut
from bangkom.accounts.tokens import login_for_token

router = Router(tags=["accounts"])


@router.post(
    "/auth/token",
    auth=None,
    url_name="auth-token",
    response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def create_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    raw, token = login_for_token(
        request, nip=payload.nip, password=payload.password, now=timezone.now()
    )
    return TokenOut(token=raw, expires_at=token.expires_at)


@router.get("/me", url_name="me", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> MeOut:
    user = request.auth
    institution = user.institution
    return MeOut(
        nip=user.nip,
        name=user.name,
        roles=sorted(user.roles),
        institution=institution.name if institution else None,
        time_zone=user.time_zone_name,
    )

"""django-axes hooks: lockouts are keyed on the normalised NIP (RELIABILITY.md L4).

Keying on the NIP rather than the IP address means a classroom behind one NAT address is
never locked out as a whole; only the NIP being guessed is.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from bangkom.accounts.nip import InvalidNip, normalize_nip

LOCKED_OUT_CODE = "too_many_attempts"


def username_from_request(request: HttpRequest, credentials: dict | None) -> str | None:
    """Return the NIP being tried, normalised so '1980 0101…' and '19800101…' count as one."""
    raw = (credentials or {}).get("username") or request.POST.get("username")
    if raw is None:
        return None
    try:
        return normalize_nip(str(raw))
    except InvalidNip:
        return str(raw).strip()[:50]


def locked_out_message() -> str:
    return _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam beberapa menit.")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """Answer a locked-out NIP: JSON 429 for the API, the lockout page for the browser."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": locked_out_message(), "code": LOCKED_OUT_CODE}, status=429)
    return render(
        request, "accounts/locked_out.html", {"message": locked_out_message()}, status=429
    )

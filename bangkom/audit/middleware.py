"""Sets the audit context (client IP, request id) for each request and echoes the request id."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from bangkom.audit.context import audit_context, clean_request_id

REQUEST_ID_HEADER = "X-Request-ID"


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind a trusted proxy, the address the proxy appended to X-Forwarded-For.

    The proxy is trusted exactly when ``BANGKOM_BEHIND_PROXY`` is set, which is also what
    sets ``SECURE_PROXY_SSL_HEADER``. Only the right-most entry is taken: the ones before it
    were supplied by the client and can be forged.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = clean_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        with audit_context(ip=client_ip(request), request_id=request_id):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response

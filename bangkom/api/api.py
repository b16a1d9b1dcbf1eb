"""The NinjaAPI instance: mounts each app's router under /api/v1/ and maps every error to
``{"detail": <Indonesian message>, "code": <machine code>}`` (API.md)."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from bangkom.accounts.api import router as accounts_router
from bangkom.api.auth import BearerAuth, SessionPolicyAuth
from bangkom.assessments.api import router as assessments_router
from bangkom.audit.api import router as audit_router
from bangkom.certificates.api import router as certificates_router
from bangkom.common.errors import DomainError
from bangkom.evaluation.api import router as evaluation_router
from bangkom.finance.api import router as finance_router
from bangkom.learning.api import router as learning_router
from bangkom.live.api import router as live_router
from bangkom.notifications.api import router as notifications_router
from bangkom.progression.api import router as progression_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Bangkom API",
    version="1",
    urls_namespace="api",
    auth=[BearerAuth(), SessionPolicyAuth()],
    docs_url="/docs",
)


DATABASE_RETRY_AFTER_SECONDS = 2


def _error(request: HttpRequest, status: int, code: str, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message))


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Token tidak ada atau tidak sah."))


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = ", ".join(
        ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))
        for error in exc.errors
    )
    return _error(
        request, 422, "invalid_input", _("Data tidak valid: %(fields)s") % {"fields": fields}
    )


@api.exception_handler(DataError)
def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # e.g. an id beyond the database's integer range in the path or body: PostgreSQL refuses
    # it where SQLite simply finds nothing; either way it names nothing that exists.
    return _error(request, 404, "not_found", _("Data tidak ditemukan."))


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The database is restarting or out of reach (RELIABILITY.md F3/F4): a temporary state,
    # not a bug. Every call may be repeated as is (saves are idempotent by client_seq, start
    # resumes, submit returns the same result), so tell the client when to come back.
    logger.warning("database unavailable, answered 503: %s", type(exc).__name__)
    response = _error(
        request,
        503,
        "service_unavailable",
        _("Layanan sedang tidak tersedia sebentar; silakan coba lagi."),
    )
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Data tidak ditemukan."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("Anda tidak berhak mengakses ini."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


api.add_router("/", accounts_router)
api.add_router("/", learning_router)
api.add_router("/", assessments_router)

if settings.BENCH_ENDPOINTS:  # bench/exam_load.py only; never in a normal deployment
    from bangkom.api.bench import router as bench_router

    api.add_router("/", bench_router)
api.add_router("/", finance_router)
api.add_router("/", progression_router)
api.add_router("/", certificates_router)
api.add_router("/", live_router)
api.add_router("/", evaluation_router)
api.add_router("/", audit_router)
api.add_router("/", notifications_router)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Log the traceback on the server; the client gets a generic message and an incident id,
    # never a traceback or settings (RELIABILITY.md K6).
    incident = uuid.uuid4().hex[:12]
    logger.exception("API error, incident %s", incident)
    return _error(
        request,
        500,
        "server_error",
        _("Terjadi kesalahan pada server (insiden %(incident)s).") % {"incident": incident},
    )

"""Middleware of the shared kernel: time zone, caching, error shapes, database outages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class UserTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(ZoneInfo(user.time_zone_name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class NoStoreMiddleware:
    """Per-user answers must not be cached by browsers or proxies (RELIABILITY.md K5).

    Every API response, every page of a logged-in user and every exam page says no-store.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response


class ApiErrorShapeMiddleware:
    """Every API error has the body ``{"detail", "code"}`` (API.md), even the ones Django or
    the router answer before an endpoint runs: an unknown path or id (404) and a method the
    route doesn't take (405)."""

    CODES = {
        404: ("not_found", "Data tidak ditemukan."),
        405: ("method_not_allowed", "Metode tidak didukung."),
    }

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in self.CODES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, detail = self.CODES[response.status_code]
            replacement = JsonResponse(
                {"detail": _(detail), "code": code}, status=response.status_code
            )
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response


DATABASE_RETRY_AFTER_SECONDS = 2


class DatabaseUnavailableMiddleware:
    """A page whose database is briefly unreachable answers 503 + Retry-After, not a 500.

    RELIABILITY.md F3: during a database restart a request may fail; that is a temporary state
    and every page may simply be loaded again. The page is a static template rendered without
    the request context, so producing it needs no database. (The API has its own handler.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable, page answered 503: %s", type(exception).__name__)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response

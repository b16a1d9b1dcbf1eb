"""System checks that refuse unsafe production settings.

They run with every management command (not only `check --deploy`), so a server started
with DEBUG off and a weak configuration stops before it serves anything.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def check_production_settings(app_configs: object = None, **kwargs: object) -> list:
    """Return errors for settings that must not be used with DEBUG off."""
    if settings.DEBUG:
        return []
    errors: list[Error] = []
    if len(settings.SECRET_KEY) < 50 or len(set(settings.SECRET_KEY)) < 5:
        errors.append(
            Error(
                "BANGKOM_SECRET_KEY is too short or too simple for production.",
                hint="Use at least 50 random characters, e.g. python -c "
                "'import secrets; print(secrets.token_urlsafe(50))'.",
                id="bangkom.E001",
            )
        )
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "BANGKOM_ALLOWED_HOSTS must name the site's host names when DEBUG is off.",
                hint="For example BANGKOM_ALLOWED_HOSTS=bangkom.example.go.id",
                id="bangkom.E002",
            )
        )
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        errors.append(
            Error("Session and CSRF cookies must be Secure when DEBUG is off.", id="bangkom.E003")
        )
    if getattr(settings, "BENCH_ENDPOINTS", False):
        errors.append(
            Warning(
                "BANGKOM_BENCH_ENDPOINTS is on: an unauthenticated write endpoint is mounted.",
                hint="Only for bench/exam_load.py; never in a deployment.",
                id="bangkom.W001",
            )
        )
    return errors

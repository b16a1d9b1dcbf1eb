"""The base of every business-rule error.

Domain functions raise a ``DomainError`` subclass with a machine ``code`` (API.md's
error codes) and an Indonesian message. The API's single exception handler turns it into
``{"detail", "code"}`` with the subclass's HTTP status; HTML views show the message.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A refused business operation; ``status`` is the HTTP status the API answers with."""

    status: int = 400

    def __init__(self, code: str, message: str | Promise, *, status: int | None = None) -> None:
        super().__init__(str(message))
        self.code = str(code)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 422

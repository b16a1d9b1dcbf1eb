"""API schemas of the accounts context (API.md: Authentication, The caller)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class TokenIn(Schema):
    nip: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime


class MeOut(Schema):
    nip: str
    name: str
    roles: list[str]
    institution: str | None
    time_zone: str


class ErrorOut(Schema):
    detail: str
    code: str

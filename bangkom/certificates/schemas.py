"""In/Out schemas of the certificates API (API.md: Certificates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema


class CertificateOut(Schema):
    id: int
    number: str
    kind: str
    program_title: str
    issued_on: date
    jp: Decimal
    pdf_url: str
    revoked: bool


class VerificationOut(Schema):
    number: str
    valid: bool
    kind: str
    holder_name: str
    program_title: str
    issued_on: date
    revoked: bool
    intact: bool


class ErrorOut(Schema):
    detail: str
    code: str

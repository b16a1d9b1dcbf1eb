"""Ninja schemas of the progression context (API.md: Reports)."""

from __future__ import annotations

from ninja import Schema


class JpReportRowOut(Schema):
    nip: str
    name: str
    institution: str
    jp: float
    meets_minimum: bool

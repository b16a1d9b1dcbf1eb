"""API schemas of the catalogue and enrolment area (API.md: Catalogue and enrolment).

Input schemas list only what a caller may set; pydantic ignores any other field, so extra
fields such as ``status``, ``participant_id`` or ``is_trial`` change nothing (B17).
"""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field


class ProgramOut(Schema):
    """An offering as API.md calls it: a "program"."""

    id: int
    code: str
    title: str
    status: str
    starts_on: date
    ends_on: date
    jp: float


class EnrollmentIn(Schema):
    motivation: str = Field(default="", max_length=2000)


class EnrollmentCreatedOut(Schema):
    enrollment_id: int
    status: str


class EnrollmentOut(Schema):
    id: int
    program_id: int
    status: str
    next_step: str
    jp_earned: float
    state: str

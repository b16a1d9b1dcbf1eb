"""API schemas of the assessments context (API.md: Assessments). Nothing here can carry a key."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema


class AssessmentOut(Schema):
    id: int
    kind: str
    title: str
    subject_id: int | None
    passing_score: Decimal
    max_attempts: int
    attempts_used: int
    best_score: Decimal | None
    passed: bool
    available: bool
    locked_code: str | None


class StartIn(Schema):
    enrollment_id: int


class OptionOut(Schema):
    option_id: str
    text: str


class ItemOut(Schema):
    item_id: int
    position: int
    type: str
    stem: str
    options: list[OptionOut]


class AttemptStartOut(Schema):
    attempt_id: int
    number: int
    deadline: datetime
    remaining_seconds: int
    items: list[ItemOut]


class AnswerIn(Schema):
    option_ids: list[str] = Field(max_length=10)
    client_seq: int = Field(ge=0, le=2**62)


class AnswerOut(Schema):
    saved: bool
    client_seq: int


class StoredAnswerOut(Schema):
    item_id: int
    option_ids: list[str]
    client_seq: int


class AttemptOut(Schema):
    attempt_id: int
    status: str
    deadline: datetime
    remaining_seconds: int
    answers: list[StoredAnswerOut]


class SubmitOut(Schema):
    attempt_id: int
    score: Decimal
    passed: bool
    result: str
    correct: int
    total: int
    breakdown: dict[str, Decimal]


class EventIn(Schema):
    kind: str = Field(pattern="^(focus_lost)$")
    detail: dict[str, str] = Field(default_factory=dict, max_length=5)

"""In/Out schemas of the live API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class LiveSessionOut(Schema):
    id: int
    title: str
    status: str
    offering_id: int
    offering_name: str
    subject_title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str  # the caller's zone; instants are UTC
    starts_local: str  # e.g. "27-11-2026 12.00 WIT"
    ends_local: str
    meeting_url: str
    recording_url: str


class ErrorOut(Schema):
    detail: str
    code: str = ""

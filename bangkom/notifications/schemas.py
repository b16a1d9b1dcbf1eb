"""Ninja schemas of the notifications API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPageOut(Schema):
    count: int
    unread: int
    page: int
    pages: int
    results: list[NotificationOut]


class ReadAllOut(Schema):
    marked_read: int

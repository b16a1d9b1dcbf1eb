"""Helpers for the audit tests: a chain of entries, and a database that lets rows be altered."""

from __future__ import annotations

import pytest
from django.db import connection

from bangkom.audit.log import record
from bangkom.audit.models import AuditEntry

TABLE = AuditEntry._meta.db_table


def make_chain(count: int) -> list[AuditEntry]:
    return [
        record("test.event", actor=None, summary=f"peristiwa {i}", data={"i": i})
        for i in range(1, count + 1)
    ]


def raw(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def drop_append_only_trigger() -> None:
    """What an attacker with the database owner's rights does first."""
    if connection.vendor == "postgresql":
        raw(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_entry_append_only")
    else:
        raw("DROP TRIGGER IF EXISTS audit_entry_append_only")


@pytest.fixture
def tamperable(db):
    drop_append_only_trigger()

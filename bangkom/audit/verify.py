"""Verifying the audit chain (RELIABILITY.md A1): the first altered, removed or inserted entry.

Entries are streamed in ``seq`` order by keyset pagination over raw cursor rows (no ORM
converters, no model instances), the canonical bytes are built directly and hashed with hashlib.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from django.db import connection
from django.utils.translation import gettext as _

from bangkom.audit.models import GENESIS_HASH, HASHED_FIELDS, AuditEntry, format_instant

_FIELDS = (*HASHED_FIELDS, "entry_hash")
_SEQ = HASHED_FIELDS.index("seq")
_CREATED = HASHED_FIELDS.index("created_at")
_PREV = HASHED_FIELDS.index("prev_hash")
_ROLES = HASHED_FIELDS.index("actor_roles")
_DATA = HASHED_FIELDS.index("data")
_HASH = len(HASHED_FIELDS)
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


class ProblemKind(StrEnum):
    ALTERED = "altered"
    REMOVED = "removed"
    INSERTED = "inserted"
    HEAD_MISMATCH = "head_mismatch"
    ANCHOR_MISMATCH = "anchor_mismatch"


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    seq: int  # altered/inserted: that entry; removed: the last intact entry before the hole

    @property
    def message(self) -> str:
        if self.kind == ProblemKind.ALTERED:
            return _("entri #%(seq)s diubah") % {"seq": self.seq}
        if self.kind == ProblemKind.REMOVED:
            return _("entri setelah #%(seq)s hilang") % {"seq": self.seq}
        if self.kind == ProblemKind.INSERTED:
            return _("entri #%(seq)s disisipkan") % {"seq": self.seq}
        if self.kind == ProblemKind.ANCHOR_MISMATCH:
            return _(
                "entri #%(seq)s tidak sama dengan salinan di luar basis data (atau sudah hilang)"
            ) % {"seq": self.seq}
        return _("hash kepala rantai tidak sama dengan salinan di luar basis data")


@dataclass(frozen=True)
class VerifyResult:
    count: int  # entries checked (up to the first problem)
    head_seq: int
    head_hash: str
    problem: Problem | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def rate(self) -> float:
        """Entries verified per second."""
        return self.count / self.seconds if self.seconds > 0 else float(self.count)


def _instant_text(value: object) -> str:
    """The hash's text form of a raw ``created_at``: SQLite gives text, PostgreSQL a datetime."""
    if isinstance(value, str):
        if value.endswith("Z"):  # already formatted by the database (PostgreSQL)
            return value
        # SQLite: "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC, as Django stores it
        if len(value) == 19:
            value += ".000000"
        return value.replace(" ", "T", 1) + "Z"
    return format_instant(value)


def _json(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


@lru_cache(maxsize=256)
def _roles_text(value: str) -> list:
    return json.loads(value)  # few distinct role sets: parse each once (read-only use)


def _roles(value: object) -> object:
    return _roles_text(value) if isinstance(value, str) else value


def row_hash(row: tuple) -> str:
    """The hash of a raw ``SELECT <HASHED_FIELDS>, entry_hash`` row."""
    values = dict(zip(HASHED_FIELDS, row, strict=False))
    values["created_at"] = _instant_text(row[_CREATED])
    values["actor_roles"] = _roles(row[_ROLES])
    values["data"] = _json(row[_DATA])
    return hashlib.sha256(_dumps(values).encode()).hexdigest()


def _batches(batch_size: int) -> Iterator[list[tuple]]:
    """Raw rows in seq order, by keyset pagination (no ORM converters, no model instances)."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    columns = [
        connection.ops.quote_name(AuditEntry._meta.get_field(name).column) for name in _FIELDS
    ]
    if connection.vendor == "sqlite":
        # Without a declared type the sqlite3 module leaves the stored text alone, which is
        # much cheaper to bring into the hash's format than a parsed datetime.
        columns[_CREATED] = f"CAST({columns[_CREATED]} AS TEXT)"
    elif connection.vendor == "postgresql":
        columns[_CREATED] = (
            f"to_char({columns[_CREATED]} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        )
    columns = ", ".join(columns)
    sql = f"SELECT {columns} FROM {table} WHERE seq > %s ORDER BY seq LIMIT %s"  # noqa: S608
    last_seq = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [last_seq, batch_size])
            rows = cursor.fetchall()
            if rows:
                yield rows
                last_seq = rows[-1][_SEQ]
            if len(rows) < batch_size:
                return


def _first_problem(
    row: tuple, following: tuple | None, last: tuple[int, str, str | None]
) -> Problem | None:
    """What is wrong with ``row`` given the intact entries before it, or None.

    ``last`` is (seq, hash, hash of the entry before it) of the last intact entry;
    ``following`` is the row after ``row`` (None at the end). An entry is judged slipped in
    when the entry after it links to its predecessor, i.e. the chain runs past it.
    """
    last_seq, last_hash, before_last_hash = last
    seq = row[_SEQ]
    if seq != last_seq + 1:
        return Problem(ProblemKind.REMOVED, last_seq)
    bypassed = following is not None and following[_PREV] == last_hash
    if row[_PREV] != last_hash:
        if before_last_hash is not None and row[_PREV] == before_last_hash:
            return Problem(ProblemKind.INSERTED, last_seq)  # the chain runs past the previous
        if bypassed or following is None:
            return Problem(ProblemKind.INSERTED, seq)
        return Problem(ProblemKind.REMOVED, last_seq)  # it links to an entry that is gone
    if row_hash(row) != row[_HASH]:
        return Problem(ProblemKind.INSERTED if bypassed else ProblemKind.ALTERED, seq)
    return None


def _rows(batch_size: int) -> Iterator[tuple]:
    for batch in _batches(batch_size):
        yield from batch


def parse_anchor(text: str) -> tuple[int, str]:
    """``"SEQ:HASH"`` (as ``audit-verify`` prints the head) → (seq, hash); ValueError if not."""
    seq_text, _colon, hash_text = text.strip().lstrip("#").partition(":")
    if not seq_text.isdigit() or len(hash_text) != 64:
        raise ValueError(_("Jangkar harus berbentuk NOMOR:HASH, mis. 1234:3fa9…"))
    return int(seq_text), hash_text.lower()


def _anchor_holds(anchor: tuple[int, str], head_seq: int) -> bool:
    """Whether entry #seq of the (verified) chain still has the hash copied outside."""
    seq, expected = anchor
    if seq > head_seq:
        return False
    stored = AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
    return stored == expected


def verify_chain(
    *,
    batch_size: int = 5000,
    expect_head: str | None = None,
    anchor: tuple[int, str] | None = None,
) -> VerifyResult:
    """Check every entry: seq contiguous from 1, prev_hash links, stored hash = recomputed.

    The first problem found stops the walk and is named: an entry whose content no longer
    matches its hash is altered; a hole in ``seq`` (or a link to an entry that is not there)
    means entries were removed; an entry the chain runs past is inserted. ``expect_head``: a
    head hash kept outside the database, which catches removals at or additions to the end.
    ``anchor``: (seq, hash) of an entry copied outside the database earlier; the chain may
    have grown since, but that entry must still be there with that hash (a rewrite of the
    whole chain, or a cut of its end, is caught).
    """
    started = time.perf_counter()
    count = 0
    last_seq, last_hash, before_last_hash = 0, GENESIS_HASH, None
    problem = None
    rows = _rows(batch_size)
    row = next(rows, None)
    while row is not None:
        following = next(rows, None)
        # The common case inline (the walk must reach >= 50,000 entries/s).
        if row[_SEQ] == last_seq + 1 and row[_PREV] == last_hash and row_hash(row) == row[_HASH]:
            count += 1
            before_last_hash, last_hash, last_seq = last_hash, row[_HASH], row[_SEQ]
            row = following
            continue
        problem = _first_problem(row, following, (last_seq, last_hash, before_last_hash))
        break
    if problem is None and expect_head and expect_head != last_hash:
        problem = Problem(ProblemKind.HEAD_MISMATCH, last_seq)
    if problem is None and anchor and not _anchor_holds(anchor, last_seq):
        problem = Problem(ProblemKind.ANCHOR_MISMATCH, anchor[0])
    return VerifyResult(
        count=count,
        head_seq=last_seq,
        head_hash=last_hash,
        problem=problem,
        seconds=time.perf_counter() - started,
    )

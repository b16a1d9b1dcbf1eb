"""Request metadata for audit entries (RELIABILITY.md A5), carried in a context variable.

``AuditContextMiddleware`` sets it for each request; outside a request (management commands,
background tasks) ``current()`` answers an empty IP and a ``cmd:<uuid>`` request id that stays
the same for the life of the process, so the entries of one command run belong together.
"""

from __future__ import annotations

import os
import re
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$")


@dataclass(frozen=True)
class AuditContext:
    ip: str
    request_id: str


_PROCESS_CONTEXT = AuditContext(ip="", request_id=f"cmd:{uuid.uuid4()}")
_current: ContextVar[AuditContext | None] = ContextVar("bangkom_audit_context", default=None)


@cache
def node_name() -> str:
    """The node writing the entry: ``BANGKOM_NODE_NAME`` if set, else the host name."""
    return (os.environ.get("BANGKOM_NODE_NAME") or socket.gethostname() or "")[:100]


def current() -> AuditContext:
    return _current.get() or _PROCESS_CONTEXT


def clean_request_id(value: str | None) -> str:
    """An incoming request id if it is well formed, else a new uuid4."""
    if value and REQUEST_ID_RE.match(value):
        return value
    return str(uuid.uuid4())


@contextmanager
def audit_context(*, ip: str = "", request_id: str | None = None) -> Iterator[AuditContext]:
    """Use this metadata for the entries written inside the block (middleware, tasks, tests)."""
    context = AuditContext(ip=ip[:45], request_id=request_id or f"cmd:{uuid.uuid4()}")
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)

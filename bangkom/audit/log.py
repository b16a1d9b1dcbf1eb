"""Writing audit entries: ``record(...)``, called inside the transaction of the action.

The entry and the action commit or roll back together (RELIABILITY.md A2): if the audit write
fails, the exception propagates and the action fails with it. Appends are serialised (A3): on
PostgreSQL by a transaction-scoped advisory lock taken before reading the chain head, on
SQLite by the IMMEDIATE transaction mode (the write lock is held from BEGIN); the unique
``seq`` backs both up. Hold the lock briefly: call ``record`` near the end of the action.
"""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from bangkom.audit.context import current, node_name
from bangkom.audit.models import GENESIS_HASH, AuditEntry

if TYPE_CHECKING:
    from bangkom.accounts.models import User

# Arbitrary constant key of the PostgreSQL advisory lock that serialises appends ("BANGKOM").
ADVISORY_LOCK_KEY = 0x42414E474B4F4D

# Keys whose values never enter the log, at any depth of ``data``.
SECRET_KEY_RE = re.compile(
    r"passw(or)?d|passphrase|^pass$|^pwd$|token|secret|api[_-]?key|(^|_)otp($|_)|credential"
    r"|authori[sz]ation|cookie|sessionid|csrf|private[_-]?key",
    re.IGNORECASE,
)


def scrub(value: object) -> object:
    """``value`` without the dict keys that look like secrets (recursively).

    Also makes the value store and read back identically on both databases: NUL characters
    are dropped (PostgreSQL refuses them) and floats that JSON would write in exponent form
    or not at all (1e+20, NaN) become text (jsonb would read them back differently).
    """
    if isinstance(value, dict):
        return {
            _text(str(key)): scrub(item)
            for key, item in value.items()
            if not SECRET_KEY_RE.search(str(key))
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float) and (not math.isfinite(value) or "e" in repr(value)):
        return repr(value)
    return value


def _text(value: str) -> str:
    return value.replace("\x00", "")


def clean_data(data: dict | None) -> dict:
    """Secrets removed, then normalised to plain JSON (dates, decimals, UUIDs become text)."""
    if not data:
        return {}
    return json.loads(json.dumps(scrub(data), cls=DjangoJSONEncoder))


def describe_target(target: models.Model | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    meta = target._meta
    return f"{meta.app_label}.{meta.model_name}", str(target.pk or ""), _text(str(target))[:255]


def _user_or_none(user: object) -> User | None:
    return user if getattr(user, "is_authenticated", False) and user.pk else None


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def chain_head() -> tuple[int, str]:
    """(seq, entry_hash) of the last entry, or (0, genesis) for an empty log."""
    head = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    return head if head else (0, GENESIS_HASH)


def record(
    action: str,
    *,
    actor: User | None,
    target: models.Model | None = None,
    subject: User | None = None,
    summary: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry to the audit log; call it inside the action's transaction.

    ``actor`` did it (None: the system), ``target`` is the object acted on, ``subject`` the
    person the entry is about (it appears on their own audit page). ``data`` is scrubbed of
    secret-looking keys. Request metadata (IP, request id, node) is taken from the context.
    """
    actor = _user_or_none(actor)
    subject = _user_or_none(subject)
    target_type, target_id, target_repr = describe_target(target)
    context = current()
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor,
        actor_nip=actor.nip if actor else "",
        actor_name=actor.name[:200] if actor else "",
        actor_roles=sorted(actor.roles) if actor else [],
        action=action[:80],
        target_type=target_type,
        target_id=target_id[:64],
        target_repr=target_repr,
        subject=subject,
        subject_nip=subject.nip if subject else "",
        summary=_text(str(summary))[:500],
        data=clean_data(data),
        ip=context.ip,
        request_id=context.request_id[:64],
        node=node_name(),
    )
    with transaction.atomic():
        _lock_chain()
        last_seq, last_hash = chain_head()
        entry.seq = last_seq + 1
        entry.prev_hash = last_hash
        entry.created_at = timezone.now()  # taken under the lock: time follows seq
        entry.entry_hash = entry.computed_hash()
        entry.save(force_insert=True)
    return entry

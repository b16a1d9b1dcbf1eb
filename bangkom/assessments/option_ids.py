"""Opaque, per-attempt option identifiers (RELIABILITY.md K3).

An option is identified in the browser by an HMAC of (attempt, item, original index) under
the server's secret: it reveals neither the option's original position (authors often put
the key first) nor the database id, differs between attempts, and can be checked on every
save without reading the form from the database.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings

TOKEN_LENGTH = 12
MAX_OPTIONS = 10


def _key() -> bytes:
    return hashlib.sha256(
        b"bangkom.assessments.option_ids:" + settings.SECRET_KEY.encode()
    ).digest()


def option_token(attempt_id: int, item_id: int, index: int) -> str:
    message = f"{attempt_id}:{item_id}:{index}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def decode_options(attempt_id: int, item_id: int, tokens: Iterable[str]) -> list[int] | None:
    """Original option indexes of the tokens, or None if any token is not of this item."""
    table = {option_token(attempt_id, item_id, i): i for i in range(MAX_OPTIONS)}
    indexes = []
    for token in tokens:
        if not isinstance(token, str) or token not in table:
            return None
        indexes.append(table[token])
    return sorted(set(indexes))

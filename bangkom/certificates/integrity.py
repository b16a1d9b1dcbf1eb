"""The content hash of a certificate (RELIABILITY.md control 13, decision 6).

A SHA-256 over a canonical JSON (sorted keys, UTF-8, no whitespace) of the snapshot fields
plus the number and kind. Stored at issue; recomputing it later detects any change to a
stored field. Pure: no database access.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

HASHED_FIELDS: tuple[str, ...] = (
    "number",
    "kind",
    "holder_name",
    "holder_nip",
    "birth_place",
    "birth_date",
    "rank",
    "position_name",
    "institution_name",
    "program_title",
    "program_code",
    "offering_code",
    "provider_name",
    "jp",
    "starts_on",
    "ends_on",
    "result_text",
    "place_of_issue",
    "issued_on",
    "signatory_name",
    "signatory_position",
)
HASH_VERSION = 1


def _canonical(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def content_hash(fields: dict[str, object]) -> str:
    """SHA-256 hex of the canonical JSON of ``HASHED_FIELDS`` taken from ``fields``."""
    payload = {"v": HASH_VERSION} | {name: _canonical(fields.get(name)) for name in HASHED_FIELDS}
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()

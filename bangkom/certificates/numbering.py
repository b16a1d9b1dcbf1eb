"""Certificate numbers: a configurable pattern and a gap-free sequence per offering and year
(DOMAIN.md §4.1 "unique, immutable certificate number from a configurable pattern").

Gap-free: the counter row is incremented under ``select_for_update()`` *inside the issuing
transaction*, so a rolled-back issue also rolls back its number, and parallel issues queue
on the row lock (on SQLite, IMMEDIATE transactions serialise writers the same way).

Unique: a pattern must contain ``{seq}``, ``{year}`` and ``{offering_code}``, because the
counter is per offering and year; the database's unique index on the number is the last guard.
"""

from __future__ import annotations

import string

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bangkom.certificates.errors import InvalidPattern
from bangkom.certificates.models import CertificateCounter
from bangkom.curriculum.models import Offering

PATTERN_FIELDS = frozenset({"offering_code", "program_code", "seq", "year"})
REQUIRED_FIELDS = frozenset({"offering_code", "seq", "year"})
MAX_NUMBER_LENGTH = 150


def check_pattern(pattern: str) -> None:
    """Refuse a pattern with unknown or missing fields, or one that does not format."""
    try:
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    except ValueError as exc:
        raise InvalidPattern(_("Pola nomor tidak sah: %(error)s") % {"error": exc}) from exc
    unknown = fields - PATTERN_FIELDS
    if unknown:
        raise InvalidPattern(
            _("Kolom tidak dikenal dalam pola: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    missing = REQUIRED_FIELDS - fields
    if missing:
        raise InvalidPattern(
            _("Pola wajib memuat %(fields)s.")
            % {"fields": ", ".join("{" + f + "}" for f in sorted(missing))}
        )
    try:
        format_number(pattern, offering_code="X", program_code="X", seq=1, year=2024)
    except (ValueError, KeyError, IndexError) as exc:
        raise InvalidPattern(_("Pola nomor tidak sah: %(error)s") % {"error": exc}) from exc


def format_number(
    pattern: str, *, offering_code: str, program_code: str, seq: int, year: int
) -> str:
    """Render a number; ``{seq:05}`` pads the sequence to five digits."""
    return pattern.format(
        offering_code=offering_code, program_code=program_code, seq=seq, year=year
    )


def next_sequence(offering: Offering, *, year: int) -> int:
    """Take the next sequence number of ``offering`` in ``year``; call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence must run inside the issuing transaction")
    try:
        with transaction.atomic():
            CertificateCounter.objects.get_or_create(offering=offering, year=year)
    except IntegrityError:  # a parallel issue created the row first; it exists now
        pass
    counter = CertificateCounter.objects.select_for_update().get(offering=offering, year=year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def next_number(offering: Offering, *, year: int, pattern: str) -> tuple[int, str]:
    """Take the next sequence and render it with ``pattern``: ``(seq, number)``."""
    seq = next_sequence(offering, year=year)
    number = format_number(
        pattern,
        offering_code=offering.code,
        program_code=offering.program.code,
        seq=seq,
        year=year,
    )
    return seq, number[:MAX_NUMBER_LENGTH]

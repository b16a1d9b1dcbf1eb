"""Parse and validate NIP (PNS) and NI PPPK numbers; derive what they encode.

This module owns the rules of DOMAIN.md §1.1 (NIP: birth date, TMT CPNS, gender,
serial) and §1.2 (NI PPPK: birth date, appointment year, PPPK code, gender, serial):
accepting the spaced/dotted way people write them, normalising to 18 ASCII digits,
refusing impossible numbers with a specific Indonesian message and a stable
``NipErrorCode``, and flagging (never fixing) registry data that disagrees with what the
number encodes. It is pure: no ORM, no settings; the only clock is the ``today``
argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NIP_LENGTH = 18  # DOMAIN.md §1.1 (Perka BKN 22/2007); also the stored max_length
MINIMUM_AGE_AT_APPOINTMENT = 18  # DOMAIN.md §1.1 sanity rule [U]: minimum applicant age
EARLIEST_YEAR = 1900  # no serving or pensioned civil servant was born/appointed earlier

# `[0-9]`, not `\d` or str.isdigit(): both accept Arabic-Indic and full-width digits,
# which would slip past here and be stored as a different key for the same person.
# A fixed-length character class cannot backtrack, so matching is linear in the input.
_EIGHTEEN_ASCII_DIGITS = re.compile(r"[0-9]{18}")

# Only these may separate digit groups; anything else (tabs, hyphens, bidi marks, NUL)
# is refused, so a number that merely renders like a NIP never gets through.
_SEPARATORS = str.maketrans("", "", " .")

# DOMAIN.md §1.2: a PNS TMT month is 01-12, so a '2' in digit 13 can only be PPPK.
_PPPK_MARKER = "2"


class NipErrorCode(StrEnum):
    """Stable machine codes for a refused NIP; API clients and tests match on these."""

    FORMAT = "format"
    BIRTH_DATE = "birth_date"
    TMT = "tmt"
    TMT_AGE = "tmt_age"
    TMT_FUTURE = "tmt_future"
    GENDER = "gender"
    SERIAL = "serial"


# A ValueError rather than common.errors.DomainError: that base renders the message in
# __init__, which needs settings, and this module must stay usable without them. API
# code wraps it as InvalidInput(exc.code, exc.message). The name is fixed API (no N818).
class InvalidNip(ValueError):
    """A NIP that cannot belong to anyone; ``code`` says which part, ``message`` why."""

    def __init__(self, code: NipErrorCode, message: str | Promise) -> None:
        # Keep the lazy message unrendered: rendering needs settings, and the caller's
        # active language (not ours at raise time) decides how it is shown.
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class Gender(StrEnum):
    """Gender as encoded in digit 15; values match the registry's stored choices."""

    MALE = "male"
    FEMALE = "female"


_GENDER_DIGITS = {"1": Gender.MALE, "2": Gender.FEMALE}  # DOMAIN.md §1.1, position 15
_GENDER_DIGIT_MESSAGE = _(
    "Kode jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan)."
)


@dataclass(frozen=True, slots=True)
class ParsedNip:
    """What a valid NIP or NI PPPK encodes.

    ``tmt_cpns`` is the first day of the TMT month for a PNS and ``None`` for PPPK,
    whose number holds only a year; ``appointment_year`` is filled for both.
    """

    nip: str
    birth_date: date
    gender: Gender
    is_pppk: bool
    tmt_cpns: date | None
    appointment_year: int
    serial: int

    @property
    def formatted(self) -> str:
        """Return the number grouped for humans: ``19860926 201505 1 001``.

        A PPPK number is grouped by its own fields: ``19920315 2022 21 1 001``.
        """
        n = self.nip
        if self.is_pppk:
            return f"{n[:8]} {n[8:12]} {n[12:14]} {n[14]} {n[15:]}"
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"


@dataclass(frozen=True, slots=True)
class NipMismatch:
    """A registry value that disagrees with the NIP; flagged, never auto-fixed."""

    field: Literal["birth_date", "gender"]
    nip_value: object
    record_value: object
    message: str | Promise


def normalize_nip(raw: str) -> str:
    """Return the 18 ASCII digits of ``raw``, minus outer whitespace, spaces and dots.

    Raises ``InvalidNip(FORMAT)`` for anything else: other lengths, letters, non-ASCII
    digits, control or bidi characters. Only the format is checked, not the meaning.
    """
    if not isinstance(raw, str):  # validators may be handed None or a number by mistake
        raise _format_error()
    digits = raw.strip().translate(_SEPARATORS)
    if _EIGHTEEN_ASCII_DIGITS.fullmatch(digits) is None:
        raise _format_error()
    return digits


def parse_nip(raw: str, *, today: date | None = None) -> ParsedNip:
    """Validate ``raw`` as a NIP (PNS) or NI PPPK and return what it encodes.

    Raises ``InvalidNip`` with the first failing code, in digit order: ``format``,
    ``birth_date`` (not a calendar date, before 1900 or after ``today``), ``tmt``
    (impossible year-month), ``tmt_age`` (appointed before turning 18), ``tmt_future``
    (appointed after ``today``'s month, or year for PPPK), ``gender`` (not 1/2),
    ``serial`` (000). A '2' in digit 13 marks a PPPK number; its digits 13-14 are not
    checked further (DOMAIN.md §1.2). ``today`` defaults to the local calendar date.
    """
    if today is None:
        # A date, not an instant: Django sets the process TZ to settings.TIME_ZONE
        # (Asia/Jakarta), so this is the local calendar day without touching settings.
        today = date.today()  # noqa: DTZ011
    nip = normalize_nip(raw)
    birth_date = _birth_date(nip, today)
    if nip[12] == _PPPK_MARKER:
        tmt_cpns = None
        appointment_year = _pppk_appointment_year(nip, birth_date, today)
    else:
        tmt_cpns = _tmt_cpns(nip, birth_date, today)
        appointment_year = tmt_cpns.year
    return ParsedNip(
        nip=nip,
        birth_date=birth_date,
        gender=_gender(nip),
        is_pppk=tmt_cpns is None,
        tmt_cpns=tmt_cpns,
        appointment_year=appointment_year,
        serial=_serial(nip),
    )


def validate_nip(raw: str) -> str:
    """Return the normalised NIP, or raise Django's ``ValidationError`` with its code.

    Usable in a model or form field's ``validators``; the error ``code`` is the
    ``NipErrorCode`` value so forms and the API report the same code.
    """
    try:
        return parse_nip(raw).nip
    except InvalidNip as exc:
        raise ValidationError(exc.message, code=exc.code.value) from exc


def nip_mismatches(
    parsed: ParsedNip, *, birth_date: date | None, gender: str | None
) -> list[NipMismatch]:
    """List the registry values that disagree with what ``parsed`` encodes.

    ``None`` (and an empty gender, as a blank CharField stores it) means "not recorded"
    and is not compared. ``gender`` must be a ``Gender`` value; anything else raises
    ``ValueError``, because that is a caller bug rather than a data mismatch. Nothing is
    corrected: DOMAIN.md §1.1 wants mismatches flagged, not silently overwritten.
    """
    mismatches: list[NipMismatch] = []
    if birth_date is not None and birth_date != parsed.birth_date:
        mismatches.append(
            NipMismatch(
                field="birth_date",
                nip_value=parsed.birth_date,
                record_value=birth_date,
                message=_(
                    "Tanggal lahir pada data pegawai tidak sesuai dengan tanggal lahir "
                    "pada NIP (digit 1–8)."
                ),
            )
        )
    if gender:
        recorded = Gender(gender)
        if recorded != parsed.gender:
            mismatches.append(
                NipMismatch(
                    field="gender",
                    nip_value=parsed.gender,
                    record_value=recorded,
                    message=_(
                        "Jenis kelamin pada data pegawai tidak sesuai dengan kode "
                        "jenis kelamin pada NIP (digit 15)."
                    ),
                )
            )
    return mismatches


def _format_error() -> InvalidNip:
    return InvalidNip(
        NipErrorCode.FORMAT,
        _(
            "NIP harus terdiri dari 18 angka (0–9); spasi dan titik sebagai pemisah "
            "boleh digunakan, misalnya 19860926 201505 1 001."
        ),
    )


def _birth_date(nip: str, today: date) -> date:
    try:
        born = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:  # month 13, day 32, Feb 29 of a common year, year 0000 …
        raise InvalidNip(
            NipErrorCode.BIRTH_DATE,
            _("Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang valid."),
        ) from None
    if born.year < EARLIEST_YEAR:
        raise InvalidNip(
            NipErrorCode.BIRTH_DATE,
            _("Tahun lahir pada NIP (digit 1–4) harus 1900 atau sesudahnya."),
        )
    if born > today:
        raise InvalidNip(
            NipErrorCode.BIRTH_DATE,
            _("Tanggal lahir pada NIP (digit 1–8) berada di masa depan."),
        )
    return born


def _tmt_cpns(nip: str, birth_date: date, today: date) -> date:
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise InvalidNip(
            NipErrorCode.TMT,
            _("TMT CPNS pada NIP (digit 9–14) tidak valid: bulan harus 01–12."),
        )
    if year < EARLIEST_YEAR:
        raise InvalidNip(
            NipErrorCode.TMT,
            _("Tahun TMT CPNS pada NIP (digit 9–12) harus 1900 atau sesudahnya."),
        )
    tmt = date(year, month, 1)  # DOMAIN.md §1.1: the TMT day is always the 1st
    if tmt < _eighteenth_birthday(birth_date):
        raise InvalidNip(
            NipErrorCode.TMT_AGE,
            _("TMT CPNS pada NIP lebih awal dari usia 18 tahun."),
        )
    # Month granularity: a TMT on the 1st of the current month has already started.
    if tmt > today.replace(day=1):
        raise InvalidNip(
            NipErrorCode.TMT_FUTURE,
            _("TMT CPNS pada NIP berada di masa depan."),
        )
    return tmt


def _pppk_appointment_year(nip: str, birth_date: date, today: date) -> int:
    # The number holds only a year, so age and future are judged by year (§1.2).
    year = int(nip[8:12])
    if year < birth_date.year + MINIMUM_AGE_AT_APPOINTMENT:
        raise InvalidNip(
            NipErrorCode.TMT_AGE,
            _("Tahun pengangkatan PPPK pada NIP lebih awal dari usia 18 tahun."),
        )
    if year > today.year:
        raise InvalidNip(
            NipErrorCode.TMT_FUTURE,
            _("Tahun pengangkatan PPPK pada NIP (digit 9–12) berada di masa depan."),
        )
    return year


def _eighteenth_birthday(birth_date: date) -> date:
    year = birth_date.year + MINIMUM_AGE_AT_APPOINTMENT
    try:
        return birth_date.replace(year=year)
    except ValueError:
        # Born on Feb 29 and the 18th year is common. Mar 1 or Feb 28 give the same
        # verdict, since a TMT is always a 1st: Feb 1 is too early, Mar 1 late enough.
        return date(year, 3, 1)


def _gender(nip: str) -> Gender:
    gender = _GENDER_DIGITS.get(nip[14])
    if gender is None:
        raise InvalidNip(
            NipErrorCode.GENDER,
            _GENDER_DIGIT_MESSAGE,
        )
    return gender


def _serial(nip: str) -> int:
    serial = int(nip[15:])
    if serial == 0:  # DOMAIN.md §1.1: serials start at 001
        raise InvalidNip(
            NipErrorCode.SERIAL,
            _("Nomor urut pada NIP (digit 16–18) tidak boleh 000."),
        )
    return serial

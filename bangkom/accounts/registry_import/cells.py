"""Parsing one cell: from what a CSV or XLSX cell holds to a clean value, or a message.

This module owns the per-column parsers (NIP, names and other text, gender, birth date,
employee type, unit, position type, rank, email, phone, active flag), the lookup tables
and patterns they accept, and ``_CellError``, which carries the Indonesian message the
validator records against the row and column. The NIP goes through ``nip.parse_nip``
(DOMAIN.md §1.1/§1.2) and is refused, never rounded, when it arrives as a number or in
scientific notation (RELIABILITY.md B10). Text, including formula-looking text such as
``=SUM(A1)``, is kept as literal text; only control characters are refused (B12).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from bangkom.accounts.choices import RANK_CODES, EmployeeType, Gender, PositionType
from bangkom.accounts.nip import InvalidNip, ParsedNip, parse_nip
from bangkom.accounts.registry_import.columns import _SEPARATORS_RE

EARLIEST_BIRTH_YEAR = 1900


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1 controls
_SCIENTIFIC_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+")
_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]00:00(?::00)?)?")
_DMY_DATE_RE = re.compile(r"([0-9]{1,2})([-/])([0-9]{1,2})\2([0-9]{4})")
_RANK_RE = re.compile(r"(IV|III|II|I|[1-4])\s*[/\-. ]?\s*([A-E])", re.IGNORECASE)
_ARABIC_RANKS = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_PHONE_RE = re.compile(r"[0-9+\-() ]*[0-9][0-9+\-() ]*")
_GENDERS = {
    "l": Gender.MALE,
    "laki-laki": Gender.MALE,
    "laki laki": Gender.MALE,
    "lakilaki": Gender.MALE,
    "pria": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "p": Gender.FEMALE,
    "perempuan": Gender.FEMALE,
    "wanita": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}
_EMPLOYEE_TYPES = {
    "PNS": EmployeeType.PNS,
    "CPNS": EmployeeType.CPNS,
    "PPPK": EmployeeType.PPPK,
    "NON_ASN": EmployeeType.NON_ASN,
    "NONASN": EmployeeType.NON_ASN,
}
# Stored value or Indonesian label, case-insensitive: "JPT", "Jabatan Pimpinan Tinggi".
_POSITION_TYPES = {
    key: str(choice)
    for choice in PositionType
    for key in (str(choice.value).casefold(), str(choice.label).casefold())
}
_ACTIVE = {"ya": True, "y": True, "1": True, "true": True, "aktif": True}
_INACTIVE = {"tidak": False, "0": False, "false": False, "nonaktif": False, "tidakaktif": False}
_EMAIL_VALIDATOR = EmailValidator()


class _CellError(Exception):
    """One cell is invalid; the validator records it with the row and column."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _text(value: object) -> str:
    """Return a cell as trimmed text; whole numbers lose Excel's ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value).strip()


def _shown(text: str) -> str:
    """Echo a user value in a message: no control characters, at most 40 characters."""
    text = _CONTROL_RE.sub("?", text)
    return text if len(text) <= 40 else text[:39] + "…"


def _parse_nip(value: object, *, today: date) -> ParsedNip:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _CellError(_numeric_nip_message())  # never round: the last digits are gone
    text = _text(value).lstrip("'\u2019")  # Excel's text prefix, sometimes exported
    if not text:
        raise _CellError(_("NIP wajib diisi."))
    if _SCIENTIFIC_RE.fullmatch(text):
        raise _CellError(_numeric_nip_message())
    try:
        return parse_nip(text, today=today)
    except InvalidNip as exc:
        raise _CellError(str(exc.message)) from None


def _numeric_nip_message() -> str:
    return _(
        "Kolom NIP berformat angka sehingga digit bisa hilang; format kolom NIP sebagai "
        "Teks lalu unggah ulang."
    )


def _parse_text(value: object, *, max_length: int, required: bool) -> str:
    text = unicodedata.normalize("NFC", _text(value))
    if not text and required:
        raise _CellError(_("Wajib diisi."))
    if len(text) > max_length:
        raise _CellError(
            _("Paling banyak %(max)s karakter (terisi %(length)s).")
            % {"max": max_length, "length": len(text)}
        )
    if _CONTROL_RE.search(text):
        raise _CellError(
            _("Berisi karakter kontrol (misalnya tab atau baris baru) yang tidak diperbolehkan.")
        )
    return text


def _parse_gender(value: object) -> str | None:
    text = _text(value)
    if not text:
        return None
    gender = _GENDERS.get(" ".join(text.casefold().split()))
    if gender is None:
        raise _CellError(
            _("Jenis kelamin '%(value)s' tidak dikenal; gunakan L atau P.")
            % {"value": _shown(text)}
        )
    return gender


def _parse_birth_date(value: object, *, today: date) -> date:
    if isinstance(value, datetime):
        born = value.date()
    elif isinstance(value, date):
        born = value
    else:
        born = _date_from_text(_text(value), numeric=isinstance(value, int | float))
    if born.year < EARLIEST_BIRTH_YEAR or born > today:
        raise _CellError(
            _("Tanggal lahir %(date)s tidak masuk akal (harus antara 1900 dan hari ini).")
            % {"date": born.isoformat()}
        )
    return born


def _date_from_text(text: str, *, numeric: bool) -> date:
    if not text:
        raise _CellError(_("Tanggal lahir wajib diisi."))
    try:
        if match := _ISO_DATE_RE.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY_DATE_RE.fullmatch(text):
            return date(int(match[4]), int(match[3]), int(match[1]))
    except ValueError:
        pass  # a well-formed but impossible date: reported below
    hint = _(" Sel berisi angka; format sel sebagai Tanggal.") if numeric else ""
    raise _CellError(
        _(
            "Tanggal lahir '%(value)s' tidak valid; gunakan sel tanggal atau tulis "
            "TTTT-BB-HH (1986-09-26), HH-BB-TTTT atau HH/BB/TTTT."
        )
        % {"value": _shown(text)}
        + hint
    )


def _parse_employee_type(value: object) -> str | None:
    text = _text(value)
    if not text:
        return None
    kind = _EMPLOYEE_TYPES.get(_SEPARATORS_RE.sub("_", text.upper()))
    if kind is None:
        raise _CellError(
            _("Jenis pegawai '%(value)s' tidak dikenal; gunakan PNS, CPNS, PPPK atau NON_ASN.")
            % {"value": _shown(text)}
        )
    return kind


def _parse_unit(value: object) -> str | None:
    name = " ".join(_parse_text(value, max_length=200, required=False).split())  # one spelling
    return name or None


def _parse_position_type(value: object) -> str:
    text = _text(value)
    if not text:
        return ""
    position_type = _POSITION_TYPES.get(" ".join(text.casefold().split()))
    if position_type is None:
        raise _CellError(
            _(
                "Jenis jabatan '%(value)s' tidak dikenal; gunakan JPT, Administrator, Pengawas, "
                "Pelaksana atau Fungsional."
            )
            % {"value": _shown(text)}
        )
    return position_type


def _parse_rank(value: object) -> str:
    text = _text(value)
    if not text:
        return ""
    match = _RANK_RE.fullmatch(text)
    code = ""
    if match:
        roman = _ARABIC_RANKS.get(match[1], match[1].upper())
        code = f"{roman}/{match[2].lower()}"
    if code not in RANK_CODES:
        raise _CellError(
            _("Golongan '%(value)s' tidak dikenal; tulis misalnya III/a atau IV/b.")
            % {"value": _shown(text)}
        )
    return code


def _parse_email(value: object) -> str:
    text = _text(value)
    if not text:
        return ""
    try:
        if len(text) > 254:
            raise ValidationError("too long")
        _EMAIL_VALIDATOR(text)
    except ValidationError:
        raise _CellError(
            _("Alamat email '%(value)s' tidak valid.") % {"value": _shown(text)}
        ) from None
    return text


def _parse_phone(value: object) -> str:
    text = _text(value)
    if text and (len(text) > 30 or not _PHONE_RE.fullmatch(text)):
        raise _CellError(
            _(
                "Nomor telepon '%(value)s' tidak valid; gunakan angka, spasi, +, - dan tanda "
                "kurung, paling banyak 30 karakter."
            )
            % {"value": _shown(text)}
        )
    return text


def _parse_active(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value)
    if not text:
        return None  # blank: active
    key = re.sub(r"[\s\-_]", "", text.casefold())
    if key in _ACTIVE:
        return True
    if key in _INACTIVE:
        return False
    raise _CellError(
        _("Nilai aktif '%(value)s' tidak dikenal; gunakan ya atau tidak.") % {"value": _shown(text)}
    )

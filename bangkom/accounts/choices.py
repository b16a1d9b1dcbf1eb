"""Choices of the accounts context: roles, institution kinds, employee types, ranks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PESERTA = "peserta", _("Peserta")
    PIMPINAN = "pimpinan", _("Pimpinan instansi")
    WIDYAISWARA = "widyaiswara", _("Widyaiswara / narasumber")
    COACH = "coach", _("Coach / mentor")
    PENGELOLA = "pengelola", _("Pengelola program")
    ADMIN = "admin", _("Admin")


class InstitutionKind(models.TextChoices):
    KEMENDAGRI_UNIT = "kemendagri_unit", _("Unit Kemendagri")
    PEMPROV = "pemprov", _("Pemerintah Provinsi")
    PEMKAB = "pemkab", _("Pemerintah Kabupaten")
    PEMKOT = "pemkot", _("Pemerintah Kota")


class EmployeeType(models.TextChoices):
    PNS = "pns", "PNS"
    CPNS = "cpns", "CPNS"
    PPPK = "pppk", "PPPK"
    NON_ASN = "non_asn", _("Non-ASN")


class PositionType(models.TextChoices):
    """Jenis jabatan (UU ASN); offerings may be open to some position types only."""

    JPT = "jpt", _("Jabatan Pimpinan Tinggi")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL = "fungsional", _("Fungsional")


class Gender(models.TextChoices):
    MALE = "male", _("Laki-laki")
    FEMALE = "female", _("Perempuan")


# DOMAIN.md §10.4: pangkat/golongan, stored as the golongan code.
RANKS: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
RANK_CHOICES: list[tuple[str, str]] = [(code, f"{name} ({code})") for code, name in RANKS]
RANK_CODES: frozenset[str] = frozenset(code for code, _name in RANKS)

TIME_ZONE_CHOICES: list[tuple[str, str]] = [
    ("Asia/Jakarta", _("WIB (Asia/Jakarta)")),
    ("Asia/Pontianak", _("WIB (Asia/Pontianak)")),
    ("Asia/Makassar", _("WITA (Asia/Makassar)")),
    ("Asia/Jayapura", _("WIT (Asia/Jayapura)")),
]

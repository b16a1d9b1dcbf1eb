"""The demo world: institutions in all three time zones, their units, a registry, demo logins.

``bangkom seed-demo`` calls :func:`seed_demo` (API.md "Demo data", DOMAIN.md D-1/D-2). Every
step is idempotent and keyed by natural keys (institution code, unit name per institution,
NIP, role assignment), so a second run creates nothing and never resets a demo password that
was changed. The registry is generated in memory from a fixed seed and written with
``bulk_create``; the first N employees of a larger run are the N of a smaller run, so
``--employees`` can grow a world without duplicating it.

``seed_demo`` is the accounts world alone. :func:`seed_demo_world` (what the command runs)
adds the later contexts' demos on top, in dependency order: curriculum, learning, then the
steps listed in ``LATER_DEMO_STEPS`` (planning; the exam engine, certificates … add theirs).
"""

from __future__ import annotations

import calendar
import importlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate, islice
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from bangkom.accounts.choices import RANKS, EmployeeType, Gender, InstitutionKind, Role
from bangkom.accounts.models import Employee, Institution, RoleAssignment, Unit, User
from bangkom.accounts.nip import parse_nip
from bangkom.accounts.roles import grant_role

DEFAULT_EMPLOYEES = 300
EMPLOYEE_SEED = 20261129  # fixed: the same world on every machine and every run
# The registry is drawn as of this date (or today, if earlier), not as of today: a re-run
# next month or next year must draw the same NIPs, or it would add a second registry.
REGISTRY_AS_OF = date(2026, 7, 1)
WRITE_BATCH_SIZE = 1000  # rows built and bulk-written at a time (Django splits further for SQLite)
DEMO_EMAIL_DOMAIN = "demo.bangkom.go.id"
DEV_SERVER_URL = "http://127.0.0.1:8000/"  # where `make run` serves the site

PROVIDER_CODE = "bpsdm-kemendagri"
HOME_INSTITUTION_CODE = "pemprov-jabar"  # both demo participants and their pimpinan

# Registry shape (DOMAIN.md D-2). Shares are fractions of the generated employees.
PPPK_SHARE = 0.05
INACTIVE_SHARE = 0.03
HOME_REGION_SHARE = 0.75  # people born in the region of their institution
EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR = 1965, 2000
MIN_AGE_AT_TMT = 22  # graduates; the NIP rule itself only needs 18 (DOMAIN.md §1.1)
MAX_AGE_AT_TMT = 35  # the usual CPNS age limit
YEARS_PER_RANK = 4  # regular promotion (kenaikan pangkat reguler) every four years
FIRST_PPPK_YEAR = 2019  # the first PPPK intake
PPPK_FIRST_CONTRACT = "21"  # digits 13-14: PPPK code 2, first contract (DOMAIN.md §1.2)
SERIALS, SERIAL_CUM_WEIGHTS = (1, 2, 3, 4, 5), (80, 90, 95, 98, 100)


# --- Institutions and units (DOMAIN.md D-1, §10) ------------------------------------------

# Unit tags say which positions occur in a unit.
SETDA = "setda"  # Sekretariat Daerah
BIRO = "biro"  # Biro/Bagian Pemerintahan, Hukum; policy directorates
SETWAN = "setwan"  # Sekretariat DPRD
INSPEKTORAT = "inspektorat"
BAPPEDA = "bappeda"
BPKAD = "bpkad"  # regional finance
BKD = "bkd"  # BKD/BKPSDM, Biro Kepegawaian
BPSDM = "bpsdm"  # training bodies: where widyaiswara work
DUKCAPIL = "dukcapil"
DPMD = "dpmd"
SATPOL = "satpol"
KECAMATAN = "kecamatan"
KANTOR = "kantor"  # a Kemendagri secretariat or general bureau
NASIONAL = "nasional"  # a Kemendagri unit: people from every region


@dataclass(frozen=True)
class InstitutionSpec:
    code: str
    name: str
    kind: str
    province_code: str
    region: str  # where most of its people come from (names, birth places)
    units: tuple[tuple[str, str], ...]  # (unit name, unit tag)


def _kemendagri(
    code: str, name: str, *units: tuple[str, str], province: str = "31"
) -> InstitutionSpec:
    return InstitutionSpec(code, name, InstitutionKind.KEMENDAGRI_UNIT, province, NASIONAL, units)


def _ditjen(code: str, name: str, directorate: str, tag: str) -> InstitutionSpec:
    return _kemendagri(
        code,
        name,
        ("Sekretariat Direktorat Jenderal", KANTOR),
        ("Bagian Umum", KANTOR),
        (directorate, tag),
    )


def _pemda(
    code: str, name: str, kind: str, province: str, region: str, kecamatan: tuple[str, ...] = ()
) -> InstitutionSpec:
    provincial = kind == InstitutionKind.PEMPROV
    units = [
        ("Sekretariat Daerah", SETDA),
        ("Biro Pemerintahan dan Otonomi Daerah" if provincial else "Bagian Pemerintahan", BIRO),
        ("Biro Hukum" if provincial else "Bagian Hukum", BIRO),
        ("Sekretariat DPRD", SETWAN),
        ("Inspektorat", INSPEKTORAT),
        ("Bappeda", BAPPEDA),
        ("BPKAD", BPKAD),
        ("BKD" if provincial else "BKPSDM", BKD),
    ]
    if provincial:
        units.append(("BPSDM Provinsi", BPSDM))
    units.append(("Dinas Dukcapil", DUKCAPIL))
    if kind != InstitutionKind.PEMKOT:  # a city has kelurahan, not desa
        units.append(("DPMD", DPMD))
    units.append(("Satpol PP", SATPOL))
    units.extend((f"Kecamatan {k}", KECAMATAN) for k in kecamatan)
    return InstitutionSpec(code, name, kind, province, region, tuple(units))


_PROV, _KAB, _KOTA = InstitutionKind.PEMPROV, InstitutionKind.PEMKAB, InstitutionKind.PEMKOT

INSTITUTIONS: tuple[InstitutionSpec, ...] = (
    _kemendagri(
        PROVIDER_CODE,
        "BPSDM Kementerian Dalam Negeri",
        ("Sekretariat BPSDM", KANTOR),
        ("Bagian Umum", KANTOR),
        ("Pusat Pengembangan Kompetensi Pemerintahan Dalam Negeri", BPSDM),
        ("Pusat Pengembangan Kompetensi Kepemimpinan dan Fungsional", BPSDM),
    ),
    _kemendagri(
        "setjen-kemendagri",
        "Sekretariat Jenderal Kementerian Dalam Negeri",
        ("Biro Umum", KANTOR),
        ("Biro Kepegawaian", BKD),
        ("Biro Hukum", BIRO),
    ),
    _kemendagri(
        "itjen-kemendagri",
        "Inspektorat Jenderal Kementerian Dalam Negeri",
        ("Sekretariat Inspektorat Jenderal", KANTOR),
        ("Bagian Umum", KANTOR),
        ("Inspektorat Wilayah I", INSPEKTORAT),
        ("Inspektorat Wilayah II", INSPEKTORAT),
    ),
    _ditjen(
        "ditjen-bina-keuda",
        "Direktorat Jenderal Bina Keuangan Daerah",
        "Direktorat Perencanaan Anggaran Daerah",
        BPKAD,
    ),
    _ditjen(
        "ditjen-otda",
        "Direktorat Jenderal Otonomi Daerah",
        "Direktorat Penataan Daerah, Otonomi Khusus, dan DPOD",
        BIRO,
    ),
    _ditjen(
        "ditjen-bina-pemdes",
        "Direktorat Jenderal Bina Pemerintahan Desa",
        "Direktorat Fasilitasi Keuangan dan Aset Pemerintahan Desa",
        DPMD,
    ),
    _ditjen(
        "ditjen-dukcapil",
        "Direktorat Jenderal Kependudukan dan Pencatatan Sipil",
        "Direktorat Pendaftaran Penduduk",
        DUKCAPIL,
    ),
    _ditjen(
        "ditjen-polpum",
        "Direktorat Jenderal Politik dan Pemerintahan Umum",
        "Direktorat Politik Dalam Negeri",
        BIRO,
    ),
    _kemendagri(
        "bskdn-kemendagri",
        "Badan Strategi Kebijakan Dalam Negeri",
        ("Sekretariat Badan", KANTOR),
        ("Bagian Umum", KANTOR),
        ("Pusat Strategi Kebijakan Pemerintahan Umum", KANTOR),
    ),
    _kemendagri(
        "ipdn",
        "Institut Pemerintahan Dalam Negeri",
        ("Biro Administrasi Umum dan Keuangan", KANTOR),
        ("Biro Administrasi Akademik dan Perencanaan", KANTOR),
        ("Bagian Umum", KANTOR),
        province="32",  # Jatinangor, Jawa Barat
    ),
    _pemda(HOME_INSTITUTION_CODE, "Pemerintah Provinsi Jawa Barat", _PROV, "32", "sunda"),
    _pemda(
        "pemkot-bandung",
        "Pemerintah Kota Bandung",
        _KOTA,
        "32",
        "sunda",
        ("Coblong", "Sukajadi"),
    ),
    _pemda("pemprov-aceh", "Pemerintah Provinsi Aceh", _PROV, "11", "aceh"),
    _pemda(
        "pemkot-pontianak",
        "Pemerintah Kota Pontianak",
        _KOTA,
        "61",
        "melayu",
        ("Pontianak Kota", "Pontianak Barat"),
    ),
    _pemda("pemprov-bali", "Pemerintah Provinsi Bali", _PROV, "51", "bali"),
    _pemda("pemprov-sulsel", "Pemerintah Provinsi Sulawesi Selatan", _PROV, "73", "bugis"),
    _pemda(
        "pemkab-gowa",
        "Pemerintah Kabupaten Gowa",
        _KAB,
        "73",
        "bugis",
        ("Somba Opu", "Bajeng"),
    ),
    _pemda(
        "pemkab-kukar",
        "Pemerintah Kabupaten Kutai Kartanegara",
        _KAB,
        "64",
        "kutai",
        ("Tenggarong", "Loa Kulu"),
    ),
    _pemda("pemprov-maluku", "Pemerintah Provinsi Maluku", _PROV, "81", "ambon"),
    _pemda(
        "pemkot-ambon",
        "Pemerintah Kota Ambon",
        _KOTA,
        "81",
        "ambon",
        ("Sirimau", "Nusaniwe"),
    ),
    _pemda("pemprov-papua", "Pemerintah Provinsi Papua", _PROV, "91", "papua"),
    _pemda(
        "pemkab-jayapura",
        "Pemerintah Kabupaten Jayapura",
        _KAB,
        "91",
        "papua",
        ("Sentani", "Waibu"),
    ),
)
INSTITUTIONS_BY_CODE: dict[str, InstitutionSpec] = {i.code: i for i in INSTITUTIONS}


# --- Positions and ranks (DOMAIN.md D-2, §10.4) -------------------------------------------

RANK_ORDER: tuple[str, ...] = tuple(code for code, _name in RANKS)
RANK_INDEX: dict[str, int] = {code: i for i, code in enumerate(RANK_ORDER)}


def rank_range(lowest: str, highest: str) -> tuple[str, ...]:
    """Return the pangkat codes from ``lowest`` to ``highest`` inclusive, e.g. III/c-III/d."""
    return RANK_ORDER[RANK_INDEX[lowest] : RANK_INDEX[highest] + 1]


@dataclass(frozen=True)
class Position:
    """A jabatan with the pangkat range its holders have (D-2; grades illustrative)."""

    name: str
    ranks: tuple[str, ...]
    entry_rank: str = "III/a"  # S1 graduates enter at III/a, SMA at II/a, D3 at II/c
    tags: frozenset[str] | None = None  # unit tags it occurs in; None: any unit
    weight: int = 1
    pppk: bool = False  # also filled by PPPK (who hold no PNS pangkat)
    retirement_age: int = 58  # BUP: 58, JPT and ahli madya 60
    male_share: float = 0.5


def _tags(*tags: str) -> frozenset[str]:
    return frozenset(tags)


_OFFICE = _tags(
    SETDA, BIRO, SETWAN, INSPEKTORAT, BAPPEDA, BPKAD, BKD, BPSDM, DUKCAPIL, DPMD, KANTOR
)

# Staff positions, drawn by weight among those that occur in the unit.
POSITIONS: tuple[Position, ...] = (
    Position("Kepala Subbagian Keuangan", rank_range("III/c", "III/d"), tags=_OFFICE, weight=2),
    Position("Analis Kebijakan Ahli Muda", rank_range("III/c", "III/d"), tags=_OFFICE, weight=5),
    Position(
        "Analis Kebijakan Ahli Pertama",
        rank_range("III/a", "III/b"),
        tags=_OFFICE,
        weight=5,
        pppk=True,
    ),
    Position(
        "Analis SDM Aparatur Ahli Pertama",
        rank_range("III/a", "III/b"),
        tags=_tags(BKD, BPSDM, SETDA, KANTOR),
        weight=6,
        pppk=True,
    ),
    Position(
        "Widyaiswara Ahli Madya",
        rank_range("IV/a", "IV/c"),
        tags=_tags(BPSDM),
        weight=8,
        retirement_age=60,
    ),
    Position("Widyaiswara Ahli Muda", rank_range("III/c", "III/d"), tags=_tags(BPSDM), weight=6),
    Position(
        "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama",
        rank_range("III/a", "III/b"),
        tags=_tags(INSPEKTORAT),
        weight=10,
        pppk=True,
    ),
    Position("Auditor Ahli Muda", rank_range("III/c", "III/d"), tags=_tags(INSPEKTORAT), weight=6),
    Position("Perencana Ahli Muda", rank_range("III/c", "III/d"), tags=_tags(BAPPEDA), weight=10),
    Position(
        "Analis Keuangan Pusat dan Daerah Ahli Pertama",
        rank_range("III/a", "III/b"),
        tags=_tags(BPKAD),
        weight=10,
        pppk=True,
    ),
    Position(
        "Administrator Database Kependudukan Ahli Pertama",
        rank_range("III/a", "III/b"),
        tags=_tags(DUKCAPIL),
        weight=10,
        pppk=True,
    ),
    Position(
        "Polisi Pamong Praja Mahir",
        rank_range("II/d", "III/b"),
        entry_rank="II/a",
        tags=_tags(SATPOL),
        weight=40,
        pppk=True,
        male_share=0.8,
    ),
    Position(
        "Pranata Komputer Terampil",
        rank_range("II/c", "II/d"),
        entry_rank="II/c",
        weight=2,
        pppk=True,
    ),
    Position(
        "Pengadministrasi Perkantoran",
        rank_range("II/a", "III/b"),
        entry_rank="II/a",
        weight=5,
        pppk=True,
    ),
    Position(
        "Penata Kelola Pemerintahan",
        rank_range("III/a", "III/b"),
        tags=_tags(BIRO, SETDA, DPMD, KECAMATAN, KANTOR),
        weight=5,
        pppk=True,
    ),
)

# One holder per Pemda (or per kecamatan): filled first, before any staff.
_HEAD_OF = {_PROV: "Gubernur", _KAB: "Bupati", _KOTA: "Wali Kota"}
_LEADER_MALE_SHARE = 0.7
SEKDA: dict[str, Position] = {
    _PROV: Position(
        "Sekretaris Daerah Provinsi",
        rank_range("IV/d", "IV/e"),
        retirement_age=60,
        male_share=_LEADER_MALE_SHARE,
    ),
    _KAB: Position(
        "Sekretaris Daerah Kabupaten",
        rank_range("IV/c", "IV/d"),
        retirement_age=60,
        male_share=_LEADER_MALE_SHARE,
    ),
    _KOTA: Position(
        "Sekretaris Daerah Kota",
        rank_range("IV/c", "IV/d"),
        retirement_age=60,
        male_share=_LEADER_MALE_SHARE,
    ),
}
STAF_AHLI: dict[str, Position] = {
    kind: Position(
        f"Staf Ahli {head} Bidang Pemerintahan, Hukum dan Politik",
        ("IV/c",),
        retirement_age=60,
        male_share=_LEADER_MALE_SHARE,
    )
    for kind, head in _HEAD_OF.items()
}
SEKWAN = Position("Sekretaris DPRD", ("IV/c",), retirement_age=60, male_share=_LEADER_MALE_SHARE)
KABAG_PERSIDANGAN = Position(
    "Kepala Bagian Persidangan dan Perundang-undangan",
    rank_range("IV/a", "IV/b"),
    male_share=_LEADER_MALE_SHARE,
)
CAMAT = Position("Camat", rank_range("III/d", "IV/b"), male_share=_LEADER_MALE_SHARE)


# --- People: names and birth places from across Indonesia ---------------------------------


@dataclass(frozen=True)
class NamePool:
    """Names of one region. A full name is a given name plus, where the region uses one,
    a second name (father's name, clan or family name) fitting the gender."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    second_male: tuple[str, ...]
    second_female: tuple[str, ...]
    birth_places: tuple[str, ...]


def _pool(
    male: str,
    female: str,
    *,
    second_male: str = "",
    second_female: str = "",
    family: str = "",
    birth_places: str,
) -> NamePool:
    def split(text: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in text.split(",") if part.strip())

    return NamePool(
        male=split(male),
        female=split(female),
        second_male=split(second_male) + split(family),
        second_female=split(second_female) + split(family),
        birth_places=split(birth_places),
    )


NAME_POOLS: dict[str, NamePool] = {
    "jawa": _pool(
        "Budi, Agus, Bambang, Joko, Slamet, Wahyu, Eko, Teguh, Heru, Sigit",
        "Sri, Endang, Retno, Ratna, Dyah, Kartika, Tri, Dwi, Yuni",
        second_male="Santoso, Prasetyo, Susilo, Wibowo, Nugroho, Purnomo, Setiawan",
        second_female="Lestari, Handayani, Wulandari, Rahayu, Astuti, Utami",
        birth_places="Yogyakarta, Surakarta, Semarang, Magelang, Kediri, Malang, Madiun, Klaten",
    ),
    "sunda": _pool(
        "Asep, Ujang, Dadang, Cecep, Deden, Ridwan, Iwan, Yayat",
        "Euis, Neneng, Lilis, Imas, Nining, Yuyun, Rina, Iis",
        second_male="Suherman, Hermawan, Permana, Nugraha, Sutisna, Rukmana, Hidayat",
        second_female="Marlina, Rosmiati, Nurhasanah, Kurniasih, Komalasari, Sumiati",
        birth_places="Bandung, Garut, Tasikmalaya, Sumedang, Cianjur, Ciamis, Bogor, Sukabumi",
    ),
    "aceh": _pool(
        "Teuku Fadli, Muhammad Iqbal, Zulfikar, Mukhlis, Fauzan, Rizal, Syahrul",
        "Cut Intan, Nurul Husna, Rahmah, Fitriani, Ainal Mardhiah, Safrida, Nurhayati",
        family="Ibrahim, Abdullah, Daud, Hasballah, Ismail",
        birth_places="Banda Aceh, Lhokseumawe, Bireuen, Meulaboh, Sigli, Takengon",
    ),
    "bugis": _pool(
        "Andi Baso, Andi Rahman, Muhammad Syukur, Haeruddin, Amiruddin, Syamsul, Irfan",
        "Andi Tenri, Hasniah, Nurbaya, St. Aisyah, Hasnawati, Rosmini, Andi Fatimah",
        family="Sulaiman, Baharuddin, Mustafa, Tahir, Syamsuddin",
        birth_places="Makassar, Watampone, Sengkang, Parepare, Sinjai, Sungguminasa",
    ),
    # Balinese names carry birth order and a personal name; there is no family name.
    "bali": _pool(
        "I Wayan Suardana, I Made Sudiarta, I Nyoman Adnyana, I Ketut Wirawan, "
        "I Gede Mahendra, I Putu Artawan, I Komang Suarjaya",
        "Ni Luh Putu Ariani, Ni Made Sukmawati, Ni Nyoman Suryani, Ni Ketut Sriasih, "
        "Ni Kadek Dwi Lestari, Ni Wayan Sudiani, Ni Putu Ayu Wulandari",
        birth_places="Denpasar, Singaraja, Gianyar, Tabanan, Semarapura, Amlapura",
    ),
    "ambon": _pool(
        "Jacob, Marthen, Abdul Rahman, Stevanus, Hendrik, Ronald",
        "Maria, Yolanda, Femmy, Novita, Siti Hajar, Christina",
        family="Pattiasina, Latuconsina, Tuhumury, Leatemia, Sahetapy, Wattimena, Ohorella",
        birth_places="Ambon, Masohi, Tual, Saumlaki, Namlea",
    ),
    "papua": _pool(
        "Yohanes, Markus, Nikolaus, Elias, Otto, Benyamin",
        "Yuliana, Margaretha, Ester, Agustina, Ribka, Naomi",
        family="Wenda, Kogoya, Rumbiak, Mandowen, Wanggai, Yoku, Ohee, Kambu, Mirino",
        birth_places="Jayapura, Sentani, Biak, Wamena, Serui, Merauke",
    ),
    "melayu": _pool(
        "Hamdani, Syarif Abdullah, Zulkarnain, Firdaus, Rudiansyah",
        "Nurul Aini, Syarifah Nur, Mariani, Utin Rahmawati, Zuraidah",
        family="Alkadrie, Hamid, Usman, Kasim",
        birth_places="Pontianak, Singkawang, Sambas, Mempawah, Ketapang, Sintang",
    ),
    "kutai": _pool(
        "Aji Fachrul, Syahrani, Rusdiansyah, Akhmad Rizani, Hairul",
        "Noorhayati, Mahrita, Rusmini, Aminah, Hairunnisa",
        family="Noor, Rasyid, Aminullah, Fahmi",
        birth_places="Tenggarong, Samarinda, Balikpapan, Bontang, Banjarmasin",
    ),
}
# Where the people of a Kemendagri unit (and the 25 % "from elsewhere") come from.
NATIONAL_REGION_WEIGHTS: dict[str, int] = {
    "jawa": 32,
    "sunda": 16,
    "aceh": 6,
    "bugis": 10,
    "bali": 6,
    "ambon": 6,
    "papua": 6,
    "melayu": 10,
    "kutai": 8,
}


# --- Demo accounts (API.md "Demo data") ---------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: its registry employee is built from these fields and the NIP."""

    role: str
    nip: str
    password: str
    name: str
    institution_code: str
    description: str  # Indonesian: what this login is for (printed by `bangkom demo-logins`)
    unit_name: str
    position_name: str
    rank: str
    birth_place: str

    @property
    def email(self) -> str:
        words = self.name.lower().split()
        return f"{words[0]}.{words[-1]}@{DEMO_EMAIL_DOMAIN}"

    @property
    def formatted_nip(self) -> str:
        """The NIP as people write it: ``19800101 200501 1 001``."""
        return f"{self.nip[:8]} {self.nip[8:14]} {self.nip[14]} {self.nip[15:]}"


DEMO_PASSWORD = "bangkom-demo"  # noqa: S105 -- published in API.md and the README on purpose
DEMO_ADMIN_PASSWORD = "bangkom-admin"  # noqa: S105 -- ditto

# Order matters to callers: the first peserta is the one not enrolled anywhere.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        role=Role.ADMIN,
        nip="198001012005011001",
        password=DEMO_ADMIN_PASSWORD,
        name="Hendra Gunawan",
        institution_code=PROVIDER_CODE,
        description="Admin sistem: mengelola pengguna dan peran, mengimpor data induk pegawai, "
        "membuka admin Django.",
        unit_name="Sekretariat BPSDM",
        position_name="Pranata Komputer Ahli Muda",
        rank="III/d",
        birth_place="Semarang",
    ),
    DemoAccount(
        role=Role.PENGELOLA,
        nip="198202022006042002",
        password=DEMO_PASSWORD,
        name="Siti Rahmawati",
        institution_code=PROVIDER_CODE,
        description="Pengelola program BPSDM: mengelola semua program demo, jadwal dan peserta; "
        "melihat instansi dan data pegawai.",
        unit_name="Pusat Pengembangan Kompetensi Pemerintahan Dalam Negeri",
        position_name="Analis Kebijakan Ahli Muda",
        rank="III/d",
        birth_place="Surakarta",
    ),
    DemoAccount(
        role=Role.WIDYAISWARA,
        nip="197503032000031003",
        password=DEMO_PASSWORD,
        name="Bambang Sutrisno",
        institution_code=PROVIDER_CODE,
        description="Widyaiswara/narasumber: memfasilitasi mata pelatihan di setiap program "
        "demo (materi, bank soal, penilaian).",
        unit_name="Pusat Pengembangan Kompetensi Kepemimpinan dan Fungsional",
        position_name="Widyaiswara Ahli Madya",
        rank="IV/b",
        birth_place="Yogyakarta",
    ),
    DemoAccount(
        role=Role.PIMPINAN,
        nip="197806062003121006",
        password=DEMO_PASSWORD,
        name="Agus Gumilar",
        institution_code=HOME_INSTITUTION_CODE,
        description="Pimpinan Pemerintah Provinsi Jawa Barat: memantau pegawai dan kemajuan "
        "belajar kedua peserta demo.",
        unit_name="BKD",
        position_name="Kepala Badan Kepegawaian Daerah",
        rank="IV/c",
        birth_place="Garut",
    ),
    DemoAccount(
        role=Role.PESERTA,
        nip="199004042015032004",
        password=DEMO_PASSWORD,
        name="Rina Yuliawati",
        institution_code=HOME_INSTITUTION_CODE,
        description="Peserta yang belum terdaftar di program mana pun.",
        unit_name="Biro Pemerintahan dan Otonomi Daerah",
        position_name="Analis Kebijakan Ahli Muda",
        rank="III/c",
        birth_place="Bandung",
    ),
    DemoAccount(
        role=Role.PESERTA,
        nip="199105052016041005",
        password=DEMO_PASSWORD,
        name="Rizki Ramdani",
        institution_code=HOME_INSTITUTION_CODE,
        description="Peserta terdaftar pada program demo: uji penempatan tidak lulus, semua "
        "ujian mata pelatihan terbuka.",
        unit_name="BKD",
        position_name="Analis SDM Aparatur Ahli Pertama",
        rank="III/b",
        birth_place="Sumedang",
    ),
)


# --- The generated registry (pure: no database) -------------------------------------------


@dataclass(frozen=True, slots=True)
class EmployeeSpec:
    """One generated registry row; the institution and unit by natural key."""

    nip: str
    name: str
    gender: str
    birth_date: date
    birth_place: str
    employee_type: str
    institution_code: str
    unit_name: str
    position_name: str
    rank: str
    is_active: bool


@dataclass(frozen=True, slots=True)
class _Slot:
    institution: InstitutionSpec
    unit_name: str
    tag: str


def _leader_slots() -> list[tuple[_Slot, Position]]:
    slots: list[tuple[_Slot, Position]] = []
    for spec in INSTITUTIONS:
        if spec.kind == InstitutionKind.KEMENDAGRI_UNIT:
            continue
        slots.append((_Slot(spec, "Sekretariat Daerah", SETDA), SEKDA[spec.kind]))
        slots.append((_Slot(spec, "Sekretariat Daerah", SETDA), STAF_AHLI[spec.kind]))
        slots.append((_Slot(spec, "Sekretariat DPRD", SETWAN), SEKWAN))
        slots.append((_Slot(spec, "Sekretariat DPRD", SETWAN), KABAG_PERSIDANGAN))
        slots.extend(
            (_Slot(spec, name, tag), CAMAT) for name, tag in spec.units if tag == KECAMATAN
        )
    return slots


def _unit_slots() -> list[_Slot]:
    return [_Slot(spec, name, tag) for spec in INSTITUTIONS for name, tag in spec.units]


def _weighted(positions: list[Position]) -> tuple[tuple[Position, ...], tuple[int, ...]]:
    return tuple(positions), tuple(accumulate(p.weight for p in positions))


def _positions_by_tag(*, pppk: bool) -> dict[str, tuple[tuple[Position, ...], tuple[int, ...]]]:
    tags = {tag for spec in INSTITUTIONS for _name, tag in spec.units}
    return {
        tag: _weighted(
            [p for p in POSITIONS if (p.tags is None or tag in p.tags) and (p.pppk or not pppk)]
        )
        for tag in tags
    }


class _Generator:
    """Draws employees one by one from a seeded RNG; each draw consumes the RNG the same way
    whatever the total, so the first N of a larger run equal a run of N."""

    def __init__(self, *, today: date, as_of: date, reserved: frozenset[str], seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 -- reproducible demo data, not secrets
        self.today = today  # only says who is still CPNS; draws nothing
        self.as_of = as_of  # the draws: service years, TMT months
        self.taken: set[str] = set(reserved)
        self.pns_positions = _positions_by_tag(pppk=False)
        self.pppk_positions = _positions_by_tag(pppk=True)
        regions = list(NATIONAL_REGION_WEIGHTS)
        self.regions = tuple(regions)
        self.region_cum = tuple(accumulate(NATIONAL_REGION_WEIGHTS[r] for r in regions))
        self.all_birth_places = tuple(
            place for pool in NAME_POOLS.values() for place in pool.birth_places
        )

    def leader(self, slot: _Slot, position: Position) -> EmployeeSpec:
        return self._pns(slot, position, is_active=True)

    def staff(self, slot: _Slot) -> EmployeeSpec:
        rng = self.rng
        pppk = rng.random() < PPPK_SHARE
        positions, cum = (self.pppk_positions if pppk else self.pns_positions)[slot.tag]
        position = rng.choices(positions, cum_weights=cum)[0]
        is_active = rng.random() >= INACTIVE_SHARE
        if pppk:
            return self._pppk(slot, position, is_active=is_active)
        return self._pns(slot, position, is_active=is_active)

    def _pns(self, slot: _Slot, position: Position, *, is_active: bool) -> EmployeeSpec:
        rng, as_of, today = self.rng, self.as_of, self.today
        rank = rng.choice(position.ranks)
        steps = max(RANK_INDEX[rank] - RANK_INDEX[position.entry_rank], 0)
        service = steps * YEARS_PER_RANK + rng.randint(0, YEARS_PER_RANK - 1)
        service = min(service, position.retirement_age - MIN_AGE_AT_TMT - 1)
        tmt_year = as_of.year - service
        tmt_month = rng.randint(1, 12 if tmt_year < as_of.year else as_of.month)
        # Born in (TMT year - age) with age >= 23: at least 22 on any day of the TMT year.
        lowest = max(MIN_AGE_AT_TMT + 1, tmt_year - LATEST_BIRTH_YEAR)
        highest = min(
            MAX_AGE_AT_TMT, tmt_year - EARLIEST_BIRTH_YEAR, position.retirement_age - service
        )
        birth = self._birth_date(tmt_year - rng.randint(lowest, max(lowest, highest)))
        gender, name, birth_place = self._person(slot, position)
        months_served = (today.year - tmt_year) * 12 + today.month - tmt_month
        nip = self._unique_nip(f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{_digit(gender)}")
        return EmployeeSpec(
            nip=nip,
            name=name,
            gender=gender,
            birth_date=birth,
            birth_place=birth_place,
            employee_type=EmployeeType.CPNS if months_served < 12 else EmployeeType.PNS,
            institution_code=slot.institution.code,
            unit_name=slot.unit_name,
            position_name=position.name,
            rank=rank,
            is_active=is_active,
        )

    def _pppk(self, slot: _Slot, position: Position, *, is_active: bool) -> EmployeeSpec:
        rng, as_of = self.rng, self.as_of
        year = rng.randint(min(FIRST_PPPK_YEAR, as_of.year), as_of.year)
        lowest = max(25, year - LATEST_BIRTH_YEAR)
        highest = min(45, year - EARLIEST_BIRTH_YEAR, position.retirement_age - (as_of.year - year))
        birth = self._birth_date(year - rng.randint(lowest, max(lowest, highest)))
        gender, name, birth_place = self._person(slot, position)
        nip = self._unique_nip(f"{birth:%Y%m%d}{year:04d}{PPPK_FIRST_CONTRACT}{_digit(gender)}")
        return EmployeeSpec(
            nip=nip,
            name=name,
            gender=gender,
            birth_date=birth,
            birth_place=birth_place,
            employee_type=EmployeeType.PPPK,
            institution_code=slot.institution.code,
            unit_name=slot.unit_name,
            position_name=position.name,
            rank="",  # PPPK have their own golongan (I-XVII), not a PNS pangkat
            is_active=is_active,
        )

    def _person(self, slot: _Slot, position: Position) -> tuple[str, str, str]:
        rng = self.rng
        gender = Gender.MALE if rng.random() < position.male_share else Gender.FEMALE
        region = slot.institution.region
        if region == NASIONAL or rng.random() >= HOME_REGION_SHARE:
            region = rng.choices(self.regions, cum_weights=self.region_cum)[0]
        pool = NAME_POOLS[region]
        male = gender == Gender.MALE
        given = rng.choice(pool.male if male else pool.female)
        seconds = pool.second_male if male else pool.second_female
        name = f"{given} {rng.choice(seconds)}" if seconds else given
        places = pool.birth_places if rng.random() < HOME_REGION_SHARE else self.all_birth_places
        return gender, name, rng.choice(places)

    def _birth_date(self, year: int) -> date:
        days = 366 if calendar.isleap(year) else 365
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(days))

    def _unique_nip(self, prefix: str) -> str:
        """Add a serial (mostly 001); bump it while the NIP is taken (DOMAIN.md §1.1)."""
        serial = self.rng.choices(SERIALS, cum_weights=SERIAL_CUM_WEIGHTS)[0]
        nip = f"{prefix}{serial:03d}"
        while nip in self.taken:
            serial += 1
            if serial > 999:  # 999 people born the same day, appointed the same month
                raise RuntimeError(f"no free NIP serial for {prefix}")
            nip = f"{prefix}{serial:03d}"
        parse_nip(nip, today=self.today)  # a generator bug must fail here, not in the registry
        self.taken.add(nip)
        return nip


def _digit(gender: str) -> str:
    return "1" if gender == Gender.MALE else "2"


def iter_employees(
    count: int, *, today: date, reserved: frozenset[str] = frozenset(), seed: int = EMPLOYEE_SEED
) -> Iterator[EmployeeSpec]:
    """Yield ``count`` registry rows, deterministic for a given ``seed``.

    Pemda leaders come first (Sekda, Staf Ahli, Sekwan, Kabag Persidangan, one Camat per
    kecamatan), then one employee for every unit in turn, then staff in random units. NIPs
    avoid ``reserved`` and each other and pass ``parse_nip`` for ``today``. The NIPs are the
    same for every ``today`` on or after ``REGISTRY_AS_OF``; ``today`` only decides who is
    still CPNS (appointed less than a year ago).
    """
    as_of = min(REGISTRY_AS_OF, today)
    generator = _Generator(today=today, as_of=as_of, reserved=reserved, seed=seed)
    leaders, units = _leader_slots(), _unit_slots()
    for i in range(count):
        if i < len(leaders):
            yield generator.leader(*leaders[i])
            continue
        j = i - len(leaders)
        slot = units[j] if j < len(units) else generator.rng.choice(units)
        yield generator.staff(slot)


def generate_employees(
    count: int, *, today: date, reserved: frozenset[str] = frozenset(), seed: int = EMPLOYEE_SEED
) -> list[EmployeeSpec]:
    """The rows of :func:`iter_employees` as a list."""
    return list(iter_employees(count, today=today, reserved=reserved, seed=seed))


# --- Writing the world --------------------------------------------------------------------


@dataclass(frozen=True)
class DemoWorld:
    """The demo institutions and units by natural key; later ``seed_*`` steps take it."""

    institutions: dict[str, Institution]
    units: dict[tuple[str, str], Unit]  # (institution code, unit name)

    def unit(self, institution_code: str, name: str) -> Unit:
        return self.units[(institution_code, name)]


@dataclass(frozen=True)
class DemoSummary:
    institutions: int
    units: int
    employees: int  # the whole registry after seeding
    accounts: int
    institutions_created: int
    units_created: int
    employees_created: int
    accounts_created: int
    roles_granted: int

    @property
    def created_anything(self) -> bool:
        return any(
            (
                self.institutions_created,
                self.units_created,
                self.employees_created,
                self.accounts_created,
                self.roles_granted,
            )
        )


def seed_institutions() -> tuple[DemoWorld, int, int]:
    """Create the D-1 institutions and their units when missing.

    Returns the world and how many institutions and units were created. Existing rows are
    left as they are (an admin may have renamed them).
    """
    institutions: dict[str, Institution] = {}
    institutions_created = 0
    for spec in INSTITUTIONS:
        institution, created = Institution.objects.get_or_create(
            code=spec.code,
            defaults={"name": spec.name, "kind": spec.kind, "province_code": spec.province_code},
        )
        institutions[spec.code] = institution
        institutions_created += created

    existing = {
        (unit.institution_id, unit.name): unit
        for unit in Unit.objects.filter(institution__in=list(institutions.values()))
    }
    units: dict[tuple[str, str], Unit] = {}
    units_created = 0
    for spec in INSTITUTIONS:
        institution = institutions[spec.code]
        for name, _tag in spec.units:
            unit = existing.get((institution.pk, name))
            if unit is None:
                unit = Unit.objects.create(institution=institution, name=name)
                units_created += 1
            units[(spec.code, name)] = unit
    return DemoWorld(institutions, units), institutions_created, units_created


def seed_employees(world: DemoWorld, *, count: int, today: date) -> int:
    """Write ``count`` generated registry rows, skipping NIPs already in the registry.

    Returns how many were created. The demo accounts' NIPs are never generated.
    """
    reserved = frozenset(account.nip for account in DEMO_ACCOUNTS)
    specs = iter_employees(count, today=today, reserved=reserved)
    existing = set(Employee.objects.values_list("nip", flat=True))
    created = 0
    # Built and written a batch at a time, so 100k rows never sit in memory as model objects.
    while batch := list(islice(specs, WRITE_BATCH_SIZE)):
        rows = [_employee_row(world, spec) for spec in batch if spec.nip not in existing]
        Employee.objects.bulk_create(rows, batch_size=WRITE_BATCH_SIZE)
        created += len(rows)
    return created


def _employee_row(world: DemoWorld, spec: EmployeeSpec) -> Employee:
    return Employee(
        nip=spec.nip,
        name=spec.name,
        gender=spec.gender,
        birth_date=spec.birth_date,
        birth_place=spec.birth_place,
        employee_type=spec.employee_type,
        institution_id=world.institutions[spec.institution_code].pk,
        unit_id=world.unit(spec.institution_code, spec.unit_name).pk,
        position_name=spec.position_name,
        rank=spec.rank,
        is_active=spec.is_active,
    )


def seed_demo_accounts(world: DemoWorld, *, now: datetime) -> tuple[int, int]:
    """Create the API.md demo accounts with their registry employees and single role.

    A password is set only when the account is created, so a changed demo password survives
    a re-run. Returns (accounts created, roles granted).
    """
    today = timezone.localdate(now)
    accounts_created = roles_granted = 0
    for account in DEMO_ACCOUNTS:
        institution = world.institutions[account.institution_code]
        parsed = parse_nip(account.nip, today=today)
        employee, _created = Employee.objects.get_or_create(
            nip=account.nip,
            defaults={
                "name": account.name,
                "gender": parsed.gender.value,
                "birth_date": parsed.birth_date,
                "birth_place": account.birth_place,
                "employee_type": EmployeeType.PNS,
                "institution": institution,
                "unit": world.unit(account.institution_code, account.unit_name),
                "position_name": account.position_name,
                "rank": account.rank,
                "email": account.email,
                "is_active": True,
            },
        )
        user = User.objects.filter(nip=account.nip).first()
        if user is None:
            user = User.objects.create_user(
                account.nip,
                account.password,
                name=account.name,
                email=account.email,
                employee=employee,
                date_joined=now,
            )
            accounts_created += 1
        elif user.employee_id is None:
            user.employee = employee
            user.save(update_fields=["employee"])
        # A pimpinan supervises the institution they belong to (the participants' one).
        scope = institution if account.role == Role.PIMPINAN else None
        if not RoleAssignment.objects.filter(
            user=user, role=account.role, institution=scope
        ).exists():
            grant_role(user, role=account.role, institution=scope)
            roles_granted += 1
    return accounts_created, roles_granted


def seed_demo(
    *, employees: int = DEFAULT_EMPLOYEES, now: datetime, stdout: TextIO | None = None
) -> DemoSummary:
    """Create (or complete) the demo world in one transaction; idempotent.

    ``employees`` is the registry size the demo world holds, the six demo-account employees
    included. ``now`` fixes "today" for NIP plausibility (no TMT in the future); ``stdout``
    receives one progress line per step.
    """
    if employees < 0:
        raise ValueError("employees must not be negative")
    today = timezone.localdate(now)
    with transaction.atomic():
        world, institutions_created, units_created = seed_institutions()
        _say(stdout, f"Instansi dan unit kerja: {institutions_created} + {units_created} baru.")
        generated = max(employees - len(DEMO_ACCOUNTS), 0)
        employees_created = seed_employees(world, count=generated, today=today)
        _say(stdout, f"Data induk pegawai: {employees_created} baru.")
        accounts_created, roles_granted = seed_demo_accounts(world, now=now)
        _say(stdout, f"Akun demo: {accounts_created} baru, {roles_granted} peran diberikan.")
        return DemoSummary(
            institutions=len(world.institutions),
            units=len(world.units),
            employees=Employee.objects.count(),
            accounts=len(DEMO_ACCOUNTS),
            institutions_created=institutions_created,
            units_created=units_created,
            employees_created=employees_created,
            accounts_created=accounts_created,
            roles_granted=roles_granted,
        )


# --- The whole world: accounts, then the later contexts' steps -----------------------------

# Steps that run after the learning step, in this order: the dotted path of a function that
# takes ``now=`` (keyword) and returns its summary (a dict or a dataclass). A path whose
# module or function does not exist yet is skipped, so a context adds its step here when it
# ships its demo. This is the hook point for the exam engine (question banks of all three
# assessment kinds, assessments, attempts), then certificates and evaluation.
LATER_DEMO_STEPS: tuple[str, ...] = (
    "bangkom.planning.demo.seed_planning_demo",
    "bangkom.assessments.demo.seed_assessment_demo",
    "bangkom.live.demo.seed_live_demo",
    "bangkom.evaluation.demo.seed_evaluation_demo",
)


@dataclass(frozen=True)
class DemoWorldSummary:
    """What :func:`seed_demo_world` did, step by step (rows created, seconds taken)."""

    accounts: DemoSummary
    curriculum: dict[str, int]
    learning: dict[str, int]
    later: dict[str, object]  # step path → its summary
    timings: dict[str, float]  # step → seconds
    participants: int  # load-test enrolments asked for (``--participants``)

    @property
    def created_anything(self) -> bool:
        return (
            self.accounts.created_anything
            or any(self.curriculum.values())
            or any(self.learning.values())
        )


def seed_demo_world(
    *,
    employees: int = DEFAULT_EMPLOYEES,
    participants: int = 0,
    now: datetime,
    stdout: TextIO | None = None,
) -> DemoWorldSummary:
    """Create (or complete) the whole demo world in one transaction; idempotent.

    1. the accounts world (:func:`seed_demo`: institutions, registry, demo logins);
    2. the curriculum (programs, subjects, rules, facilitators, offerings, committees);
    3. learning (materials, assignments, announcements, enrolments, ``participants``
       load-test enrolments);
    4. ``LATER_DEMO_STEPS`` (planning, then whatever later contexts add).

    The later contexts are imported here, not at module level: accounts is the bottom of
    the dependency order (ARCHITECTURE.md) and only the orchestration reaches up.
    """
    from time import perf_counter

    from bangkom.curriculum.demo import seed_curriculum_demo
    from bangkom.learning.demo import seed_learning_demo

    if participants < 0:
        raise ValueError("participants must not be negative")
    timings: dict[str, float] = {}
    later: dict[str, object] = {}
    with transaction.atomic():
        started = perf_counter()
        accounts = seed_demo(employees=employees, now=now, stdout=stdout)
        timings["accounts"] = perf_counter() - started
        manager, facilitator = _demo_user(Role.PENGELOLA), _demo_user(Role.WIDYAISWARA)
        started = perf_counter()
        curriculum = seed_curriculum_demo(now=now, facilitator=facilitator, manager=manager)
        timings["curriculum"] = perf_counter() - started
        _say(stdout, f"Kurikulum: {_counted(curriculum)} ({timings['curriculum']:.1f} dtk).")
        started = perf_counter()
        learning = seed_learning_demo(now=now, participants=participants)
        timings["learning"] = perf_counter() - started
        _say(stdout, f"Pembelajaran: {_counted(learning)} ({timings['learning']:.1f} dtk).")
        for path in LATER_DEMO_STEPS:
            step = _optional_step(path)
            if step is None:
                continue
            started = perf_counter()
            later[path] = step(now=now)
            timings[path] = perf_counter() - started
            _say(stdout, f"{path}: {later[path]} ({timings[path]:.1f} dtk).")
    return DemoWorldSummary(
        accounts=accounts,
        curriculum=curriculum,
        learning=learning,
        later=later,
        timings=timings,
        participants=participants,
    )


def _demo_user(role: str) -> User:
    nip = next(account.nip for account in DEMO_ACCOUNTS if account.role == role)
    return User.objects.get(nip=nip)


def _optional_step(path: str) -> Callable[..., object] | None:
    """The step function at ``path``, or None while its context has not shipped it."""
    module_path, _dot, name = path.rpartition(".")
    try:
        module = importlib.import_module(module_path)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing and (module_path == missing or module_path.startswith(missing + ".")):
            return None  # the module itself is missing, not something it imports
        raise
    return getattr(module, name, None)


def _counted(created: dict[str, int]) -> str:
    return ", ".join(f"{key} +{value}" for key, value in created.items()) or "-"


def registry_is_empty() -> bool:
    """True when the registry has no employee (``seed-demo --if-empty`` seeds only then)."""
    return not Employee.objects.exists()


def missing_demo_accounts() -> list[DemoAccount]:
    """The demo accounts that have no user yet (``demo-logins`` warns about them)."""
    present = set(
        User.objects.filter(nip__in=[a.nip for a in DEMO_ACCOUNTS]).values_list("nip", flat=True)
    )
    return [account for account in DEMO_ACCOUNTS if account.nip not in present]


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")

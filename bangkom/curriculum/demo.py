"""The curriculum part of the demo world (DOMAIN.md D-3, D-4, S-1 R1, R11, R12; §5.2).

``seed_curriculum_demo`` builds, through this context's own domain functions, the five
programs of D-4 with their exact titles, JP, subjects and target competencies; the rules of
conduct (version 1); verified facilitators (the demo widyaiswara on every program, plus a few
widyaiswara from the registry); and for each SMART program a RUNNING offering (learning
started a few days ago) and a PUBLISHED upcoming one (enrolment open now), each with the
demo pengelola on the committee as Ketua panitia, Admin LMS and Host Zoom.

Idempotent by natural keys: program code, subject title within its program, competency
code, rules version present, offering code, committee task. What exists is left as it is
(a manager may have edited it); a second run creates nothing.

Every schedule instant is on a Monday–Thursday between 08.00 and 14.00 WIB, the nationwide
window that is inside 07.30–16.00 local time in all three zones (DOMAIN.md §5.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from bangkom.accounts.choices import InstitutionKind, Role
from bangkom.accounts.demo import DEMO_ACCOUNTS
from bangkom.accounts.models import Employee, Institution, User
from bangkom.accounts.roles import grant_role
from bangkom.curriculum.choices import LearningForm, OfferingStatus, ProgramType
from bangkom.curriculum.facilitators import (
    CertificationData,
    add_certification,
    facilitator_profile_for,
    update_facilitator_profile,
    verify_facilitator,
)
from bangkom.curriculum.models import CommitteeMember, Offering, Program
from bangkom.curriculum.offerings import (
    OfferingData,
    add_committee_member,
    change_offering_status,
    create_offering,
)
from bangkom.curriculum.programs import (
    ProgramData,
    SubjectData,
    add_subject,
    create_program,
    set_program_competency,
)
from bangkom.curriculum.rules_documents import publish_rules_version
from bangkom.planning.competencies import seed_standard_competencies
from bangkom.planning.models import Competency

SCHEDULE_ZONE = "Asia/Jakarta"  # BPSDM Kemendagri plans in WIB (DOMAIN.md D-1)
DAY_STARTS, DAY_ENDS = time(8, 0), time(14, 0)  # 08.00–14.00 WIB (DOMAIN.md §5.2)
LAST_WORKDAY_FOR_LIVE = 3  # Thursday: Fridays lose the prayer break in some zone
RUNNING_STARTED_DAYS_AGO = 3
RUNNING_ENROLMENT_OPEN_DAYS = 7  # late requests are still taken in the first week
UPCOMING_STARTS_IN_DAYS = 14
ENROLMENT_LEAD_DAYS = 14  # enrolment opens two weeks before learning starts
GENERATED_FACILITATORS = 3  # registry widyaiswara who get an account and the role
COMMITTEE_TASKS = ("Ketua panitia", "Admin LMS", "Host Zoom")
REGIONAL_KINDS = (InstitutionKind.PEMPROV, InstitutionKind.PEMKAB, InstitutionKind.PEMKOT)
PENUGASAN_PREFIX = "Penugasan"

# Audience of a program's offerings.
ALL_PNS = "all"  # no institution restriction, unlimited seats (seed R1)
REGIONAL = "regional"  # Pemprov, Pemkab and Pemkot in WIB, WITA and WIT


@dataclass(frozen=True)
class SubjectSpec:
    title: str
    jp: int
    objectives: str


@dataclass(frozen=True)
class ProgramSpec:
    code: str
    title: str
    program_type: str
    learning_form: str
    total_jp: int
    duration_days: int
    theme: str
    description: str
    competencies: tuple[tuple[str, int], ...]  # (competency code, target level)
    subjects: tuple[SubjectSpec, ...]
    audience: str | None  # None: no offering (classical DPRD orientation, members have no NIP)

    @property
    def is_smart(self) -> bool:
        return self.audience is not None

    @property
    def running_code(self) -> str:
        return f"{self.code}-A1"

    @property
    def upcoming_code(self) -> str:
        return f"{self.code}-A2"


_S = SubjectSpec
_NKL = LearningForm.NKL03  # SMART Training: online and nonklasikal, e-learning (§2.3)

DEMO_PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        code="SMART-SEKWAN",
        title="Pelatihan Pemantapan Tugas Sekretaris DPRD (Sekwan)",
        program_type=ProgramType.PEMERINTAHAN,
        learning_form=_NKL,
        total_jp=30,
        duration_days=10,
        theme="Pemerintahan daerah",
        description="Pemantapan tugas Sekretaris DPRD dan Kepala Bagian di Sekretariat DPRD "
        "dalam memfasilitasi fungsi pembentukan Perda, anggaran dan pengawasan DPRD.",
        # Level of the pemerintahan competency not given in D-4 [U]: 3.
        competencies=(("PM-05", 3), ("MJ-PK", 4), ("MJ-KOM", 4)),
        subjects=(
            _S(
                "Kedudukan, tugas dan fungsi Sekretariat DPRD",
                6,
                "Menjelaskan kedudukan Sekretariat DPRD sebagai perangkat daerah serta tugas "
                "dan fungsi Sekretaris DPRD.",
            ),
            _S(
                "Fasilitasi persidangan dan penyusunan produk hukum DPRD",
                6,
                "Memfasilitasi rapat dan persidangan DPRD serta penyusunan Perda, keputusan "
                "DPRD dan tata tertib.",
            ),
            _S(
                "Hak keuangan dan administratif pimpinan dan anggota DPRD",
                6,
                "Menatausahakan hak keuangan dan administratif pimpinan dan anggota DPRD "
                "sesuai peraturan perundang-undangan.",
            ),
            _S(
                "Perencanaan dan penganggaran Sekretariat DPRD",
                4,
                "Menyusun rencana kerja dan anggaran Sekretariat DPRD termasuk kegiatan reses "
                "dan pokok-pokok pikiran DPRD.",
            ),
            _S(
                "Etika, integritas dan kode etik DPRD",
                4,
                "Menerapkan kode etik DPRD dan menjaga integritas dalam pelayanan kepada "
                "pimpinan dan anggota DPRD.",
            ),
            _S(
                "Penugasan/studi kasus",
                4,
                "Menganalisis satu kasus nyata di Sekretariat DPRD dan menyusun rekomendasi "
                "penyelesaiannya.",
            ),
        ),
        audience=REGIONAL,
    ),
    ProgramSpec(
        code="SMART-SEKDA",
        title="Pelatihan Kepemimpinan Sekretaris Daerah (Sekda)",
        program_type=ProgramType.MANAJERIAL,
        learning_form=_NKL,
        total_jp=40,
        duration_days=20,
        theme="Kepemimpinan pemerintahan daerah",
        description="Penguatan kepemimpinan Sekretaris Daerah dan Asisten Sekda dalam "
        "mengoordinasikan perangkat daerah, perencanaan, manajemen ASN dan inovasi.",
        competencies=(("MJ-MP", 5), ("MJ-PK", 5), ("MJ-KS", 5)),
        subjects=(
            _S(
                "Peran Sekda dalam koordinasi perangkat daerah",
                8,
                "Mengoordinasikan perangkat daerah dalam penyusunan kebijakan dan pelaksanaan "
                "urusan pemerintahan daerah.",
            ),
            _S(
                "Perencanaan dan penganggaran daerah RKPD–APBD",
                8,
                "Memimpin siklus RKPD, KUA/PPAS hingga APBD sebagai Ketua TAPD.",
            ),
            _S(
                "Manajemen ASN daerah dan sistem merit",
                6,
                "Menerapkan sistem merit dan manajemen talenta ASN di pemerintah daerah.",
            ),
            _S(
                "Pengawasan dan akuntabilitas kinerja (SAKIP)",
                6,
                "Mengendalikan akuntabilitas kinerja instansi melalui SAKIP dan LKjIP.",
            ),
            _S(
                "Inovasi daerah dan transformasi digital",
                6,
                "Mendorong inovasi daerah dan transformasi digital layanan pemerintahan.",
            ),
            _S(
                "Penugasan: rencana aksi",
                6,
                "Menyusun rencana aksi perubahan yang terukur untuk pemerintah daerah sendiri.",
            ),
        ),
        audience=REGIONAL,
    ),
    ProgramSpec(
        code="SMART-SAHLI",
        title="Pelatihan Staf Ahli Kepala Daerah (Sahli KDH)",
        program_type=ProgramType.MANAJERIAL,
        learning_form=_NKL,
        total_jp=30,
        duration_days=10,
        theme="Analisis dan advokasi kebijakan",
        description="Penguatan peran Staf Ahli Gubernur/Bupati/Wali Kota dalam memberikan "
        "telaahan dan rekomendasi kebijakan kepada kepala daerah.",
        # Level of the technical competency not given in D-4 [U]: 4.
        competencies=(("MJ-OPH", 4), ("MJ-KOM", 4), ("TK-07", 4)),
        subjects=(
            _S(
                "Kedudukan dan peran Staf Ahli",
                4,
                "Menjelaskan kedudukan, tugas dan hubungan kerja Staf Ahli Kepala Daerah.",
            ),
            _S(
                "Analisis kebijakan publik",
                8,
                "Menerapkan siklus kebijakan publik dan menilai alternatif kebijakan dengan "
                "kriteria yang jelas.",
            ),
            _S(
                "Telaahan staf dan policy brief",
                8,
                "Menyusun telaahan staf dan policy brief yang ringkas dan berbasis bukti.",
            ),
            _S(
                "Komunikasi dan advokasi kebijakan",
                6,
                "Mengomunikasikan rekomendasi kebijakan dan risikonya kepada pemangku kepentingan.",
            ),
            _S(
                "Penugasan: policy brief",
                4,
                "Menulis satu policy brief atas isu strategis daerah masing-masing.",
            ),
        ),
        audience=REGIONAL,
    ),
    ProgramSpec(
        code="SMART-AKHLAK",
        title="Pelatihan Penguatan Nilai BerAKHLAK dan Perekat Bangsa bagi PNS Kemendagri",
        program_type=ProgramType.SOSIAL_KULTURAL,
        learning_form=_NKL,
        total_jp=20,  # exactly the annual minimum (PP 17/2020 Pasal 203)
        duration_days=10,
        theme="Nilai dasar ASN",
        description="Penguatan core values ASN BerAKHLAK dan kompetensi sosial kultural "
        "Perekat Bangsa; terbuka bagi seluruh PNS tanpa batas kuota.",
        competencies=(("SK-PB", 3), ("MJ-INT", 3), ("MJ-PP", 3)),
        subjects=(
            _S(
                "Core values ASN BerAKHLAK",
                4,
                "Menerapkan tujuh nilai BerAKHLAK: Berorientasi Pelayanan, Akuntabel, "
                "Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif.",
            ),
            _S(
                "Wawasan kebangsaan dan empat konsensus (Pancasila, UUD 1945, NKRI, "
                "Bhinneka Tunggal Ika)",
                4,
                "Menjelaskan empat konsensus dasar berbangsa dan bernegara serta "
                "penerapannya dalam tugas ASN.",
            ),
            _S(
                "Kepekaan terhadap keberagaman dan empati",
                4,
                "Bersikap peka dan empatik terhadap keberagaman di tempat kerja dan masyarakat.",
            ),
            _S(
                "Pelayanan publik",
                4,
                "Memberikan pelayanan publik prima sesuai standar pelayanan.",
            ),
            _S(
                "Integritas dan anti-korupsi",
                4,
                "Mengenali gratifikasi dan konflik kepentingan serta menolaknya.",
            ),
        ),
        audience=ALL_PNS,
    ),
    ProgramSpec(
        code="KL-ORIENTASI-DPRD",
        title="Orientasi Anggota DPRD Provinsi/Kabupaten/Kota",
        program_type=ProgramType.PEMERINTAHAN,
        # Classical (D-4 item 5); no PerLAN code fits an orientation, so "other klasikal".
        learning_form=LearningForm.KL12,
        total_jp=32,  # [U] D-4 suggests 32 JP over 4 days
        duration_days=4,
        theme="Orientasi DPRD (Permendagri 6/2024)",
        description="Orientasi klasikal bagi anggota DPRD (bukan ASN, diidentifikasi dengan "
        "NIK) sekali per masa jabatan; kehadiran minimal 90 %. Dipakai untuk perbandingan "
        "biaya pelatihan konvensional.",
        # Not listed in D-4 [U]: the orientation's goals (§10.3) at the basic level.
        competencies=(("PM-05", 2), ("PM-06", 2)),
        subjects=(
            _S(
                "Sistem pemerintahan NKRI dan pemerintahan daerah",
                8,
                "Menjelaskan pembagian urusan pemerintahan absolut, konkuren dan umum "
                "(UU 23/2014).",
            ),
            _S(
                "Fungsi, tugas dan wewenang DPRD (pembentukan Perda, anggaran, pengawasan)",
                8,
                "Menjalankan fungsi pembentukan Perda, anggaran dan pengawasan DPRD.",
            ),
            _S(
                "Wawasan kebangsaan",
                8,
                "Memahami Pancasila, UUD 1945, NKRI dan Bhinneka Tunggal Ika.",
            ),
            _S(
                "Kode etik dan tata tertib DPRD",
                8,
                "Menaati kode etik dan tata tertib DPRD.",
            ),
        ),
        audience=None,
    ),
)
DEMO_PROGRAMS_BY_CODE: dict[str, ProgramSpec] = {spec.code: spec for spec in DEMO_PROGRAMS}
SMART_PROGRAMS: tuple[ProgramSpec, ...] = tuple(spec for spec in DEMO_PROGRAMS if spec.is_smart)
RUNNING_OFFERING_CODES: tuple[str, ...] = tuple(spec.running_code for spec in SMART_PROGRAMS)
UPCOMING_OFFERING_CODES: tuple[str, ...] = tuple(spec.upcoming_code for spec in SMART_PROGRAMS)

RULES_TITLE = "Ketentuan Peserta SMART Training"
RULES_MARKDOWN = """\
Dengan mendaftar dan mengikuti pelatihan ini, peserta menyetujui ketentuan berikut.

## 1. Integritas
- Peserta mengikuti pelatihan dengan jujur dan bertanggung jawab, sesuai nilai dasar ASN
  BerAKHLAK.
- Akun Bangkom bersifat pribadi: dilarang meminjamkan akun atau meminta orang lain belajar,
  mengerjakan tugas atau ujian atas nama peserta.

## 2. Karya sendiri
- Setiap penugasan dikerjakan sendiri. Kutipan dari sumber lain wajib menyebutkan sumbernya.
- Jawaban yang terbukti menjiplak dikembalikan dan dinilai nol.

## 3. Kehadiran dan keaktifan
- Peserta melakukan absen harian di ruang belajar selama masa belajar.
- Peserta menonton video orientasi, mempelajari seluruh materi (video minimal 30 menit per
  mata pelatihan, modul dan salindia) dan aktif dalam forum diskusi.
- Sesi penjelasan melalui Zoom serta coaching dan mentoring bersifat tentatif; jadwalnya
  diumumkan di ruang belajar dalam waktu WIB, WITA dan WIT.

## 4. Ujian
- Uji awal (pre-assessment) hanya satu kali tanpa remedial; nilai minimal 85 membebaskan
  peserta dari pelatihan melalui rekognisi pembelajaran lampau.
- Ujian setiap mata pelatihan: nilai lulus 70, paling banyak 5 kali percobaan.
- Uji kompetensi akhir melalui CAT hanya dapat diikuti setelah semua penugasan diterima dan
  semua ujian mata pelatihan lulus; paling banyak 3 kali percobaan.
- Selama ujian dilarang bekerja sama, membuka bahan yang tidak diizinkan, atau menyebarkan
  soal.

## 5. Sanksi
Pelanggaran dicatat oleh panitia dan dikenai sanksi sesuai beratnya:
1. teguran tertulis;
2. pembatalan nilai tugas atau ujian yang bersangkutan;
3. dikeluarkan dari pelatihan dan dilaporkan kepada pimpinan instansi.

Pertanyaan tentang ketentuan ini dapat disampaikan kepada panitia melalui forum diskusi.
"""

# Profiles of the facilitators; the demo widyaiswara first, then the registry ones in turn.
_PROFILES: tuple[dict[str, str], ...] = (
    {
        "academic_title": "Dr., M.Si.",
        "education": "S3 Ilmu Pemerintahan, Institut Pemerintahan Dalam Negeri",
        "work_experience": "Widyaiswara Ahli Madya sejak 2012; narasumber pelatihan "
        "kepemimpinan dan pemerintahan daerah di BPSDM Kemendagri.",
        "expertise": "Pemerintahan daerah, hubungan kepala daerah dan DPRD, kebijakan publik",
        "contact_phone": "0812-1000-0303",
    },
    {
        "academic_title": "M.Si.",
        "education": "S2 Administrasi Publik, Universitas Padjadjaran",
        "work_experience": "Widyaiswara di BPSDM Provinsi; pengampu manajemen ASN dan SAKIP.",
        "expertise": "Manajemen ASN, akuntabilitas kinerja",
        "contact_phone": "",
    },
    {
        "academic_title": "M.A.P.",
        "education": "S2 Administrasi Publik, Universitas Hasanuddin",
        "work_experience": "Widyaiswara; pengampu analisis kebijakan dan policy brief.",
        "expertise": "Analisis kebijakan, komunikasi kebijakan",
        "contact_phone": "",
    },
    {
        "academic_title": "M.Pd.",
        "education": "S2 Pendidikan, Universitas Negeri Makassar",
        "work_experience": "Widyaiswara; pengampu wawasan kebangsaan dan nilai dasar ASN.",
        "expertise": "Wawasan kebangsaan, BerAKHLAK, pelayanan publik",
        "contact_phone": "",
    },
)


# --- schedule (pure) -----------------------------------------------------------------------


def _mon_thu_on_or_before(day: date) -> date:
    while day.weekday() > LAST_WORKDAY_FOR_LIVE:
        day -= timedelta(days=1)
    return day


def _mon_thu_on_or_after(day: date) -> date:
    while day.weekday() > LAST_WORKDAY_FOR_LIVE:
        day += timedelta(days=1)
    return day


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(SCHEDULE_ZONE))


@dataclass(frozen=True)
class Schedule:
    enrollment_opens_at: datetime
    enrollment_closes_at: datetime
    starts_at: datetime
    ends_at: datetime


def running_schedule(*, now: datetime, duration_days: int) -> Schedule:
    """Learning started a few days ago and lasts the program's duration (seed R12)."""
    today = now.astimezone(ZoneInfo(SCHEDULE_ZONE)).date()
    start = _mon_thu_on_or_before(today - timedelta(days=RUNNING_STARTED_DAYS_AGO))
    end = _mon_thu_on_or_after(start + timedelta(days=duration_days))
    opens = _mon_thu_on_or_before(start - timedelta(days=ENROLMENT_LEAD_DAYS))
    closes = _mon_thu_on_or_after(start + timedelta(days=RUNNING_ENROLMENT_OPEN_DAYS))
    ends_at = _at(end, DAY_ENDS)
    return Schedule(
        enrollment_opens_at=_at(opens, DAY_STARTS),
        enrollment_closes_at=min(_at(closes, DAY_ENDS), ends_at),
        starts_at=_at(start, DAY_STARTS),
        ends_at=ends_at,
    )


def upcoming_schedule(*, now: datetime, duration_days: int) -> Schedule:
    """Enrolment open now; learning starts in about two weeks."""
    today = now.astimezone(ZoneInfo(SCHEDULE_ZONE)).date()
    start = _mon_thu_on_or_after(today + timedelta(days=UPCOMING_STARTS_IN_DAYS))
    end = _mon_thu_on_or_after(start + timedelta(days=duration_days))
    opens = _mon_thu_on_or_before(today - timedelta(days=2))
    closes = _mon_thu_on_or_before(start - timedelta(days=3))
    return Schedule(
        enrollment_opens_at=_at(opens, DAY_STARTS),
        enrollment_closes_at=_at(closes, DAY_ENDS),
        starts_at=_at(start, DAY_STARTS),
        ends_at=_at(end, DAY_ENDS),
    )


# --- the seed --------------------------------------------------------------------------------


def seed_curriculum_demo(*, now: datetime, facilitator: User, manager: User) -> dict[str, int]:
    """Create (or complete) the curriculum demo in one transaction; idempotent.

    ``facilitator`` is the demo widyaiswara (facilitates at least one subject of every
    program), ``manager`` the demo pengelola (author, verifier, committee of every offering).
    Returns how many rows of each kind were created.
    """
    with transaction.atomic():
        created = {"competencies": seed_standard_competencies()}
        facilitators = [facilitator, *registry_facilitators(now=now)]
        created["facilitators_verified"] = sum(
            _verified_profile(user, _PROFILES[i % len(_PROFILES)], manager=manager, now=now)
            for i, user in enumerate(facilitators)
        )
        regional = tuple(Institution.objects.filter(kind__in=REGIONAL_KINDS).order_by("code"))
        for key in ("programs", "subjects", "rules", "offerings", "committee"):
            created.setdefault(key, 0)
        for index, spec in enumerate(DEMO_PROGRAMS):
            program, program_created = _program(spec, by=manager)
            created["programs"] += program_created
            _target_competencies(program, spec)
            created["subjects"] += _subjects(program, spec, facilitators, shift=index)
            created["rules"] += _rules(program, by=manager, now=now)
            if spec.is_smart:
                institutions = regional if spec.audience == REGIONAL else ()
                for running in (True, False):
                    offering, made = _offering(
                        program,
                        spec,
                        running=running,
                        institutions=institutions,
                        by=manager,
                        now=now,
                    )
                    created["offerings"] += made
                    created["committee"] += _committee(offering, manager=manager)
    return created


def registry_facilitators(*, now: datetime, count: int = GENERATED_FACILITATORS) -> list[User]:
    """Widyaiswara of the registry given an account (no usable password) and the role.

    Deterministic: the first ``count`` active registry employees holding a widyaiswara
    position, by NIP; fewer when a small registry has fewer.
    """
    reserved = [account.nip for account in DEMO_ACCOUNTS]
    employees = (
        Employee.objects.filter(is_active=True, position_name__startswith="Widyaiswara")
        .exclude(nip__in=reserved)
        .select_related("user")
        .order_by("nip")[:count]
    )
    users = []
    for employee in employees:
        user = getattr(employee, "user", None)
        if user is None:
            user = User.objects.create_user(
                employee.nip, None, name=employee.name, employee=employee, date_joined=now
            )
        grant_role(user, role=Role.WIDYAISWARA)
        users.append(user)
    return users


def _verified_profile(user: User, fields: dict[str, str], *, manager: User, now: datetime) -> int:
    """Fill, certify and verify a facilitator's profile once; 1 if it was verified now."""
    profile = facilitator_profile_for(user)
    if profile.is_verified:
        return 0
    changes = {name: value for name, value in fields.items() if not getattr(profile, name)}
    changes.setdefault("contact_email", profile.contact_email or user.email)
    update_facilitator_profile(profile, changes=changes)
    if not profile.certifications.exists():
        issued = now.date() - timedelta(days=3 * 365)
        add_certification(
            profile,
            CertificationData(
                name="Sertifikat Kompetensi Widyaiswara",
                issuer="Lembaga Administrasi Negara",
                number=f"LAN/WI/{issued.year}/{user.nip[-6:]}",
                issued_on=issued,
                expires_on=issued + timedelta(days=5 * 365),
            ),
            evidence=None,
        )
    verify_facilitator(profile, by=manager, now=now)
    return 1


def _program(spec: ProgramSpec, *, by: User) -> tuple[Program, bool]:
    program = Program.objects.filter(code=spec.code).first()
    if program is not None:
        return program, False
    data = ProgramData(
        code=spec.code,
        title=spec.title,
        program_type=spec.program_type,
        total_jp=Decimal(spec.total_jp),
        learning_form=spec.learning_form,
        description=spec.description,
        theme=spec.theme,
    )
    return create_program(data, by=by), True


def _target_competencies(program: Program, spec: ProgramSpec) -> None:
    present = set(program.competencies.values_list("competency__code", flat=True))
    by_code = Competency.objects.in_bulk(
        [code for code, _level in spec.competencies], field_name="code"
    )
    for code, level in spec.competencies:
        if code not in present and code in by_code:
            set_program_competency(program, competency=by_code[code], target_level=level)


def _subjects(program: Program, spec: ProgramSpec, facilitators: list[User], *, shift: int) -> int:
    """Add the missing subjects; the demo widyaiswara takes the first, every other one and
    the assignment subject, the registry widyaiswara the rest (so every subject has a
    verified facilitator)."""
    present = set(program.subjects.values_list("title", flat=True))
    demo, others = facilitators[0], facilitators[1:]
    created = 0
    last = len(spec.subjects) - 1
    for index, subject in enumerate(spec.subjects):
        if subject.title in present:
            continue
        if index % 2 == 0 or index == last or not others:
            chosen: tuple[User, ...] = (demo,)
        else:
            chosen = (others[(shift + index) % len(others)],)
        data = SubjectData(
            title=subject.title,
            jp=Decimal(subject.jp),
            objectives=subject.objectives,
            facilitators=chosen,
        )
        add_subject(program, data)
        created += 1
    return created


def _rules(program: Program, *, by: User, now: datetime) -> int:
    if program.rules_versions.exists():
        return 0
    publish_rules_version(program, title=RULES_TITLE, body_markdown=RULES_MARKDOWN, by=by, now=now)
    return 1


def _offering(
    program: Program,
    spec: ProgramSpec,
    *,
    running: bool,
    institutions: tuple[Institution, ...],
    by: User,
    now: datetime,
) -> tuple[Offering, int]:
    code = spec.running_code if running else spec.upcoming_code
    offering = Offering.objects.filter(code=code).first()
    if offering is not None:
        return offering, 0
    make = running_schedule if running else upcoming_schedule
    schedule = make(now=now, duration_days=spec.duration_days)
    data = OfferingData(
        code=code,
        name="Angkatan I" if running else "Angkatan II",
        enrollment_opens_at=schedule.enrollment_opens_at,
        enrollment_closes_at=schedule.enrollment_closes_at,
        starts_at=schedule.starts_at,
        ends_at=schedule.ends_at,
        time_zone=SCHEDULE_ZONE,
        eligible_institutions=institutions,
    )
    offering = create_offering(program, data, by=by)
    change_offering_status(offering, to=OfferingStatus.PUBLISHED, by=by, now=now)
    if running:
        change_offering_status(offering, to=OfferingStatus.RUNNING, by=by, now=now)
    return offering, 1


def _committee(offering: Offering, *, manager: User) -> int:
    held = set(
        CommitteeMember.objects.filter(offering=offering, user=manager).values_list(
            "task", flat=True
        )
    )
    created = 0
    for task in COMMITTEE_TASKS:
        if task not in held:
            add_committee_member(offering, user=manager, task=task, by=manager)
            created += 1
    return created

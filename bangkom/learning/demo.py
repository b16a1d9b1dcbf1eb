"""The learning part of the demo world (DOMAIN.md S-1 R1, R2, R9, R11; Gambar 2 steps 1–5).

``seed_learning_demo`` runs after the curriculum demo and fills its programs and offerings:

- per subject a learning video of 31 minutes (seed R9: at least 30), a module PDF and a
  slide deck PDF; per program an orientation video; some modules published to the knowledge
  library, plus two library-only documents. The two videos are generated once per media
  store (``common.media_samples``) and every video material points at the same stored file,
  so a seed stays fast and small;
- per running offering an assignment for every subject (due inside the learning window), a
  welcome announcement, and a forum thread answered by the subject's facilitator;
- the demo participant "enrolled" in the running BerAKHLAK offering, rules acknowledged,
  with some progress; the demo participant "not enrolled" has no enrolment at all;
- a sample of registry employees of the demo institutions with accounts (no usable
  password, peserta role) and enrolments in every state: pending, enrolled at several
  stages, rejected with a reason by the demo pimpinan (their own institution) or the
  pengelola; graded and returned submissions;
- ``participants=M``: M load-test enrolments (the first M of a fixed sequence of
  (employee, running offering) pairs), written with ``bulk_create`` in batches.

Everything but the load-test rows goes through the learning context's domain functions.
Idempotent: rows are keyed by natural keys (material title per subject, assignment per
offering and subject, announcement and thread titles, one enrolment per offering and
person), and a scenario is played only for an enrolment created in this run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from secrets import token_hex
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from bangkom.accounts.choices import Role
from bangkom.accounts.demo import DEMO_ACCOUNTS, HOME_INSTITUTION_CODE
from bangkom.accounts.models import Employee, Institution, RoleAssignment, User
from bangkom.accounts.roles import grant_role
from bangkom.common.media_samples import sample_pdf, sample_video
from bangkom.common.timezones import DEFAULT_ZONE, to_local
from bangkom.curriculum.demo import (
    DEMO_PROGRAMS,
    REGIONAL,
    REGIONAL_KINDS,
    RUNNING_OFFERING_CODES,
    SCHEDULE_ZONE,
)
from bangkom.curriculum.models import Offering, Program, Subject
from bangkom.learning import attendance
from bangkom.learning.announcements import post_announcement
from bangkom.learning.assignments import create_assignment, grade_submission, submit_assignment
from bangkom.learning.choices import (
    AttendanceSource,
    EnrollmentSource,
    EnrollmentStatus,
    MaterialKind,
)
from bangkom.learning.eligibility import is_window_open
from bangkom.learning.enrollment import decide_enrollment, enroll_by_manager, request_enrollment
from bangkom.learning.forum import reply, start_thread
from bangkom.learning.materials import MaterialData, add_library_material, add_subject_material
from bangkom.learning.models import (
    Assignment,
    AttendanceRecord,
    Enrollment,
    Material,
    MaterialProgress,
    RulesAcknowledgement,
)
from bangkom.learning.progress import current_rules
from bangkom.learning.study import acknowledge_rules, mark_material_opened, record_video_progress

DEMO_SEED = 20261129  # fixed: the same sample on every machine
LESSON_VIDEO_SECONDS = 31 * 60  # seed R9: ≥ 30 minutes per subject
ORIENTATION_VIDEO_SECONDS = 3 * 60
LESSON_VIDEO_NAME = f"materials/demo/video-pembelajaran-{LESSON_VIDEO_SECONDS}s.mp4"
ORIENTATION_VIDEO_NAME = f"materials/demo/video-orientasi-{ORIENTATION_VIDEO_SECONDS}s.mp4"
MODULE_PAGES, SLIDE_PAGES = 4, 3
BERAKHLAK_CODE = "SMART-AKHLAK"
ENROLLED_NIP = "199105052016041005"  # API.md: the demo participant enrolled in a program
NOT_ENROLLED_NIP = "199004042015032004"  # API.md: the demo participant not enrolled anywhere
DUE_CLOCK = time(14, 0)  # assignments fall due at 14.00 WIB, inside 08.00–14.00 WIB
LOAD_BATCH_SIZE = 1000  # pairs written per round: users, roles, enrolments, progress
# Roles whose holders are staff, not sample participants.
STAFF_ROLES = (Role.ADMIN, Role.PENGELOLA, Role.WIDYAISWARA, Role.PIMPINAN, Role.COACH)
# Positions the regional programs are for (D-4 targets); filled first, then any staff.
TARGET_POSITIONS: dict[str, tuple[str, ...]] = {
    "SMART-SEKWAN": ("Sekretaris DPRD", "Kepala Bagian Persidangan"),
    "SMART-SEKDA": ("Sekretaris Daerah",),
    "SMART-SAHLI": ("Staf Ahli",),
    BERAKHLAK_CODE: (),
}
REJECTION_REASONS = (
    "Kuota instansi untuk angkatan ini sudah terpenuhi; silakan mendaftar pada angkatan "
    "berikutnya.",
    "Pegawai sedang menjalani tugas belajar pada periode pelatihan ini.",
)


@dataclass(frozen=True)
class Scenario:
    """What one sample participant has done: ``level`` 0 nothing … 5 well advanced."""

    status: str
    level: int = 0
    graded: bool = True  # level ≥ 4: the first assignment is graded (else it waits)


_E, _P, _R = EnrollmentStatus.ENROLLED, EnrollmentStatus.PENDING, EnrollmentStatus.REJECTED
# One offering's sample, in the order candidates are drawn (the first fits the target best).
SAMPLE_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(_E, 5),
    Scenario(_E, 4),
    Scenario(_E, 4, graded=False),
    Scenario(_E, 3),
    Scenario(_E, 3),
    Scenario(_E, 2),
    Scenario(_E, 1),
    Scenario(_E, 0),
    Scenario(_P),
    Scenario(_P),
    Scenario(_R),
    Scenario(_R),
)
HOME_SHARE_OF_BERAKHLAK = 6  # BerAKHLAK sample members from the pimpinan's own institution


# --- media -------------------------------------------------------------------------------


def stored_sample_video(name: str, seconds: int) -> str:
    """Store a generated sample video under ``name`` once; return the stored name.

    A file already there is reused (the seed's cache), so only the first run encodes.
    """
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(sample_video(seconds)))


def _pdf_upload(title: str, *, slides: bool = False) -> SimpleUploadedFile:
    pages = SLIDE_PAGES if slides else MODULE_PAGES
    data = sample_pdf(title, pages, slides=slides)
    return SimpleUploadedFile("salindia.pdf" if slides else "modul.pdf", data, "application/pdf")


def seed_materials(*, by: User) -> int:
    """Give every demo subject its video, module and slides, every program its orientation.

    Returns how many materials were created.
    """
    lesson = stored_sample_video(LESSON_VIDEO_NAME, LESSON_VIDEO_SECONDS)
    orientation = stored_sample_video(ORIENTATION_VIDEO_NAME, ORIENTATION_VIDEO_SECONDS)
    programs = Program.objects.filter(code__in=[spec.code for spec in DEMO_PROGRAMS])
    created = 0
    for program in programs.order_by("code"):
        created += _orientation_video(program, orientation, by=by)
        subjects = list(program.subjects.order_by("order"))
        titles = set(
            Material.objects.filter(subject__in=subjects).values_list("subject_id", "title")
        )
        for subject in subjects:
            in_library = subject.order == 1 or program.code == BERAKHLAK_CODE
            created += _subject_materials(subject, titles, lesson, in_library=in_library, by=by)
    return created


def _orientation_video(program: Program, stored_name: str, *, by: User) -> int:
    if Material.objects.filter(program=program, is_orientation=True).exists():
        return 0
    Material.objects.create(
        program=program,
        is_orientation=True,
        kind=MaterialKind.VIDEO,
        title=f"Video orientasi {program.title}",
        description="Penjelasan alur SMART Training: ketentuan, jadwal, materi, penugasan, "
        "ujian dan sertifikat (Gambar 2 langkah 1).",
        file=stored_name,
        original_filename="video-orientasi.mp4",
        duration_seconds=ORIENTATION_VIDEO_SECONDS,
        created_by=by,
    )
    return 1


def _subject_materials(
    subject: Subject, titles: set[tuple[int, str]], lesson: str, *, in_library: bool, by: User
) -> int:
    created = 0
    video_title = f"Video pembelajaran: {subject.title}"
    if (subject.pk, video_title) not in titles:
        # Shares one stored file with every demo video (see the module docstring).
        Material.objects.create(
            program=subject.program,
            subject=subject,
            kind=MaterialKind.VIDEO,
            title=video_title,
            description="Video pembelajaran mandiri (31 menit).",
            tags="video, smart training",
            file=lesson,
            original_filename="video-pembelajaran.mp4",
            duration_seconds=LESSON_VIDEO_SECONDS,
            order=1,
            created_by=by,
        )
        created += 1
    documents = (
        (MaterialKind.MODULE, f"Modul {subject.title}", 2, in_library, False),
        (MaterialKind.SLIDES, f"Salindia {subject.title}", 3, False, True),
    )
    for kind, title, order, library, slides in documents:
        if (subject.pk, title) in titles:
            continue
        data = MaterialData(
            kind=kind,
            title=title,
            description="Bahan ajar contoh untuk data demo.",
            tags=f"{subject.program.theme}, modul" if kind == MaterialKind.MODULE else "salindia",
            order=order,
            in_library=library,
            upload=_pdf_upload(title, slides=slides),
        )
        add_subject_material(subject, data=data, by=by)
        created += 1
    return created


LIBRARY_ONLY = (
    (
        "Ringkasan UU 23/2014 tentang Pemerintahan Daerah",
        "Pembagian urusan pemerintahan absolut, konkuren dan umum; kedudukan DPRD.",
        "pemerintahan daerah, uu 23/2014, urusan pemerintahan",
    ),
    (
        "Pedoman Belajar Mandiri 70:20:10 bagi ASN",
        "Cara menggabungkan belajar mandiri, belajar dari rekan dan pengalaman kerja.",
        "belajar mandiri, 70:20:10, pengembangan kompetensi",
    ),
)


def seed_library(*, by: User) -> int:
    """Publish the two library-only documents (no program, no subject) when missing."""
    existing = set(
        Material.objects.filter(program__isnull=True, subject__isnull=True).values_list(
            "title", flat=True
        )
    )
    created = 0
    for title, description, tags in LIBRARY_ONLY:
        if title in existing:
            continue
        data = MaterialData(
            kind=MaterialKind.READING,
            title=title,
            description=description,
            tags=tags,
            upload=_pdf_upload(title),
        )
        add_library_material(data, by=by)
        created += 1
    return created


# --- per running offering ------------------------------------------------------------------


def _running_offerings() -> list[Offering]:
    return list(
        Offering.objects.filter(code__in=RUNNING_OFFERING_CODES)
        .select_related("program")
        .order_by("code")
    )


def _first_facilitator(subject: Subject, fallback: User) -> User:
    return subject.facilitators.order_by("pk").first() or fallback


def _due_dates(offering: Offering, count: int, *, now: datetime) -> list[datetime]:
    """``count`` due dates at 14.00 WIB spread from tomorrow to the last learning day."""
    zone = ZoneInfo(SCHEDULE_ZONE)
    first = now.astimezone(zone).date() + timedelta(days=1)
    last = offering.ends_at.astimezone(zone).date()
    span = max((last - first).days, 0)
    days = [first + timedelta(days=span * (i + 1) // count) for i in range(count)]
    return [min(datetime.combine(day, DUE_CLOCK, tzinfo=zone), offering.ends_at) for day in days]


def seed_assignments(offerings: Sequence[Offering], *, manager: User, now: datetime) -> int:
    """One assignment per subject of every running offering, due inside its window."""
    created = 0
    for offering in offerings:
        if now >= offering.ends_at:
            continue  # learning is over: a due date inside the window would be in the past
        subjects = list(offering.program.subjects.order_by("order"))
        present = set(offering.assignments.values_list("subject_id", flat=True))
        for subject, due_at in zip(
            subjects, _due_dates(offering, len(subjects), now=now), strict=True
        ):
            if subject.pk in present or due_at <= now:
                continue
            case = subject.title.startswith("Penugasan")
            create_assignment(
                offering,
                subject,
                title=f"{subject.title}: laporan" if case else f"Latihan: {subject.title}",
                instructions_markdown=_assignment_instructions(subject, case=case),
                rubric="Ketepatan analisis 40 %, kelengkapan data 30 %, kejelasan rekomendasi "
                "30 %.",
                due_at=due_at,
                allowed_file_types=["pdf", "docx"],
                allows_text=True,
                max_file_mb=10,
                max_score=Decimal(100),
                by=_first_facilitator(subject, manager),
                now=now,
            )
            created += 1
    return created


def _assignment_instructions(subject: Subject, *, case: bool) -> str:
    if case:
        return (
            "Pilih satu permasalahan nyata di instansi Anda yang berkaitan dengan pelatihan "
            "ini.\n\n1. Uraikan latar belakang dan data pendukung.\n2. Analisis penyebabnya.\n"
            "3. Susun rekomendasi dan rencana tindak lanjut yang terukur.\n\nUnggah dalam "
            "format PDF atau DOCX, paling banyak 10 halaman."
        )
    return (
        f"Setelah mempelajari materi **{subject.title}**, tuliskan dalam 300–500 kata "
        "bagaimana materi ini diterapkan di unit kerja Anda, satu hambatan yang Anda temui, "
        "dan satu usulan perbaikan."
    )


def seed_announcements(offerings: Sequence[Offering], *, by: User, now: datetime) -> int:
    """A welcome announcement on every running offering (one per offering, by title)."""
    created = 0
    for offering in offerings:
        title = f"Selamat datang di {offering.program.title}"
        if offering.announcements.filter(title=title).exists():
            continue
        body = (
            "Selamat datang, peserta SMART Training.\n\n"
            "1. Tonton video orientasi dan setujui ketentuan peserta.\n"
            "2. Pelajari video, modul dan salindia setiap mata pelatihan; lakukan absen harian.\n"
            "3. Kerjakan penugasan sebelum batas waktunya.\n\n"
            "Sesi penjelasan melalui Zoom (tentatif): setiap Selasa pukul 09.00 WIB / "
            "10.00 WITA / 11.00 WIT. Tautan dan host diumumkan di ruang belajar."
        )
        post_announcement(offering, title=title, body_markdown=body, by=by, now=now)
        created += 1
    return created


# --- enrolments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _People:
    manager: User
    pimpinan: User | None
    enrolled: User | None


def _user_by_nip(nip: str) -> User | None:
    return User.objects.filter(nip=nip).select_related("employee__institution").first()


def _demo_people() -> _People | None:
    by_role = {account.role: account.nip for account in DEMO_ACCOUNTS}
    manager = _user_by_nip(by_role[Role.PENGELOLA])
    if manager is None:
        return None
    return _People(
        manager=manager,
        pimpinan=_user_by_nip(by_role[Role.PIMPINAN]),
        enrolled=_user_by_nip(ENROLLED_NIP),
    )


class _Content:
    """A running offering's program content, read once: orientation, materials, assignments."""

    def __init__(self, offering: Offering) -> None:
        self.offering = offering
        program = offering.program
        self.orientation = Material.objects.filter(program=program, is_orientation=True).first()
        self.subjects = list(program.subjects.order_by("order"))
        self.materials = list(
            Material.objects.filter(subject__program=program)
            .exclude(kind=MaterialKind.LINK)
            .order_by("subject__order", "order", "pk")
        )
        self.assignments = {a.subject_id: a for a in Assignment.objects.filter(offering=offering)}

    def assignment(self, index: int) -> Assignment | None:
        if not self.subjects:
            return None
        return self.assignments.get(self.subjects[index].pk)


def _ensure_participant(employee: Employee, *, now: datetime) -> User:
    user = getattr(employee, "user", None)
    if user is None:
        user = User.objects.create_user(
            employee.nip,
            None,  # no usable password: they would sign up or reset like anyone (demo only)
            name=employee.name,
            email=employee.email,
            employee=employee,
            date_joined=now,
        )
    grant_role(user, role=Role.PESERTA)
    return user


def seed_enrolled_participant(people: _People, offering: Offering | None, *, now: datetime) -> int:
    """Enrol the API.md "enrolled" demo participant with rules acknowledged and progress."""
    user = people.enrolled
    if user is None or offering is None:
        return 0
    if Enrollment.objects.filter(offering=offering, participant=user).exists():
        return 0
    enrollment = _enrol(user, offering, people=people, approve=True, now=now)
    if enrollment is None or enrollment.status != EnrollmentStatus.ENROLLED:
        return 0
    content = _Content(offering)
    acknowledge_rules(enrollment, now=now)
    if content.orientation is not None:
        _watch(enrollment, content.orientation, share=1.0, now=now)
    videos = [m for m in content.materials if m.kind == MaterialKind.VIDEO]
    documents = [m for m in content.materials if m.kind == MaterialKind.MODULE]
    if videos:
        _watch(enrollment, videos[0], share=0.35, now=now)  # partly watched, resumes there
    if documents:
        mark_material_opened(enrollment, documents[0], now=now)
    attendance.check_in(enrollment, now=now)
    return 1


def _enrol(
    user: User,
    offering: Offering,
    *,
    people: _People,
    approve: bool | None,
    now: datetime,
    reason: str = "",
) -> Enrollment | None:
    """Request (and decide) like a participant would; a manager enrols once it is closed.

    ``approve`` None leaves the request pending. The pimpinan decides for their own
    institution's staff, the pengelola for everyone else.
    """
    if not is_window_open(offering, now=now):
        if not approve:
            return None  # a request can no longer be made; only a manager enrols now
        enrollment, _created = enroll_by_manager(user, offering, by=people.manager, now=now)
        return enrollment
    enrollment, _created = request_enrollment(
        user, offering, now=now, motivation="Diperlukan untuk tugas jabatan saat ini."
    )
    if approve is None or enrollment.status != EnrollmentStatus.PENDING:
        return enrollment
    decider = people.manager
    institution = user.employee.institution if user.employee_id else None
    if people.pimpinan is not None and institution and institution.code == HOME_INSTITUTION_CODE:
        decider = people.pimpinan
    return decide_enrollment(enrollment, approve=approve, reason=reason, by=decider, now=now)


def _watch(enrollment: Enrollment, video: Material, *, share: float, now: datetime) -> None:
    seconds = round((video.duration_seconds or 0) * share)
    if seconds > 0:
        record_video_progress(
            enrollment, video, intervals=[[0, seconds]], position=seconds, now=now
        )


def _candidates(offering: Offering, *, home_first: int) -> list[Employee]:
    """Registry employees who may join ``offering``, best fits first, deterministically."""
    code = offering.program.code
    employees = (
        Employee.objects.filter(is_active=True)
        .exclude(nip__in=[account.nip for account in DEMO_ACCOUNTS])
        .exclude(user__role_assignments__role__in=STAFF_ROLES)
        .select_related("institution", "user")
        .order_by("nip")
    )
    spec = next(spec for spec in DEMO_PROGRAMS if spec.code == code)
    if spec.audience == REGIONAL:
        employees = employees.filter(institution__kind__in=REGIONAL_KINDS)
    pool = list(employees[:2000])  # a sample needs a dozen; this bounds the work on 100k
    targets = TARGET_POSITIONS.get(code, ())
    preferred = [e for e in pool if targets and e.position_name.startswith(targets)]
    home = [e for e in pool if e.institution.code == HOME_INSTITUTION_CODE][:home_first]
    taken = {e.pk for e in preferred} | {e.pk for e in home}
    rest = [e for e in pool if e.pk not in taken]
    random.Random(f"{DEMO_SEED}:{code}").shuffle(rest)  # noqa: S311 -- demo data
    return preferred + home + rest


def seed_sample_enrollments(
    offerings: Sequence[Offering], people: _People, *, now: datetime
) -> int:
    """A dozen registry employees per running offering, in the SAMPLE_SCENARIOS states."""
    used: set[int] = set()
    created = 0
    for offering in offerings:
        chosen = _sample_of(offering, used)
        used.update(e.pk for e in chosen)
        content = _Content(offering)
        for index, (employee, scenario) in enumerate(zip(chosen, SAMPLE_SCENARIOS, strict=False)):
            user = _ensure_participant(employee, now=now)
            if Enrollment.objects.filter(offering=offering, participant=user).exists():
                continue
            approve = {_E: True, _R: False}.get(scenario.status)
            reason = REJECTION_REASONS[index % len(REJECTION_REASONS)] if approve is False else ""
            enrollment = _enrol(
                user,
                offering,
                people=people,
                approve=approve,
                reason=reason,
                now=_enrolment_moment(offering, now=now),
            )
            if enrollment is None:
                continue
            created += 1
            if enrollment.status == EnrollmentStatus.ENROLLED:
                _play(enrollment, scenario, content, manager=people.manager, now=now)
    return created


def _enrolment_moment(offering: Offering, *, now: datetime) -> datetime:
    """When a sample participant enrols: before the offering starts when its window allowed
    it, else now. The demo's exam attempts begin an hour after the start, and a result must
    not come before the enrolment (dashboards measure the time between them)."""
    before_start = offering.starts_at - timedelta(hours=2)
    if before_start < now and is_window_open(offering, now=before_start):
        return before_start
    return now


def _sample_of(offering: Offering, used: set[int]) -> list[Employee]:
    """The offering's sample in SAMPLE_SCENARIOS order; in BerAKHLAK the pimpinan's own
    staff come last, so they hold the pending and rejected places (their inbox)."""
    home_first = HOME_SHARE_OF_BERAKHLAK if offering.program.code == BERAKHLAK_CODE else 0
    pool = [e for e in _candidates(offering, home_first=home_first) if e.pk not in used]
    chosen = pool[: len(SAMPLE_SCENARIOS)]
    home = [e for e in chosen[:home_first] if e.institution.code == HOME_INSTITUTION_CODE]
    others = [e for e in chosen if e not in home]
    return others + home


def _play(
    enrollment: Enrollment, scenario: Scenario, content: _Content, *, manager: User, now: datetime
) -> None:
    """Do what the scenario's participant has done so far (levels are cumulative)."""
    level = scenario.level
    if level >= 1:
        acknowledge_rules(enrollment, now=now)
    if level >= 2 and content.orientation is not None:
        _watch(enrollment, content.orientation, share=1.0, now=now)
    if level >= 3:
        share_done = {3: 0.2, 4: 0.5, 5: 0.8}[level]
        done = content.materials[: max(1, round(len(content.materials) * share_done))]
        for material in done:
            if material.kind == MaterialKind.VIDEO:
                _watch(enrollment, material, share=1.0, now=now)
            else:
                mark_material_opened(enrollment, material, now=now)
        _earlier_attendance(enrollment, days=level - 1, now=now)
        attendance.check_in(enrollment, now=now)
    if level >= 4:
        accept = True if scenario.graded else None
        _submit(enrollment, content.assignment(0), accept=accept, manager=manager, now=now)
    if level >= 5:
        _submit(enrollment, content.assignment(-1), accept=False, manager=manager, now=now)


def _earlier_attendance(enrollment: Enrollment, *, days: int, now: datetime) -> None:
    """Study activity on the previous ``days`` days of the window (the attendance matrix)."""
    for back in range(1, days + 1):
        moment = now - timedelta(days=back)
        if moment >= enrollment.offering.starts_at:
            attendance.record_activity(enrollment, now=moment)


def _submit(
    enrollment: Enrollment,
    assignment: Assignment | None,
    *,
    accept: bool | None,
    manager: User,
    now: datetime,
) -> None:
    """Submit a text answer; ``accept`` True grades it, False returns it, None leaves it."""
    if assignment is None or now >= assignment.due_at:
        return
    submission = submit_assignment(
        assignment,
        enrollment,
        text="Di unit kerja kami, materi ini diterapkan dalam penyusunan rencana kerja tahunan. "
        "Hambatan utama adalah data yang tersebar di beberapa bidang; usulan kami adalah "
        "membentuk tim kecil lintas bidang dan jadwal pemutakhiran data bulanan.",
        upload=None,
        now=now,
    )
    if accept is None:
        return
    grader = _first_facilitator(assignment.subject, manager)
    if accept:
        score = 70 + (enrollment.pk * 7) % 26  # 70–95: passed, and not all alike
        feedback = "Analisis runtut dan relevan dengan tugas jabatan. Pertahankan."
    else:
        score = None
        feedback = (
            "Lengkapi analisis penyebab dengan data pendukung dan uraikan langkah tindak lanjut "
            "beserta jadwalnya, lalu unggah kembali."
        )
    grade_submission(submission, score=score, feedback=feedback, accept=accept, by=grader, now=now)


def seed_forum(offerings: Sequence[Offering], *, now: datetime) -> int:
    """A question in the first subject's forum of every running offering, answered by its
    facilitator and followed up by another participant."""
    created = 0
    for offering in offerings:
        subject = offering.program.subjects.order_by("order").first()
        if subject is None:
            continue
        title = f"Pertanyaan tentang {subject.title}"
        if offering.threads.filter(subject=subject, title=title).exists():
            continue
        participants = list(
            User.objects.filter(
                enrollments__offering=offering,
                enrollments__status=EnrollmentStatus.ENROLLED,
                enrollments__is_trial=False,
            )
            .exclude(nip=ENROLLED_NIP)
            .order_by("nip")[:2]
        )
        facilitator = subject.facilitators.order_by("pk").first()
        if not participants or facilitator is None:
            continue
        thread = start_thread(
            offering,
            subject,
            author=participants[0],
            title=title,
            body_markdown="Mohon penjelasan: bagaimana penerapan materi ini jika kewenangan "
            "berada di provinsi tetapi pelaksananya di kabupaten/kota?",
            now=now,
        )
        reply(
            thread,
            author=facilitator,
            body_markdown="Pertanyaan yang baik. Lihat kembali pembagian urusan konkuren pada "
            "modul bagian 2: provinsi menetapkan norma dan melakukan pembinaan, kabupaten/kota "
            "melaksanakan. Koordinasinya dituangkan dalam rencana kerja bersama.",
            now=now,
        )
        if len(participants) > 1:
            reply(
                thread,
                author=participants[1],
                body_markdown="Terima kasih, di daerah kami koordinasi itu dilakukan melalui "
                "rapat bulanan.",
                now=now,
            )
        created += 1
    return created


# --- load-test enrolments (--participants M) -----------------------------------------------


def _load_pairs(offerings: Sequence[Offering]) -> Iterator[tuple[int, int]]:
    """(employee pk, offering pk) pairs in a fixed order: every eligible employee once per
    round, rotating over the running offerings they may join, round after round."""
    regional_codes = {spec.code for spec in DEMO_PROGRAMS if spec.audience == REGIONAL}
    for_all = [o.pk for o in offerings if o.program.code not in regional_codes]
    everywhere = [o.pk for o in offerings]
    rows = list(
        Employee.objects.filter(is_active=True)
        .exclude(nip__in=[account.nip for account in DEMO_ACCOUNTS])
        .exclude(user__role_assignments__role__in=STAFF_ROLES)
        .order_by("nip")
        .values_list("pk", "institution__kind")
    )
    for round_number in range(len(everywhere)):
        for index, (employee_pk, kind) in enumerate(rows):
            eligible = everywhere if kind in REGIONAL_KINDS else for_all
            if round_number < len(eligible):
                yield employee_pk, eligible[(index + round_number) % len(eligible)]


def seed_load_enrollments(
    count: int, offerings: Sequence[Offering], *, manager: User, now: datetime
) -> int:
    """Make sure the first ``count`` pairs of ``_load_pairs`` are enrolments; return how many
    were created (fewer than ``count`` when the registry has fewer pairs).

    Bulk writes only, no per-row domain calls: accounts (no usable password, peserta role),
    enrolments (85 % enrolled, 10 % pending, 5 % rejected), and for the enrolled rules
    acknowledgements (3 of 4), a watched orientation video (1 of 2) and today's attendance
    (1 of 3).
    """
    if count <= 0 or not offerings:
        return 0
    writer = _LoadWriter(offerings, manager=manager, now=now)
    pairs = enumerate(islice(_load_pairs(offerings), count))
    created = 0
    while batch := list(islice(pairs, LOAD_BATCH_SIZE)):
        created += writer.write(batch)
    return created


class _LoadWriter:
    """Writes one batch of load-test pairs at a time: a few queries and no model loads per
    batch (20,000 enrolments are a load test's size, so every per-row cost counts)."""

    def __init__(self, offerings: Sequence[Offering], *, manager: User, now: datetime) -> None:
        self.manager, self.now = manager, now
        self.rules = {o.pk: getattr(current_rules(o.program_id), "pk", None) for o in offerings}
        self.orientation = {
            o.pk: Material.objects.filter(program_id=o.program_id, is_orientation=True)
            .values_list("pk", "duration_seconds")
            .first()
            for o in offerings
        }
        # The participant's own calendar day: their zone, else their institution's (§5.1).
        self.institution_zones = {i.pk: i.time_zone for i in Institution.objects.all()}

    def write(self, batch: list[tuple[int, tuple[int, int]]]) -> int:
        users = self._users([employee_pk for _i, (employee_pk, _o) in batch])
        wanted = [(i, users[employee_pk], o) for i, (employee_pk, o) in batch]
        existing = set(
            Enrollment.objects.filter(
                participant_id__in={user_pk for _i, user_pk, _o in wanted},
                offering_id__in={offering_pk for _i, _u, offering_pk in wanted},
            ).values_list("participant_id", "offering_id")
        )
        rows = [self._enrollment(i, u, o) for i, u, o in wanted if (u, o) not in existing]
        # SQLite ≥ 3.35 and PostgreSQL return the new primary keys.
        Enrollment.objects.bulk_create(rows, batch_size=LOAD_BATCH_SIZE)
        self._progress([row for row in rows if row.status == _E])
        return len(rows)

    def _users(self, employee_pks: list[int]) -> dict[int, int]:
        """Employee pk → user pk, creating the accounts that are missing."""
        found = dict(
            User.objects.filter(employee_id__in=employee_pks).values_list("employee_id", "pk")
        )
        missing = Employee.objects.filter(pk__in=set(employee_pks) - set(found)).values_list(
            "pk", "nip", "name", "email"
        )
        new = [
            User(
                nip=nip,
                name=name,
                email=email,
                employee_id=pk,
                # unusable, like create_user(nip, None); make_password(None) is 40× slower
                password=UNUSABLE_PASSWORD_PREFIX + token_hex(20),
                date_joined=self.now,
            )
            for pk, nip, name, email in missing
        ]
        User.objects.bulk_create(new, batch_size=LOAD_BATCH_SIZE)
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user_id=user.pk, role=Role.PESERTA) for user in new],
            batch_size=LOAD_BATCH_SIZE,
        )
        found.update({user.employee_id: user.pk for user in new})
        return found

    def _enrollment(self, index: int, user_pk: int, offering_pk: int) -> Enrollment:
        bucket = index % 20
        requested = self.now - timedelta(days=5 + index % 9, minutes=index % 600)
        decided: datetime | None = requested + timedelta(days=1)
        reason = ""
        if bucket < 2:
            status, decided = _P, None
        elif bucket == 2:
            status, reason = _R, REJECTION_REASONS[0]
        else:
            status = _E
        return Enrollment(
            offering_id=offering_pk,
            participant_id=user_pk,
            status=status,
            source=EnrollmentSource.SELF if status == _P else EnrollmentSource.MANAGER,
            requested_at=requested,
            decided_at=decided,
            decided_by=self.manager if decided else None,
            decision_reason=reason,
        )

    def _progress(self, enrolled: list[Enrollment]) -> None:
        zones = {
            pk: zone or self.institution_zones.get(institution_pk, DEFAULT_ZONE)
            for pk, zone, institution_pk in User.objects.filter(
                pk__in=[e.participant_id for e in enrolled]
            ).values_list("pk", "time_zone", "employee__institution_id")
        }
        acknowledgements, progress, days = [], [], []
        for enrollment in enrolled:
            n = enrollment.pk
            rules_pk = self.rules.get(enrollment.offering_id)
            if rules_pk is not None and n % 4:
                acknowledgements.append(
                    RulesAcknowledgement(
                        enrollment_id=n, rules_id=rules_pk, acknowledged_at=self.now
                    )
                )
            video = self.orientation.get(enrollment.offering_id)
            if video is not None and video[1] and n % 2:
                seconds = float(video[1])
                progress.append(
                    MaterialProgress(
                        enrollment_id=n,
                        material_id=video[0],
                        watched_intervals=[[0.0, seconds]],
                        watched_seconds=seconds,
                        position_seconds=seconds,
                        opened_at=self.now,
                        completed_at=self.now,
                    )
                )
            if n % 3 == 0:
                zone = zones.get(enrollment.participant_id, DEFAULT_ZONE)
                days.append(
                    AttendanceRecord(
                        enrollment_id=n,
                        day=to_local(self.now, zone).date(),
                        source=AttendanceSource.ACTIVITY,
                        first_seen_at=self.now,
                    )
                )
        RulesAcknowledgement.objects.bulk_create(acknowledgements, batch_size=LOAD_BATCH_SIZE)
        MaterialProgress.objects.bulk_create(progress, batch_size=LOAD_BATCH_SIZE)
        AttendanceRecord.objects.bulk_create(days, batch_size=LOAD_BATCH_SIZE)


# --- the seed ------------------------------------------------------------------------------


def seed_learning_demo(*, now: datetime, participants: int = 0) -> dict[str, int]:
    """Create (or complete) the learning demo in one transaction; idempotent.

    Needs the accounts and curriculum demo first (nothing is done without the demo
    pengelola). ``participants`` is the number of load-test enrolments the world holds
    (``seed-demo --participants M``). Returns how many rows of each kind were created.
    """
    if participants < 0:
        raise ValueError("participants must not be negative")
    people = _demo_people()
    if people is None:
        return {}
    with transaction.atomic():
        manager = people.manager
        offerings = _running_offerings()
        berakhlak = next((o for o in offerings if o.program.code == BERAKHLAK_CODE), None)
        created = {
            "materials": seed_materials(by=manager),
            "library": seed_library(by=manager),
            "assignments": seed_assignments(offerings, manager=manager, now=now),
            "announcements": seed_announcements(offerings, by=manager, now=now),
        }
        created["enrollments"] = seed_enrolled_participant(people, berakhlak, now=now)
        created["enrollments"] += seed_sample_enrollments(offerings, people, now=now)
        created["threads"] = seed_forum(offerings, now=now)
        created["load_enrollments"] = seed_load_enrollments(
            participants, offerings, manager=manager, now=now
        )
    return created

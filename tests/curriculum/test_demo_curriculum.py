"""The curriculum demo (DOMAIN.md D-4, S-1 R1, R11, R12, §5.2; API.md "Demo data"): the five
programs exactly as specified, rules, verified facilitators, offerings in the right states
for every time zone, the demo accounts on every offering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from bangkom.accounts.choices import InstitutionKind, Role
from bangkom.accounts.demo import DEMO_ACCOUNTS, seed_demo
from bangkom.accounts.models import User
from bangkom.curriculum.choices import LearningForm, OfferingStatus
from bangkom.curriculum.demo import (
    COMMITTEE_TASKS,
    DEMO_PROGRAMS,
    RUNNING_OFFERING_CODES,
    UPCOMING_OFFERING_CODES,
    running_schedule,
    seed_curriculum_demo,
    upcoming_schedule,
)
from bangkom.curriculum.models import (
    CommitteeMember,
    FacilitatorCertification,
    FacilitatorProfile,
    Offering,
    Program,
    ProgramCompetency,
    RulesDocument,
    Subject,
)
from bangkom.curriculum.readiness import readiness
from bangkom.learning.eligibility import is_window_open

WIB = ZoneInfo("Asia/Jakarta")

# DOMAIN.md D-4, copied here so that a change to the module cannot silently change the spec.
D4 = {
    "Pelatihan Pemantapan Tugas Sekretaris DPRD (Sekwan)": (
        30,
        [
            ("Kedudukan, tugas dan fungsi Sekretariat DPRD", 6),
            ("Fasilitasi persidangan dan penyusunan produk hukum DPRD", 6),
            ("Hak keuangan dan administratif pimpinan dan anggota DPRD", 6),
            ("Perencanaan dan penganggaran Sekretariat DPRD", 4),
            ("Etika, integritas dan kode etik DPRD", 4),
            ("Penugasan/studi kasus", 4),
        ],
        {"PM-05": 3, "MJ-PK": 4, "MJ-KOM": 4},
    ),
    "Pelatihan Kepemimpinan Sekretaris Daerah (Sekda)": (
        40,
        [
            ("Peran Sekda dalam koordinasi perangkat daerah", 8),
            ("Perencanaan dan penganggaran daerah RKPD–APBD", 8),
            ("Manajemen ASN daerah dan sistem merit", 6),
            ("Pengawasan dan akuntabilitas kinerja (SAKIP)", 6),
            ("Inovasi daerah dan transformasi digital", 6),
            ("Penugasan: rencana aksi", 6),
        ],
        {"MJ-MP": 5, "MJ-PK": 5, "MJ-KS": 5},
    ),
    "Pelatihan Staf Ahli Kepala Daerah (Sahli KDH)": (
        30,
        [
            ("Kedudukan dan peran Staf Ahli", 4),
            ("Analisis kebijakan publik", 8),
            ("Telaahan staf dan policy brief", 8),
            ("Komunikasi dan advokasi kebijakan", 6),
            ("Penugasan: policy brief", 4),
        ],
        {"MJ-OPH": 4, "MJ-KOM": 4, "TK-07": 4},
    ),
    "Pelatihan Penguatan Nilai BerAKHLAK dan Perekat Bangsa bagi PNS Kemendagri": (
        20,
        [
            ("Core values ASN BerAKHLAK", 4),
            (
                "Wawasan kebangsaan dan empat konsensus (Pancasila, UUD 1945, NKRI, Bhinneka "
                "Tunggal Ika)",
                4,
            ),
            ("Kepekaan terhadap keberagaman dan empati", 4),
            ("Pelayanan publik", 4),
            ("Integritas dan anti-korupsi", 4),
        ],
        {"SK-PB": 3, "MJ-INT": 3, "MJ-PP": 3},
    ),
    "Orientasi Anggota DPRD Provinsi/Kabupaten/Kota": (
        32,
        [
            ("Sistem pemerintahan NKRI dan pemerintahan daerah", 8),
            ("Fungsi, tugas dan wewenang DPRD (pembentukan Perda, anggaran, pengawasan)", 8),
            ("Wawasan kebangsaan", 8),
            ("Kode etik dan tata tertib DPRD", 8),
        ],
        {"PM-05": 2, "PM-06": 2},
    ),
}
SMART_TITLES = [title for title in D4 if not title.startswith("Orientasi")]


def _account(role: str) -> User:
    return User.objects.get(nip=next(a.nip for a in DEMO_ACCOUNTS if a.role == role))


def _seed(now: datetime) -> dict[str, int]:
    return seed_curriculum_demo(
        now=now, facilitator=_account(Role.WIDYAISWARA), manager=_account(Role.PENGELOLA)
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The accounts and curriculum demo, seeded once for this module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        now = timezone.now()
        seed_demo(employees=400, now=now)
        created = _seed(now)
        yield {"now": now, "created": created}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_five_programs_have_the_d4_titles_jp_and_subjects(world):
    assert set(Program.objects.values_list("title", flat=True)) == set(D4)
    for title, (total_jp, subjects, _targets) in D4.items():
        program = Program.objects.get(title=title)
        assert program.total_jp == total_jp, title
        rows = list(program.subjects.order_by("order").values_list("title", "jp"))
        assert rows == [(name, Decimal(jp)) for name, jp in subjects], title
        assert sum(jp for _name, jp in rows) == program.total_jp, title
        assert readiness(program).jp_difference == 0


def test_smart_programs_are_nonclassical_and_the_dprd_orientation_classical(world):
    for title in SMART_TITLES:
        assert not LearningForm(Program.objects.get(title=title).learning_form).is_classical
    orientation = Program.objects.get(title="Orientasi Anggota DPRD Provinsi/Kabupaten/Kota")
    assert orientation.learning_form == LearningForm.KL12
    assert not orientation.offerings.exists()  # DPRD members have no NIP to enrol with


def test_programs_aim_at_the_listed_competencies_and_levels(world):
    for title, (_jp, _subjects, targets) in D4.items():
        found = dict(
            ProgramCompetency.objects.filter(program__title=title).values_list(
                "competency__code", "target_level"
            )
        )
        assert found == targets, title


def test_every_program_publishes_its_rules_as_version_one(world):
    for program in Program.objects.all():
        rules = RulesDocument.objects.get(program=program)
        assert rules.version == 1
        text = rules.body_html.lower()
        for topic in ("integritas", "sendiri", "absen", "ujian", "sanksi"):
            assert topic in text, (program.code, topic)
        assert "<script" not in text


def test_each_smart_program_has_a_running_and_an_upcoming_published_offering(world):
    now = world["now"]
    for title in SMART_TITLES:
        offerings = Offering.objects.filter(program__title=title)
        running = offerings.get(status=OfferingStatus.RUNNING)
        upcoming = offerings.get(status=OfferingStatus.PUBLISHED)
        assert running.starts_at < now - timedelta(days=2)
        assert now < running.ends_at
        assert is_window_open(upcoming, now=now)
        assert upcoming.starts_at > now
        assert running.capacity is None  # seed R1: no cap on participants
        assert upcoming.capacity is None
    assert set(Offering.objects.values_list("code", flat=True)) == {
        *RUNNING_OFFERING_CODES,
        *UPCOMING_OFFERING_CODES,
    }


def test_learning_windows_follow_the_program_duration(world):
    durations = {"SMART-SEKWAN": 10, "SMART-SEKDA": 20, "SMART-SAHLI": 10, "SMART-AKHLAK": 10}
    for offering in Offering.objects.select_related("program"):
        days = (offering.ends_at - offering.starts_at).days
        # snapped to Monday–Thursday: up to three days longer, never shorter
        assert durations[offering.program.code] <= days <= durations[offering.program.code] + 3


def test_regional_offerings_are_open_to_regional_governments_in_all_three_zones(world):
    for offering in Offering.objects.exclude(program__code="SMART-AKHLAK"):
        institutions = list(offering.eligible_institutions.all())
        assert institutions
        assert {i.kind for i in institutions} == {
            InstitutionKind.PEMPROV,
            InstitutionKind.PEMKAB,
            InstitutionKind.PEMKOT,
        }
        assert {i.zone_label for i in institutions} == {"WIB", "WITA", "WIT"}


def test_the_berakhlak_offerings_are_open_to_every_institution(world):
    for offering in Offering.objects.filter(program__code="SMART-AKHLAK"):
        assert not offering.eligible_institutions.exists()
        assert offering.eligible_position_types == []


def test_the_demo_widyaiswara_facilitates_a_subject_of_every_program_and_offering(world):
    widyaiswara = _account(Role.WIDYAISWARA)
    for program in Program.objects.all():
        assert program.subjects.filter(facilitators=widyaiswara).exists(), program.code
    for offering in Offering.objects.all():
        assert Subject.objects.filter(
            program=offering.program, facilitators=widyaiswara
        ).exists(), offering.code


def test_every_subject_has_a_verified_facilitator(world):
    for program in Program.objects.all():
        assert readiness(program).subjects_without_verified_facilitator == [], program.code
    demo_profile = FacilitatorProfile.objects.get(user=_account(Role.WIDYAISWARA))
    assert demo_profile.is_verified
    assert demo_profile.verified_by == _account(Role.PENGELOLA)
    assert FacilitatorCertification.objects.filter(profile=demo_profile).exists()


def test_registry_widyaiswara_become_facilitators_without_a_usable_password(world):
    facilitators = User.objects.filter(
        role_assignments__role=Role.WIDYAISWARA, facilitated_subjects__isnull=False
    ).distinct()
    generated = facilitators.exclude(nip__in=[a.nip for a in DEMO_ACCOUNTS])
    assert generated.exists()
    for user in generated:
        assert user.employee.position_name.startswith("Widyaiswara")
        assert not user.has_usable_password()
        assert user.facilitator_profile.is_verified


def test_the_demo_pengelola_holds_every_committee_task_of_every_offering(world):
    pengelola = _account(Role.PENGELOLA)
    for offering in Offering.objects.all():
        tasks = set(
            CommitteeMember.objects.filter(offering=offering, user=pengelola).values_list(
                "task", flat=True
            )
        )
        assert tasks == set(COMMITTEE_TASKS), offering.code


def test_offering_times_are_monday_to_thursday_between_8_and_14_wib(world):
    for offering in Offering.objects.all():
        for instant in (
            offering.enrollment_opens_at,
            offering.enrollment_closes_at,
            offering.starts_at,
            offering.ends_at,
        ):
            local = instant.astimezone(WIB)
            assert local.weekday() <= 3, (offering.code, local)
            assert (8, 0) <= (local.hour, local.minute) <= (14, 0), (offering.code, local)


@pytest.mark.parametrize("day_offset", range(7))
def test_schedules_fit_every_weekday_of_seeding(day_offset):
    now = datetime(2026, 11, 23, 2, 30, tzinfo=UTC) + timedelta(days=day_offset)  # Mon…Sun
    for duration in (10, 20, 30):
        running = running_schedule(now=now, duration_days=duration)
        upcoming = upcoming_schedule(now=now, duration_days=duration)
        assert running.enrollment_opens_at < running.starts_at < now < running.ends_at
        assert now < running.enrollment_closes_at <= running.ends_at
        assert upcoming.enrollment_opens_at <= now < upcoming.enrollment_closes_at
        assert upcoming.enrollment_closes_at < upcoming.starts_at < upcoming.ends_at
        for instant in (*vars(running).values(), *vars(upcoming).values()):
            local = instant.astimezone(WIB)
            assert local.weekday() <= 3, (day_offset, duration, local)
            assert (8, 0) <= (local.hour, local.minute) <= (14, 0), (day_offset, local)


DEMO_MODELS = (Program, Subject, RulesDocument, Offering, CommitteeMember, ProgramCompetency)


def test_a_second_run_creates_nothing(world):
    before = [model.objects.count() for model in DEMO_MODELS]
    again = _seed(world["now"] + timedelta(hours=1))
    assert not any(again.values()), again
    assert [model.objects.count() for model in DEMO_MODELS] == before


def test_the_first_run_reported_what_it_created(world):
    created = world["created"]
    assert created["programs"] == len(DEMO_PROGRAMS) == 5
    assert created["offerings"] == 8
    assert created["subjects"] == sum(len(spec.subjects) for spec in DEMO_PROGRAMS)
    assert created["rules"] == 5
    assert created["committee"] == 8 * len(COMMITTEE_TASKS)

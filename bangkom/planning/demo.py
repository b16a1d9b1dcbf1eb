"""Demo data of the planning context (DOMAIN.md D-2, D-3; issue "planning" item 7).

``seed_planning_demo(now=...)`` is idempotent and keyed by natural keys: competency codes,
position codes, one assignment per employee, assessments only for employees without any,
one analysis per (institution, year), one plan per (program, year, title). It uses what
the other demo steps left behind when it is there (registry employees, demo accounts,
programs and offerings) and skips what is missing:

- the standard dictionary (8 managerial + Perekat Bangsa, 6 pemerintahan, 7 teknis);
- the D-2 positions (and the other positions of the demo registry) with required levels:
  JPT 4–5, Administrator 3–4, Pengawas 3, JF/Pelaksana 2–3 managerial, Perekat Bangsa 3;
- each registry employee assigned to the position named like their ``position_name``;
- assessments giving ~30 % of employees a gap of 1 on 1–2 managerial competencies, a few a
  gap of 2, some above standard, the rest at standard (D-3);
- needs analyses for Pemerintah Provinsi Jawa Barat and Pemerintah Kabupaten Gowa, when
  programs with target competencies exist (the curriculum demo);
- one approved plan, linked to a demo offering of its program when one exists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bangkom.accounts.choices import PositionType, Role
from bangkom.accounts.models import Employee, Institution, User
from bangkom.planning.choices import AnalysisStatus, AssessmentSource, CompetencyType
from bangkom.planning.competencies import seed_standard_competencies
from bangkom.planning.models import (
    Competency,
    CompetencyAssessment,
    EmployeeAssignment,
    NeedsAnalysis,
    Position,
    PositionRequirement,
    ProgramPlan,
)

DEMO_SEED = 20261129  # fixed: the same profiles on every machine
ANALYSIS_INSTITUTIONS = ("pemprov-jabar", "pemkab-gowa")  # accounts/demo.py codes
DEMO_PENGELOLA_NIP = "198202022006042002"  # accounts/demo.py DEMO_ACCOUNTS
DEMO_ADMIN_NIP = "198001012005011001"
DEMO_PIMPINAN_NIP = "197806062003121006"
DEMO_PESERTA_NIPS = ("199004042015032004", "199105052016041005")
GAP_ONE_SHARE = 0.30  # D-3: ~30 % with a gap of 1 on 1–2 managerial competencies
GAP_TWO_SHARE = 0.06  # D-3: a few with a gap of 2
ABOVE_SHARE = 0.15  # D-3: some already above standard (pre-assessment candidates)
UNASSESSED_SHARE = 0.2  # pemerintahan/teknis levels nobody has assessed yet
BATCH = 1000

MANAGERIAL = ("MJ-INT", "MJ-KS", "MJ-KOM", "MJ-OPH", "MJ-PP", "MJ-PDOL", "MJ-MP", "MJ-PK")
PEREKAT_BANGSA = "SK-PB"

# Managerial levels by tier [U]: DOMAIN.md §3 gives no per-position annex values.
_TIERS: dict[str, dict[str, int]] = {
    "jpt_madya": dict.fromkeys(MANAGERIAL, 5),
    "jpt_pratama": {**dict.fromkeys(MANAGERIAL, 4), "MJ-INT": 5, "MJ-PK": 5},
    "administrator": {
        **dict.fromkeys(MANAGERIAL, 3),
        **dict.fromkeys(("MJ-INT", "MJ-KS", "MJ-KOM", "MJ-PK"), 4),
    },
    "pengawas": dict.fromkeys(MANAGERIAL, 3),
    "ahli": dict.fromkeys(MANAGERIAL, 3),
    "ahli_pertama": {**dict.fromkeys(MANAGERIAL, 2), "MJ-INT": 3, "MJ-PP": 3},
    "terampil": {**dict.fromkeys(MANAGERIAL, 2), "MJ-INT": 3},
}


@dataclass(frozen=True)
class DemoPosition:
    code: str
    name: str
    position_type: str
    jenjang: str
    kelas: int
    tier: str
    extra: tuple[tuple[str, int], ...] = ()  # (competency code, level): pemerintahan/teknis


_JPT, _ADM, _PGW = PositionType.JPT, PositionType.ADMINISTRATOR, PositionType.PENGAWAS
_JF, _PLK = PositionType.FUNGSIONAL, PositionType.PELAKSANA
_SEKDA_EXTRA = (("PM-01", 4), ("PM-05", 4), ("TK-03", 4))
_STAF_AHLI_EXTRA = (("TK-07", 4), ("PM-02", 4))

# DOMAIN.md D-2, plus the other positions the demo registry (accounts/demo.py) uses.
DEMO_POSITIONS: tuple[DemoPosition, ...] = (
    DemoPosition(
        "JPT-SEKDA-PROV",
        "Sekretaris Daerah Provinsi",
        _JPT,
        "JPT Madya",
        16,
        "jpt_madya",
        _SEKDA_EXTRA,
    ),
    DemoPosition(
        "JPT-SEKDA-KAB",
        "Sekretaris Daerah Kabupaten",
        _JPT,
        "JPT Pratama",
        14,
        "jpt_pratama",
        _SEKDA_EXTRA,
    ),
    DemoPosition(
        "JPT-SEKDA-KOTA",
        "Sekretaris Daerah Kota",
        _JPT,
        "JPT Pratama",
        14,
        "jpt_pratama",
        _SEKDA_EXTRA,
    ),
    DemoPosition(
        "JPT-SAHLI-GUB",
        "Staf Ahli Gubernur Bidang Pemerintahan, Hukum dan Politik",
        _JPT,
        "JPT Pratama",
        14,
        "jpt_pratama",
        _STAF_AHLI_EXTRA,
    ),
    DemoPosition(
        "JPT-SAHLI-BUP",
        "Staf Ahli Bupati Bidang Pemerintahan, Hukum dan Politik",
        _JPT,
        "JPT Pratama",
        13,
        "jpt_pratama",
        _STAF_AHLI_EXTRA,
    ),
    DemoPosition(
        "JPT-SAHLI-WAKO",
        "Staf Ahli Wali Kota Bidang Pemerintahan, Hukum dan Politik",
        _JPT,
        "JPT Pratama",
        13,
        "jpt_pratama",
        _STAF_AHLI_EXTRA,
    ),
    DemoPosition(
        "JPT-SEKWAN",
        "Sekretaris DPRD",
        _JPT,
        "JPT Pratama",
        13,
        "jpt_pratama",
        (("PM-05", 4), ("TK-02", 4), ("TK-01", 3)),
    ),
    DemoPosition(
        "JPT-KA-BKD",
        "Kepala Badan Kepegawaian Daerah",
        _JPT,
        "JPT Pratama",
        14,
        "jpt_pratama",
        (("PM-02", 3),),
    ),
    DemoPosition(
        "ADM-KABAG-SIDANG",
        "Kepala Bagian Persidangan dan Perundang-undangan",
        _ADM,
        "Administrator",
        11,
        "administrator",
        (("TK-02", 4), ("TK-01", 4)),
    ),
    DemoPosition(
        "ADM-CAMAT",
        "Camat",
        _ADM,
        "Administrator",
        11,
        "administrator",
        (("PM-03", 4), ("TK-06", 3)),
    ),
    DemoPosition(
        "PGW-KASUBBAG-KEU",
        "Kepala Subbagian Keuangan",
        _PGW,
        "Pengawas",
        9,
        "pengawas",
        (("PM-04", 3),),
    ),
    DemoPosition(
        "JF-AK-MUDA", "Analis Kebijakan Ahli Muda", _JF, "Ahli Muda", 9, "ahli", (("TK-07", 3),)
    ),
    DemoPosition(
        "JF-AK-PERTAMA",
        "Analis Kebijakan Ahli Pertama",
        _JF,
        "Ahli Pertama",
        8,
        "ahli_pertama",
        (("TK-07", 2),),
    ),
    DemoPosition(
        "JF-ASDM-PERTAMA",
        "Analis SDM Aparatur Ahli Pertama",
        _JF,
        "Ahli Pertama",
        8,
        "ahli_pertama",
    ),
    DemoPosition(
        "JF-WI-MADYA",
        "Widyaiswara Ahli Madya",
        _JF,
        "Ahli Madya",
        12,
        "ahli",
        (("MJ-PDOL", 4),),
    ),
    DemoPosition("JF-WI-MUDA", "Widyaiswara Ahli Muda", _JF, "Ahli Muda", 10, "ahli"),
    DemoPosition(
        "JF-P2UPD-PERTAMA",
        "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama",
        _JF,
        "Ahli Pertama",
        8,
        "ahli_pertama",
        (("PM-06", 3), ("PM-02", 2)),
    ),
    DemoPosition(
        "JF-AUDITOR-MUDA", "Auditor Ahli Muda", _JF, "Ahli Muda", 9, "ahli", (("PM-06", 3),)
    ),
    DemoPosition(
        "JF-PERENCANA-MUDA",
        "Perencana Ahli Muda",
        _JF,
        "Ahli Muda",
        9,
        "ahli",
        (("TK-03", 3),),
    ),
    DemoPosition(
        "JF-AKPD-PERTAMA",
        "Analis Keuangan Pusat dan Daerah Ahli Pertama",
        _JF,
        "Ahli Pertama",
        8,
        "ahli_pertama",
        (("PM-04", 2),),
    ),
    DemoPosition(
        "JF-ADBK-PERTAMA",
        "Administrator Database Kependudukan Ahli Pertama",
        _JF,
        "Ahli Pertama",
        8,
        "ahli_pertama",
        (("TK-05", 2),),
    ),
    DemoPosition("JF-PRAKOM-MUDA", "Pranata Komputer Ahli Muda", _JF, "Ahli Muda", 9, "ahli"),
    DemoPosition(
        "JF-POLPP-MAHIR",
        "Polisi Pamong Praja Mahir",
        _JF,
        "Mahir",
        7,
        "terampil",
        (("PM-03", 2),),
    ),
    DemoPosition("JF-PRAKOM-TERAMPIL", "Pranata Komputer Terampil", _JF, "Terampil", 6, "terampil"),
    DemoPosition(
        "PLK-PENGADM-KANTOR", "Pengadministrasi Perkantoran", _PLK, "Pelaksana", 5, "terampil"
    ),
    DemoPosition(
        "PLK-PENATA-KELOLA",
        "Penata Kelola Pemerintahan",
        _PLK,
        "Pelaksana",
        7,
        "terampil",
        (("PM-03", 2),),
    ),
)


@dataclass(frozen=True)
class PlanningDemoSummary:
    competencies_created: int
    positions_created: int
    assignments_created: int
    assessments_created: int
    analyses: int
    plan_id: int | None


def seed_planning_demo(*, now: datetime) -> PlanningDemoSummary:
    """Create (or complete) the planning demo data in one transaction; idempotent."""
    today = timezone.localdate(now)
    with transaction.atomic():
        competencies_created = seed_standard_competencies()
        positions_created = seed_demo_positions()
        assignments_created = assign_demo_employees()
        assessments_created = seed_demo_assessments(today=today)
        analyses = seed_demo_analyses(year=today.year, now=now)
        plan = seed_demo_plan(year=today.year, now=now)
    return PlanningDemoSummary(
        competencies_created,
        positions_created,
        assignments_created,
        assessments_created,
        analyses,
        plan.pk if plan else None,
    )


def seed_demo_positions() -> int:
    """Create the missing demo positions with their requirements; return how many."""
    competencies = dict(Competency.objects.values_list("code", "pk"))
    existing = set(Position.objects.values_list("code", flat=True))
    created = 0
    for spec in DEMO_POSITIONS:
        if spec.code in existing:
            continue
        position = Position.objects.create(
            code=spec.code,
            name=spec.name,
            position_type=spec.position_type,
            jenjang=spec.jenjang,
            kelas_jabatan=spec.kelas,
        )
        levels = {**_TIERS[spec.tier], PEREKAT_BANGSA: 3, **dict(spec.extra)}
        PositionRequirement.objects.bulk_create(
            PositionRequirement(
                position=position, competency_id=competencies[code], required_level=level
            )
            for code, level in levels.items()
            if code in competencies
        )
        created += 1
    return created


def assign_demo_employees() -> int:
    """Assign each unassigned employee to the position named like their position_name."""
    by_name = {name.casefold(): pk for name, pk in Position.objects.values_list("name", "pk")}
    employees = Employee.objects.filter(planning_assignment__isnull=True).exclude(position_name="")
    new = [
        EmployeeAssignment(employee_id=pk, position_id=by_name[name.casefold()])
        for pk, name in employees.values_list("pk", "position_name")
        if name.casefold() in by_name
    ]
    EmployeeAssignment.objects.bulk_create(new, batch_size=BATCH)
    return len(new)


def seed_demo_assessments(*, today: date) -> int:
    """Assess every assigned employee who has no assessment yet (D-3 gap distribution)."""
    rng = random.Random(DEMO_SEED)  # noqa: S311 -- demo data, not security
    kinds = dict(Competency.objects.values_list("pk", "competency_type"))
    codes = dict(Competency.objects.values_list("pk", "code"))
    required: dict[int, dict[int, int]] = {}
    for position_id, competency_id, level in PositionRequirement.objects.values_list(
        "position_id", "competency_id", "required_level"
    ):
        required.setdefault(position_id, {})[competency_id] = level
    people = (
        EmployeeAssignment.objects.filter(employee__competency_assessments__isnull=True)
        .order_by("employee__nip")
        .values_list("employee_id", "position_id", "employee__nip")
    )
    rows = []
    for employee_id, position_id, nip in people:
        levels = _draw_levels(rng, required.get(position_id, {}), kinds, codes, nip=nip)
        assessed_on = today - timedelta(days=rng.randint(30, 400))
        rows.extend(
            CompetencyAssessment(
                employee_id=employee_id,
                competency_id=competency_id,
                level=level,
                source=AssessmentSource.ASSESSMENT_CENTRE,
                assessed_on=assessed_on,
                note="Data demo",
            )
            for competency_id, level in levels.items()
        )
    CompetencyAssessment.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _draw_levels(
    rng: random.Random,
    required: dict[int, int],
    kinds: dict[int, str],
    codes: dict[int, str],
    *,
    nip: str,
) -> dict[int, int]:
    """Assessed levels for one employee's requirements (missing key: not assessed)."""
    levels: dict[int, int] = {}
    managerial = sorted(c for c in required if kinds[c] == CompetencyType.MANAJERIAL)
    for competency_id, level in required.items():
        kind = kinds[competency_id]
        if kind in (CompetencyType.PEMERINTAHAN, CompetencyType.TEKNIS):
            if rng.random() < UNASSESSED_SHARE:
                continue
            levels[competency_id] = max(1, level - (rng.random() < 0.15))
        elif kind == CompetencyType.SOSIAL_KULTURAL:
            levels[competency_id] = max(1, level - (rng.random() < 0.10))
        else:
            levels[competency_id] = level
    draw = rng.random()
    if managerial and draw < GAP_ONE_SHARE:
        for competency_id in rng.sample(managerial, k=min(len(managerial), rng.randint(1, 2))):
            levels[competency_id] = max(1, required[competency_id] - 1)
    elif managerial and draw < GAP_ONE_SHARE + GAP_TWO_SHARE:
        competency_id = rng.choice(managerial)
        levels[competency_id] = max(1, required[competency_id] - 2)
    elif managerial and draw < GAP_ONE_SHARE + GAP_TWO_SHARE + ABOVE_SHARE:
        for competency_id in managerial:
            levels[competency_id] = min(5, required[competency_id] + 1)
    _demo_participant_gaps(levels, required, codes, nip=nip)
    return levels


def _demo_participant_gaps(
    levels: dict[int, int], required: dict[int, int], codes: dict[int, str], *, nip: str
) -> None:
    """The demo participants always have a gap, so "Kebutuhan pelatihan saya" shows one."""
    if nip not in DEMO_PESERTA_NIPS:
        return
    wanted = {"MJ-OPH", "MJ-KOM", PEREKAT_BANGSA, "MJ-INT"}
    for competency_id, level in required.items():
        if codes[competency_id] in wanted and level > 1:
            levels[competency_id] = level - 1


def seed_demo_analyses(*, year: int, now: datetime) -> int:
    """Build the analyses of the two demo institutions, when programs target competencies."""
    from bangkom.curriculum.models import ProgramCompetency
    from bangkom.planning.needs import build_needs_analysis

    if not ProgramCompetency.objects.filter(program__is_active=True).exists():
        return 0
    author = _user(DEMO_PENGELOLA_NIP)
    built = 0
    for institution in Institution.objects.filter(code__in=ANALYSIS_INSTITUTIONS):
        existing = NeedsAnalysis.objects.filter(institution=institution, year=year).first()
        if existing is None or existing.status == AnalysisStatus.DRAFT:
            build_needs_analysis(institution, year, by=author, now=now)
        built += 1
    _demo_answers(year=year, now=now)
    return built


def _demo_answers(*, year: int, now: datetime) -> None:
    """The demo pimpinan answers the top candidates of their institution."""
    from bangkom.planning.choices import RespondentKind
    from bangkom.planning.models import NeedAnswer
    from bangkom.planning.needs import answer_need, candidates_for_supervisor

    pimpinan = _user(DEMO_PIMPINAN_NIP)
    if pimpinan is None or not pimpinan.has_role(Role.PIMPINAN):
        return
    candidates = candidates_for_supervisor(pimpinan).filter(
        analysis__year=year, analysis__status=AnalysisStatus.DRAFT
    )[:3]
    for number, candidate in enumerate(candidates):
        if NeedAnswer.objects.filter(candidate=candidate, answered_by=pimpinan).exists():
            continue
        answer_need(
            candidate,
            by=pimpinan,
            respondent=RespondentKind.SUPERVISOR,
            needed=True,
            beneficial=True,
            harmful_if_absent=number == 0,
            comment="Sesuai kebutuhan organisasi tahun ini.",
            now=now,
        )


def _user(nip: str) -> User | None:
    return User.objects.filter(nip=nip).first()


def seed_demo_plan(*, year: int, now: datetime) -> ProgramPlan | None:
    """One approved plan for the best-ranked program (or the first active one)."""
    from bangkom.curriculum.models import Offering, Program
    from bangkom.planning.models import NeedCandidate

    top = (
        NeedCandidate.objects.filter(analysis__year=year, program__is_active=True)
        .order_by("rank", "analysis__institution__code")
        .first()
    )
    program = (
        top.program if top else Program.objects.filter(is_active=True).order_by("code").first()
    )
    if program is None:
        return None
    title = f"Rencana {program.title} {year}"
    plan = ProgramPlan.objects.filter(program=program, year=year, title=title).first()
    if plan is not None:
        return plan
    offering = (
        Offering.objects.filter(program=program, plan__isnull=True).order_by("starts_at").first()
    )
    return _approved_plan(program, title=title, year=year, offering=offering, now=now)


def _approved_plan(
    program: object, *, title: str, year: int, offering: object, now: datetime
) -> ProgramPlan:
    from bangkom.planning.budget import finance_available
    from bangkom.planning.plans import PlanData, create_plan, transition_plan
    from bangkom.planning.preparation import set_item_done

    today = timezone.localdate(now)
    starts_on = timezone.localdate(offering.starts_at) if offering else today + timedelta(days=30)
    ends_on = timezone.localdate(offering.ends_at) if offering else starts_on + timedelta(days=10)
    manager = _user(DEMO_PENGELOLA_NIP)
    author = _user(DEMO_ADMIN_NIP) or manager
    data = PlanData(
        title=title,
        program=program,
        year=year,
        objectives=(
            "Menutup kesenjangan kompetensi hasil AKPK: peserta mencapai level standar "
            "jabatannya dan menerapkannya di unit kerja."
        ),
        target_participants=100,
        target_pass_rate=85,
        target_jp=program.total_jp,
        starts_on=starts_on,
        ends_on=max(ends_on, starts_on),
        cost_template_id=_builtin_template_id() if finance_available() else None,
    )
    if author is None or manager is None or author == manager:
        return _plan_without_accounts(data, offering=offering, now=now)
    plan = create_plan(data, by=author, now=now)
    from bangkom.planning.plans import add_committee_member

    add_committee_member(plan, user=manager, task="Ketua panitia dan pengelola LMS", by=author)
    for item in plan.preparation_items.order_by("due_on", "id")[:8]:
        item.owner = manager
        item.save(update_fields=["owner"])
        set_item_done(item, done=True, by=author, now=now)
    transition_plan(plan, "submit", by=author, now=now, comment="Diajukan untuk persetujuan.")
    transition_plan(plan, "approve", by=manager, now=now, comment="Disetujui sesuai AKPK.")
    if offering is not None:
        ProgramPlan.objects.filter(pk=plan.pk, offering__isnull=True).update(offering=offering)
        plan.refresh_from_db()
    return plan


def _plan_without_accounts(data: object, *, offering: object, now: datetime) -> ProgramPlan:
    """Without the demo accounts nobody can approve; record the plan as approved directly."""
    from bangkom.planning.choices import PlanStatus

    return ProgramPlan.objects.create(
        title=data.title,
        program=data.program,
        year=data.year,
        objectives=data.objectives,
        target_participants=data.target_participants,
        target_pass_rate=data.target_pass_rate,
        target_jp=data.target_jp,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        cost_template_id=data.cost_template_id,
        status=PlanStatus.APPROVED,
        submitted_at=now,
        decided_at=now,
        offering=offering,
    )


def _builtin_template_id() -> int | None:
    from bangkom.finance.models import CostTemplate

    return (
        CostTemplate.objects.filter(is_builtin=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )

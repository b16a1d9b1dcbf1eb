"""The demo world (API.md "Demo data", DOMAIN.md D-1/D-2): idempotent, consistent, usable."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.utils import timezone

from bangkom.accounts.choices import RANK_CODES, EmployeeType, InstitutionKind, Role
from bangkom.accounts.demo import (
    DEMO_ACCOUNTS,
    HOME_INSTITUTION_CODE,
    INSTITUTIONS,
    POSITIONS,
    PROVIDER_CODE,
    SEKDA,
    generate_employees,
    seed_demo,
)
from bangkom.accounts.models import Employee, Institution, RoleAssignment, Unit, User
from bangkom.accounts.nip import parse_nip
from tests.accounts.factories import EmployeeFactory

TODAY = date(2026, 11, 29)
EARLIEST_BIRTH, LATEST_BIRTH = date(1965, 1, 1), date(2000, 12, 31)

# API.md "Demo data", copied here so a change to the module cannot silently change the table.
API_DEMO_TABLE = [
    (Role.ADMIN, "198001012005011001", "bangkom-admin"),
    (Role.PENGELOLA, "198202022006042002", "bangkom-demo"),
    (Role.WIDYAISWARA, "197503032000031003", "bangkom-demo"),
    (Role.PIMPINAN, "197806062003121006", "bangkom-demo"),
    (Role.PESERTA, "199004042015032004", "bangkom-demo"),
    (Role.PESERTA, "199105052016041005", "bangkom-demo"),
]


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _counts() -> dict[str, int]:
    return {
        "institutions": Institution.objects.count(),
        "units": Unit.objects.count(),
        "employees": Employee.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
    }


@pytest.fixture
def world(db):
    return seed_demo(now=timezone.now())


def test_demo_accounts_are_exactly_the_api_table():
    assert [(a.role, a.nip, a.password) for a in DEMO_ACCOUNTS] == API_DEMO_TABLE
    assert next(a for a in DEMO_ACCOUNTS if a.role == Role.PESERTA).nip == "199004042015032004"


def test_default_run_builds_the_world(world):
    assert world.institutions == len(INSTITUTIONS) == Institution.objects.count()
    assert world.units == Unit.objects.count()
    assert world.employees == Employee.objects.count() >= 300
    assert world.accounts == len(DEMO_ACCOUNTS) == User.objects.count()
    assert world.created_anything


def test_second_run_creates_nothing(world):
    before = _counts()
    again = seed_demo(now=timezone.now())
    assert _counts() == before
    assert not again.created_anything
    assert again.employees == world.employees
    assert Employee.objects.values("nip").distinct().count() == before["employees"]


def test_a_larger_run_only_adds_the_difference(world):
    bigger = seed_demo(employees=400, now=timezone.now())
    assert bigger.employees == 400
    assert bigger.employees_created == 400 - world.employees
    assert bigger.institutions_created == bigger.units_created == bigger.accounts_created == 0


def test_institutions_cover_all_three_time_zones(world):
    zones = {institution.time_zone for institution in Institution.objects.all()}
    assert {"Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"} <= zones
    assert {institution.zone_label for institution in Institution.objects.all()} == {
        "WIB",
        "WITA",
        "WIT",
    }


@pytest.mark.parametrize(
    ("code", "kind", "province", "zone"),
    [
        (PROVIDER_CODE, InstitutionKind.KEMENDAGRI_UNIT, "31", "Asia/Jakarta"),
        ("ipdn", InstitutionKind.KEMENDAGRI_UNIT, "32", "Asia/Jakarta"),
        (HOME_INSTITUTION_CODE, InstitutionKind.PEMPROV, "32", "Asia/Jakarta"),
        ("pemkot-pontianak", InstitutionKind.PEMKOT, "61", "Asia/Pontianak"),
        ("pemkab-kukar", InstitutionKind.PEMKAB, "64", "Asia/Makassar"),
        ("pemprov-bali", InstitutionKind.PEMPROV, "51", "Asia/Makassar"),
        ("pemkot-ambon", InstitutionKind.PEMKOT, "81", "Asia/Jayapura"),
        ("pemkab-jayapura", InstitutionKind.PEMKAB, "91", "Asia/Jayapura"),
    ],
)
def test_institution_kind_province_and_zone(world, code, kind, province, zone):
    institution = Institution.objects.get(code=code)
    assert (institution.kind, institution.province_code, institution.time_zone) == (
        kind,
        province,
        zone,
    )


def test_the_provider_is_bpsdm_kemendagri(world):
    assert Institution.objects.get(code=PROVIDER_CODE).name == "BPSDM Kementerian Dalam Negeri"


def test_pemda_units_follow_d1(world):
    jabar = Institution.objects.get(code=HOME_INSTITUTION_CODE)
    names = set(jabar.units.values_list("name", flat=True))
    assert {"Sekretariat Daerah", "Sekretariat DPRD", "Inspektorat", "Bappeda", "BPKAD"} <= names
    assert "BPSDM Provinsi" in names  # only provinces have one
    bandung = set(
        Institution.objects.get(code="pemkot-bandung").units.values_list("name", flat=True)
    )
    assert "BPSDM Provinsi" not in bandung
    assert any(name.startswith("Kecamatan ") for name in bandung)
    for institution in Institution.objects.all():
        assert institution.units.exists(), institution.code


def test_registry_nips_are_valid_and_match_the_records(world):
    employees = list(Employee.objects.all())
    assert len(employees) >= 300
    today = timezone.localdate()
    for employee in employees:
        parsed = parse_nip(employee.nip, today=today)
        assert employee.nip_mismatches == [], employee.nip
        assert EARLIEST_BIRTH <= employee.birth_date <= LATEST_BIRTH, employee.nip
        if parsed.is_pppk:
            assert employee.employee_type == EmployeeType.PPPK
            assert employee.nip[12:14] == "21"
            assert employee.rank == ""
        else:
            assert employee.employee_type in {EmployeeType.PNS, EmployeeType.CPNS}
            assert employee.rank in RANK_CODES
            assert _age_on(employee.birth_date, parsed.tmt_cpns) >= 22, employee.nip
            assert parsed.tmt_cpns <= today


def test_registry_spreads_over_every_institution_and_unit(world):
    assert not Institution.objects.filter(employees__isnull=True).exists()
    assert not Unit.objects.filter(employees__isnull=True).exists()
    assert not Employee.objects.filter(unit__isnull=True).exists()
    for employee in Employee.objects.select_related("unit"):
        assert employee.unit.institution_id == employee.institution_id


def test_generated_ranks_fit_the_position():
    allowed = {p.name: set(p.ranks) for p in POSITIONS}
    allowed.update({p.name: set(p.ranks) for p in SEKDA.values()})
    specs = generate_employees(3000, today=TODAY)
    for spec in specs:
        if spec.employee_type == EmployeeType.PPPK or spec.position_name not in allowed:
            continue
        assert spec.rank in allowed[spec.position_name], spec
    assert {s.position_name for s in specs} >= {p.name for p in POSITIONS}


def test_generated_registry_shape():
    specs = generate_employees(5000, today=TODAY)
    assert len({s.nip for s in specs}) == 5000
    pppk = sum(s.employee_type == EmployeeType.PPPK for s in specs)
    inactive = sum(not s.is_active for s in specs)
    assert 0.03 * 5000 < pppk < 0.07 * 5000
    assert 0.01 * 5000 < inactive < 0.05 * 5000
    assert {s.gender for s in specs} == {"male", "female"}
    assert all(int(s.nip[15:]) >= 1 for s in specs)
    assert sum(int(s.nip[15:]) <= 5 for s in specs) > 0.99 * 5000
    for spec in specs:
        assert spec.gender == parse_nip(spec.nip, today=TODAY).gender


def test_generation_is_deterministic_and_prefix_stable():
    assert generate_employees(200, today=TODAY) == generate_employees(200, today=TODAY)
    assert generate_employees(500, today=TODAY)[:200] == generate_employees(200, today=TODAY)


def test_a_later_run_draws_the_same_nips():
    later = TODAY.replace(year=TODAY.year + 1, month=3)
    assert [s.nip for s in generate_employees(300, today=TODAY)] == [
        s.nip for s in generate_employees(300, today=later)
    ]


def test_rerun_a_year_later_creates_nothing(world):
    before = _counts()
    again = seed_demo(now=timezone.now() + timedelta(days=400))
    assert _counts() == before
    assert not again.created_anything


def test_generated_names_never_equal_a_demo_account():
    demo_names = {a.name for a in DEMO_ACCOUNTS}
    reserved = frozenset(a.nip for a in DEMO_ACCOUNTS)
    specs = generate_employees(5000, today=TODAY, reserved=reserved)
    assert not demo_names & {s.name for s in specs}
    assert not reserved & {s.nip for s in specs}


@pytest.mark.parametrize(("role", "nip", "password"), API_DEMO_TABLE)
def test_demo_account_logs_in(world, role, nip, password):
    request = RequestFactory().post("/akun/masuk/")
    user = authenticate(request=request, username=nip, password=password)
    assert user is not None
    assert user.nip == nip


def test_each_demo_account_has_exactly_its_role(world):
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(nip=account.nip)
        assert user.roles == {account.role}, account.nip
        assert user.is_staff == (account.role == Role.ADMIN)


def test_pimpinan_supervises_the_participants_institution(world):
    pimpinan = next(a for a in DEMO_ACCOUNTS if a.role == Role.PIMPINAN)
    assignment = RoleAssignment.objects.get(user__nip=pimpinan.nip)
    participants = [User.objects.get(nip=a.nip) for a in DEMO_ACCOUNTS if a.role == Role.PESERTA]
    assert len(participants) == 2
    for participant in participants:
        assert participant.institution == assignment.institution
    assert assignment.institution.code == HOME_INSTITUTION_CODE
    assert User.objects.get(nip=pimpinan.nip).institution == assignment.institution


def test_demo_employees_match_their_nip(world):
    for account in DEMO_ACCOUNTS:
        user = User.objects.select_related("employee__institution").get(nip=account.nip)
        employee = user.employee
        parsed = parse_nip(account.nip)
        assert employee.nip == account.nip
        assert employee.is_active
        assert (employee.birth_date, employee.gender) == (parsed.birth_date, parsed.gender)
        assert employee.nip_mismatches == []
        assert employee.institution.code == account.institution_code
        assert employee.rank in RANK_CODES
        assert user.email == employee.email == account.email
        assert user.email.endswith("@demo.bangkom.go.id")
        assert user.name == account.name


def test_rerun_keeps_a_changed_password(world):
    admin = User.objects.get(nip="198001012005011001")
    admin.set_password("sandi-baru-yang-kuat-42")
    admin.save(update_fields=["password"])
    seed_demo(now=timezone.now())
    admin.refresh_from_db()
    assert admin.check_password("sandi-baru-yang-kuat-42")
    assert not admin.check_password("bangkom-admin")


def test_command_refuses_without_force_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="tambahkan --force"):
        call_command("seed_demo", stdout=StringIO())
    assert not Employee.objects.exists()


def test_command_runs_with_force(db, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert Employee.objects.count() >= 300
    demo_nips = [account.nip for account in DEMO_ACCOUNTS]
    assert User.objects.filter(nip__in=demo_nips).count() == len(DEMO_ACCOUNTS)
    assert len(out.getvalue().strip().splitlines()) == 1
    assert "Dunia demo siap" in out.getvalue()


def test_command_runs_without_force_in_debug(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--employees", "50", stdout=StringIO())
    assert Employee.objects.count() == 50


def test_command_scales_the_registry(db):
    call_command("seed_demo", "--employees", "1000", "--force", stdout=StringIO())
    assert Employee.objects.count() >= 1000


def test_command_refuses_a_negative_count(db):
    with pytest.raises(CommandError):
        call_command("seed_demo", "--employees", "-1", "--force", stdout=StringIO())


def test_command_accepts_participants_with_a_note(db):
    out = StringIO()
    call_command("seed_demo", "--employees", "50", "--participants", "20", "--force", stdout=out)
    assert "--participants 20" in out.getvalue()


def test_if_empty_does_nothing_on_a_non_empty_registry(db):
    EmployeeFactory()
    before = _counts()
    out = StringIO()
    call_command("seed_demo", "--if-empty", "--force", stdout=out)
    assert _counts() == before
    assert "dilewati" in out.getvalue()


def test_if_empty_seeds_an_empty_registry(db):
    call_command("seed_demo", "--if-empty", "--force", stdout=StringIO())
    assert Employee.objects.count() >= 300


def test_demo_logins_prints_every_account(world):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for account in DEMO_ACCOUNTS:
        assert account.nip in text
        assert account.formatted_nip in text
        assert account.password in text
    assert "19800101 200501 1 001" in text
    assert "seed-demo" not in text  # nothing missing


def test_demo_logins_warns_when_not_seeded(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "bangkom seed-demo" in out.getvalue()

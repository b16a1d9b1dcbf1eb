"""Factories of the accounts context. NIPs are valid and consistent with birth date/gender."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from bangkom.accounts.choices import EmployeeType, Gender, InstitutionKind, Role
from bangkom.accounts.models import Employee, Institution, RoleAssignment, Unit, User

DEFAULT_PASSWORD = "rahasia-uji-123"


def make_nip(n: int, *, gender: str = Gender.MALE) -> tuple[str, date]:
    """Return a valid NIP and its birth date for sequence number n (serial varies too)."""
    birth = date(1970, 1, 1) + timedelta(days=(n * 37) % 9000)
    tmt_year = birth.year + 20 + (n % 10)
    tmt_month = 1 + (n % 12)
    gender_digit = "1" if gender == Gender.MALE else "2"
    serial = 1 + (n // 9000) % 999
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{gender_digit}{serial:03d}", birth


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"inst-{n}")
    name = factory.Sequence(lambda n: f"Pemerintah Provinsi Uji {n}")
    kind = InstitutionKind.PEMPROV
    province_code = "32"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Bagian {n}")


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee

    class Params:
        seq = factory.Sequence(lambda n: n + 1)

    gender = Gender.MALE
    nip = factory.LazyAttribute(lambda o: make_nip(o.seq, gender=o.gender)[0])
    birth_date = factory.LazyAttribute(lambda o: make_nip(o.seq, gender=o.gender)[1])
    name = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    birth_place = "Bandung"
    employee_type = EmployeeType.PNS
    institution = factory.SubFactory(InstitutionFactory)
    position_name = "Analis Kebijakan Ahli Muda"
    rank = "III/c"
    email = ""
    is_active = True


class UserFactory(DjangoModelFactory):
    """An active user linked to a registry employee, with the given role(s)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        institution = None  # the employee's institution; a new one when not given

    employee = factory.SubFactory(
        EmployeeFactory,
        institution=factory.LazyAttribute(
            lambda o: o.factory_parent.institution or InstitutionFactory()
        ),
    )
    nip = factory.LazyAttribute(lambda o: o.employee.nip)
    name = factory.LazyAttribute(lambda o: o.employee.name)
    email = factory.Sequence(lambda n: f"pegawai{n}@contoh.go.id")
    is_active = True

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if not create:
            return
        from bangkom.accounts.roles import grant_role

        wanted = extracted if extracted is not None else [Role.PESERTA]
        for role in wanted:
            scope = self.employee.institution if role == Role.PIMPINAN else None
            grant_role(self, role=role, institution=scope)


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.PESERTA

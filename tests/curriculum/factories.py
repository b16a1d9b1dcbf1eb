"""Factories of the curriculum context."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bangkom.curriculum.choices import LearningForm, OfferingStatus, ProgramType
from bangkom.curriculum.models import (
    FacilitatorProfile,
    Offering,
    Program,
    RulesDocument,
    Subject,
)
from bangkom.planning.choices import CompetencyType
from bangkom.planning.models import Competency


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"KOMP-{n}")
    name = factory.Sequence(lambda n: f"Kompetensi {n}")
    competency_type = CompetencyType.MANAJERIAL


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    code = factory.Sequence(lambda n: f"PRG{n:03d}")
    title = factory.Sequence(lambda n: f"Pelatihan Uji {n}")
    description = "Pelatihan untuk pengujian."
    program_type = ProgramType.MANAJERIAL
    learning_form = LearningForm.NKL03
    total_jp = Decimal("20")


class SubjectFactory(DjangoModelFactory):
    class Meta:
        model = Subject

    program = factory.SubFactory(ProgramFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Mata Pelatihan {n}")
    jp = Decimal("4")
    objectives = "Peserta memahami pokok bahasan."


class RulesDocumentFactory(DjangoModelFactory):
    class Meta:
        model = RulesDocument

    program = factory.SubFactory(ProgramFactory)
    version = 1
    title = "Ketentuan peserta"
    body_html = "<p>Peserta wajib mengerjakan tugas secara mandiri.</p>"
    published_at = factory.LazyFunction(timezone.now)


class OfferingFactory(DjangoModelFactory):
    """A published offering whose enrolment window is open now and learning starts soon."""

    class Meta:
        model = Offering
        skip_postgeneration_save = True

    class Params:
        running = factory.Trait(
            status=OfferingStatus.RUNNING,
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"ANGK-{n:04d}")
    name = factory.Sequence(lambda n: f"Angkatan {n}")
    status = OfferingStatus.PUBLISHED
    enrollment_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    enrollment_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=6))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=10))


class FacilitatorProfileFactory(DjangoModelFactory):
    class Meta:
        model = FacilitatorProfile

    user = factory.SubFactory("tests.accounts.factories.UserFactory", roles=["widyaiswara"])
    education = "S2 Administrasi Publik"
    expertise = "Kebijakan publik"
    is_verified = False

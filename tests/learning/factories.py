"""Factories of the learning context."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bangkom.learning.choices import EnrollmentStatus, MaterialKind
from bangkom.learning.models import Assignment, Enrollment, Material
from tests.accounts.factories import UserFactory
from tests.curriculum.factories import OfferingFactory, SubjectFactory


class EnrollmentFactory(DjangoModelFactory):
    """An approved enrolment (status enrolled) of a participant in an offering."""

    class Meta:
        model = Enrollment

    offering = factory.SubFactory(OfferingFactory)
    participant = factory.SubFactory(UserFactory)
    status = EnrollmentStatus.ENROLLED


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material

    subject = factory.SubFactory(SubjectFactory)
    program = factory.LazyAttribute(lambda o: o.subject.program if o.subject else None)
    kind = MaterialKind.VIDEO_URL
    title = factory.Sequence(lambda n: f"Video materi {n}")
    url = "https://video.example.go.id/materi.mp4"
    duration_seconds = 1800


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    offering = factory.SubFactory(OfferingFactory)
    subject = factory.SubFactory(
        SubjectFactory, program=factory.SelfAttribute("..offering.program")
    )
    title = factory.Sequence(lambda n: f"Tugas {n}")
    instructions = "Tulis telaahan staf dua halaman."
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    allowed_file_types = ["pdf", "docx"]

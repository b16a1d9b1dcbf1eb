"""More factories of the curriculum context, and sample objects for the policy matrix."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from bangkom.accounts.choices import Role
from bangkom.curriculum.models import (
    CommitteeMember,
    FacilitatorCertification,
    FacilitatorProfile,
    ProgramCompetency,
)
from tests.accounts.factories import UserFactory
from tests.curriculum.factories import (
    CompetencyFactory,
    FacilitatorProfileFactory,
    OfferingFactory,
    ProgramFactory,
    RulesDocumentFactory,
    SubjectFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_upload(name: str = "sertifikat.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ProgramCompetencyFactory(DjangoModelFactory):
    class Meta:
        model = ProgramCompetency

    program = factory.SubFactory(ProgramFactory)
    competency = factory.SubFactory(CompetencyFactory)
    target_level = 3


class CommitteeMemberFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    offering = factory.SubFactory(OfferingFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.PENGELOLA])
    task = "Sekretariat"


class FacilitatorCertificationFactory(DjangoModelFactory):
    class Meta:
        model = FacilitatorCertification

    profile = factory.SubFactory(FacilitatorProfileFactory)
    name = factory.Sequence(lambda n: f"Sertifikat Widyaiswara {n}")
    issuer = "LAN RI"
    number = factory.Sequence(lambda n: f"SERT/{n:04d}/2024")
    issued_on = date(2024, 1, 15)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=400))

    class Params:
        with_evidence = factory.Trait(
            evidence=factory.django.FileField(filename="bukti.pdf", data=PDF_BYTES),
            evidence_name="bukti asli.pdf",
        )


def verified_facilitator(**kwargs: object):
    """A widyaiswara user whose qualifications a manager verified."""
    return FacilitatorProfileFactory(is_verified=True, **kwargs).user


def policy_route_samples(personas: dict) -> dict[str, list]:
    """URL arguments for every curriculum route of the policy matrix (tests/accounts).

    The certification belongs to the widyaiswara persona, so that persona (allowed the
    route) gets 200 and every other allowed role gets it as a manager.
    """
    program = ProgramFactory()
    subject = SubjectFactory(program=program)
    target = ProgramCompetencyFactory(program=program)
    rules = RulesDocumentFactory(program=program)
    offering = OfferingFactory(program=program)
    member = CommitteeMemberFactory(offering=offering)
    widyaiswara = personas[Role.WIDYAISWARA]
    profile, _created = FacilitatorProfile.objects.get_or_create(user=widyaiswara)
    certification = FacilitatorCertificationFactory(profile=profile, with_evidence=True)
    return {
        "curriculum:program-detail": [program.pk],
        "curriculum:program-edit": [program.pk],
        "curriculum:subject-create": [program.pk],
        "curriculum:subject-edit": [subject.pk],
        "curriculum:competency-set": [program.pk],
        "curriculum:competency-remove": [target.pk],
        "curriculum:rules-create": [program.pk],
        "curriculum:rules-detail": [rules.pk],
        "curriculum:offering-create": [program.pk],
        "curriculum:offering-detail": [offering.pk],
        "curriculum:offering-edit": [offering.pk],
        "curriculum:offering-status": [offering.pk],
        "curriculum:committee-add": [offering.pk],
        "curriculum:committee-remove": [member.pk],
        "curriculum:facilitator-detail": [widyaiswara.pk],
        "curriculum:facilitator-verify": [widyaiswara.pk],
        "curriculum:certification-delete": [certification.pk],
        "curriculum:certification-evidence": [certification.pk],
    }

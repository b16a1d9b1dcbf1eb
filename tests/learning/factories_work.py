"""Factories and file builders of the learning context's work area (assignments, forums)."""

from __future__ import annotations

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from bangkom.common.richtext import render_markdown
from bangkom.learning.models import ForumPost, ForumThread, Submission
from tests.accounts.factories import UserFactory
from tests.learning.factories import AssignmentFactory, EnrollmentFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def pdf_upload(name: str = "telaahan.pdf", *, size: int | None = None) -> SimpleUploadedFile:
    """A real PDF (by its magic bytes), padded to ``size`` bytes when given."""
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_upload(name: str = "laporan.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/msword")


def empty_upload(name: str = "kosong.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"", content_type="application/pdf")


def disguised_upload(name: str = "tugas.pdf") -> SimpleUploadedFile:
    """HTML with a script, named and labelled as a PDF."""
    html = b"<html><body><script>alert(document.cookie)</script></body></html>"
    return SimpleUploadedFile(name, html, content_type="application/pdf")


class SubmissionFactory(DjangoModelFactory):
    """A text answer (version 1) by an enrolled participant of the assignment's offering."""

    class Meta:
        model = Submission

    assignment = factory.SubFactory(AssignmentFactory)
    enrollment = factory.SubFactory(
        EnrollmentFactory, offering=factory.SelfAttribute("..assignment.offering")
    )
    version = 1
    text = "Jawaban saya."


class ForumThreadFactory(DjangoModelFactory):
    class Meta:
        model = ForumThread

    offering = factory.SubFactory("tests.curriculum.factories.OfferingFactory")
    subject = factory.SubFactory(
        "tests.curriculum.factories.SubjectFactory",
        program=factory.SelfAttribute("..offering.program"),
    )
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Pertanyaan {n}")
    body_markdown = "Bagaimana cara menyusun **policy brief**?"
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body_markdown))


class ForumPostFactory(DjangoModelFactory):
    class Meta:
        model = ForumPost

    thread = factory.SubFactory(ForumThreadFactory)
    author = factory.SubFactory(UserFactory)
    body_markdown = "Terima kasih."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body_markdown))


def work_route_samples(*, participant: object, facilitator: object) -> dict[str, list[int]]:
    """URL arguments for every work-area route, built so that each role the policy admits
    gets a page: ``participant`` is enrolled and has submitted a file, ``facilitator``
    facilitates the subject (managers see everything). For role-matrix tests."""
    from django.utils import timezone

    from bangkom.learning.assignments import submit_assignment
    from tests.curriculum.factories import OfferingFactory, SubjectFactory

    offering = OfferingFactory(running=True)
    subject = SubjectFactory(program=offering.program)
    subject.facilitators.add(facilitator)
    assignment = AssignmentFactory(offering=offering, subject=subject)
    enrollment = EnrollmentFactory(offering=offering, participant=participant)
    submission = submit_assignment(
        assignment, enrollment, text="", upload=pdf_upload(), now=timezone.now()
    )
    thread = ForumThreadFactory(offering=offering, subject=subject, author=participant)
    return {
        "learning:assignments": [enrollment.pk],
        "learning:assignment-submit": [enrollment.pk, assignment.pk],
        "learning:assignment-manage": [offering.pk],
        "learning:assignment-edit": [assignment.pk],
        "learning:grading": [assignment.pk],
        "learning:grading-xlsx": [assignment.pk],
        "learning:submission-grade": [submission.pk],
        "learning:submission-file": [submission.pk],
        "learning:forum": [offering.pk, subject.pk],
        "learning:thread": [thread.pk],
    }

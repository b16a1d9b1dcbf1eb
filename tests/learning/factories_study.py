"""Factories and sample files of the learning context's study area."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from bangkom.curriculum.choices import OfferingStatus
from bangkom.learning.choices import MaterialKind
from bangkom.learning.models import Announcement, Material
from tests.curriculum.factories import OfferingFactory, SubjectFactory

# The smallest bytes each content check accepts (magic numbers), padded to look like files.
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2048
WEBM_BYTES = b"\x1a\x45\xdf\xa3" + b"\x00" * 2048
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def running_offering(**kwargs):
    """A published offering whose learning window is open now (started yesterday)."""
    now = timezone.now()
    defaults = {
        "status": OfferingStatus.RUNNING,
        "enrollment_opens_at": now - timedelta(days=10),
        "enrollment_closes_at": now - timedelta(days=2),
        "starts_at": now - timedelta(days=1),
        "ends_at": now + timedelta(days=9),
    }
    return OfferingFactory(**{**defaults, **kwargs})


class VideoMaterialFactory(DjangoModelFactory):
    """An uploaded MP4 video of a subject (the tracked player), 30 minutes long."""

    class Meta:
        model = Material

    subject = factory.SubFactory(SubjectFactory)
    program = factory.LazyAttribute(lambda o: o.subject.program if o.subject else None)
    kind = MaterialKind.VIDEO
    title = factory.Sequence(lambda n: f"Video pembelajaran {n}")
    file = factory.django.FileField(data=MP4_BYTES, filename="video.mp4")
    original_filename = "kuliah.mp4"
    duration_seconds = 1800


class DocumentMaterialFactory(DjangoModelFactory):
    """A module (PDF) of a subject."""

    class Meta:
        model = Material

    subject = factory.SubFactory(SubjectFactory)
    program = factory.LazyAttribute(lambda o: o.subject.program if o.subject else None)
    kind = MaterialKind.MODULE
    title = factory.Sequence(lambda n: f"Modul {n}")
    file = factory.django.FileField(data=PDF_BYTES, filename="modul.pdf")
    original_filename = "modul.pdf"


class AnnouncementFactory(DjangoModelFactory):
    class Meta:
        model = Announcement

    offering = factory.SubFactory(OfferingFactory)
    title = factory.Sequence(lambda n: f"Pengumuman {n}")
    body_html = "<p>Jadwal sesi Zoom diubah.</p>"

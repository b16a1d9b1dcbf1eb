"""The zip of all of an offering's certificate PDFs, built in the background with progress
(issue: "a manager downloads all of an offering's as a zip built by a background task")."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from datetime import datetime

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.certificates.choices import ArchiveStatus
from bangkom.certificates.errors import NotAllowedToManage
from bangkom.certificates.models import Certificate, CertificateArchiveJob
from bangkom.certificates.pdf import render_certificate_pdf
from bangkom.certificates.permissions import can_manage_certificates
from bangkom.curriculum.models import Offering

PROGRESS_EVERY = 25  # one small UPDATE per 25 PDFs (~1 s of rendering) keeps the bar moving


def pdf_filename(certificate: Certificate) -> str:
    """A file name for the PDF: the number with separators made safe."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in certificate.number)
    return f"sertifikat-{safe}.pdf"


def start_archive(offering: Offering, *, by: User, now: datetime) -> CertificateArchiveJob:
    """Create a pending zip job for ``offering`` and enqueue it once the transaction commits."""
    if not can_manage_certificates(by, offering):
        raise NotAllowedToManage()
    from bangkom.certificates.tasks import build_certificate_archive_task

    job = CertificateArchiveJob.objects.create(
        offering=offering,
        requested_by=by,
        total=Certificate.objects.filter(offering=offering).count(),
    )
    transaction.on_commit(lambda: build_certificate_archive_task.enqueue(job.pk))
    return job


def write_archive(
    certificates: list[Certificate], target: object, progress: Callable[[int], None] | None = None
) -> None:
    """Write the PDFs of ``certificates`` into the zip file object ``target``."""
    # PDFs are already compressed: storing them is much faster and barely larger.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, certificate in enumerate(certificates, start=1):
            archive.writestr(pdf_filename(certificate), render_certificate_pdf(certificate))
            if progress and index % PROGRESS_EVERY == 0:
                progress(index)


def build_archive(job_id: int) -> None:
    """Build a pending job's zip (idempotent: only a PENDING job is claimed)."""
    claimed = CertificateArchiveJob.objects.filter(pk=job_id, status=ArchiveStatus.PENDING).update(
        status=ArchiveStatus.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return
    job = CertificateArchiveJob.objects.select_related("offering").get(pk=job_id)
    certificates = list(Certificate.objects.filter(offering=job.offering).order_by("sequence"))
    CertificateArchiveJob.objects.filter(pk=job_id).update(total=len(certificates), done=0)

    def progress(done: int) -> None:
        CertificateArchiveJob.objects.filter(pk=job_id).update(done=done)

    try:
        with tempfile.TemporaryFile() as handle:
            write_archive(certificates, handle, progress)
            handle.seek(0)
            job.file.save(f"sertifikat-{job.offering.code}.zip", File(handle), save=False)
    except Exception:
        CertificateArchiveJob.objects.filter(pk=job_id).update(
            status=ArchiveStatus.FAILED, finished_at=timezone.now()
        )
        raise
    CertificateArchiveJob.objects.filter(pk=job_id).update(
        status=ArchiveStatus.SUCCEEDED,
        file=job.file.name,
        done=len(certificates),
        finished_at=timezone.now(),
    )

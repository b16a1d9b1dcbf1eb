"""Background tasks of the certificates context: IDs in, one domain call."""

from __future__ import annotations

import logging

from django_tasks import task

from bangkom.certificates.archive import build_archive

logger = logging.getLogger(__name__)


@task()
def build_certificate_archive_task(job_id: int) -> None:
    """Build the zip of an archive job; a finished or running job is left alone."""
    try:
        build_archive(job_id)
    except Exception:  # the job is marked FAILED; the manager sees it and may retry
        logger.exception("Certificate archive %s failed", job_id)

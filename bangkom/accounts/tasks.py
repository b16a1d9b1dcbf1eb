"""Background tasks of the accounts context: thin wrappers, IDs in, one domain call."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from bangkom.accounts.models import ImportJob
from bangkom.accounts.registry_import import import_employees

logger = logging.getLogger(__name__)


@task()
def run_employee_import(job_id: int) -> None:
    """Run a pending registry ImportJob and store its outcome on the job.

    Idempotent: only a PENDING job is claimed (by a conditional update), so a duplicate
    enqueue or a retry of a finished job changes nothing. Progress is written with short
    single-row updates while the file is validated, before the import's own write
    transaction opens, so the UI sees it (SQLite WAL lets readers through meanwhile).
    Unexpected exceptions are logged and leave the job FAILED with a generic error row.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        logger.info("Import job %s is not pending; left alone", job_id)
        return
    job = ImportJob.objects.get(pk=job_id)

    def report_progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(total_rows=total, processed_rows=done)

    try:
        with job.file.open("rb") as stream:
            result = import_employees(
                stream,
                filename=job.original_name,
                allow_transfers=job.allow_transfers,
                progress=report_progress,
                actor=job.created_by,
            )
    except Exception:
        logger.exception("Import job %s crashed", job_id)
        _finish(
            job_id,
            status=ImportJob.Status.FAILED,
            errors=[{"row": 0, "column": "", "message": _unexpected_error_message()}],
        )
        return
    _finish(
        job_id,
        status=ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.FAILED,
        errors=[asdict(error) for error in result.errors],
        created_count=result.created,
        updated_count=result.updated,
        total_rows=result.rows,
        processed_rows=result.rows,
    )


def _unexpected_error_message() -> str:
    return _(
        "Terjadi kesalahan tak terduga saat memproses berkas; tidak ada data yang disimpan. "
        "Hubungi admin."
    )


def _finish(job_id: int, **fields: object) -> None:
    now = timezone.now()
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
        finished_at=now, updated_at=now, **fields
    )

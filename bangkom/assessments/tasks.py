"""Background tasks of the assessments context: thin wrappers, primitives in, one domain call."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from bangkom.assessments.attempts import expire_overdue_attempts

EXPIRY_BATCH = 500  # attempts finalised per run; each is one short transaction


@task()
def expire_overdue(limit: int = EXPIRY_BATCH) -> int:
    """Finalise open attempts past their deadline plus grace; returns how many.

    Idempotent: an attempt already finalised (by a submit, lazily or by another sweep) is
    skipped by the conditional update in ``grading.finalise_attempt``.
    """
    return expire_overdue_attempts(now=timezone.now(), limit=limit)

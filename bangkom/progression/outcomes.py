"""The journey's consequences once an attempt is final: certificate and JP credit.

``bangkom.assessments.grading`` calls ``record_attempt_outcome`` on commit after every
finalised attempt. The journey (``learning.progress.journey_for``) decides: kompeten →
completion certificate, exempt by RPL (placement ≥ 85, seed R3) → RPL certificate; both
credit the program's JP (DOMAIN.md §2.4, §4.1). Belum kompeten changes nothing: the
journey state already shows it. Trial enrolments get neither. Every step is idempotent,
so running it twice, or from a later sweep, changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from bangkom.learning.models import Enrollment
from bangkom.learning.progress import journey_for
from bangkom.progression.journey import JourneyState
from bangkom.progression.ledger import credit_certificate
from bangkom.progression.models import JpCredit

logger = logging.getLogger(__name__)

CERTIFICATE_KINDS = {JourneyState.KOMPETEN: "completion", JourneyState.EXEMPT_RPL: "rpl"}


@dataclass(frozen=True)
class Outcome:
    state: JourneyState
    certificate: object | None  # certificates.Certificate once that app exists
    credit: JpCredit | None


def record_attempt_outcome(attempt_id: int) -> Outcome | None:
    """Issue the certificate and credit JP if the attempt's enrolment is now certified.

    Runs after the attempt's transaction committed; a failure is logged, never raised, so
    the participant's submit still answers (the next call, or a sweep, completes it).
    """
    from bangkom.assessments.models import Attempt

    attempt = (
        Attempt.objects.select_related(
            "enrollment__offering__program",
            "enrollment__participant__employee__institution",
        )
        .filter(pk=attempt_id)
        .first()
    )
    if attempt is None:
        return None
    try:
        return record_enrollment_outcome(
            attempt.enrollment, completed_at=attempt.submitted_at or timezone.now()
        )
    except Exception:
        logger.exception("recording the outcome of attempt %s failed", attempt_id)
        return None


def record_enrollment_outcome(enrollment: Enrollment, *, completed_at: datetime) -> Outcome:
    """The consequences of the enrolment's current journey state (idempotent)."""
    state = journey_for(enrollment).state
    kind = CERTIFICATE_KINDS.get(state)
    if kind is None or enrollment.is_trial:
        return Outcome(state=state, certificate=None, credit=None)
    certificate = _issue_certificate(enrollment, kind=kind, now=completed_at)
    if getattr(certificate, "revoked_at", None) is not None:
        return Outcome(state=state, certificate=certificate, credit=None)  # JP withdrawn
    credit = credit_certificate(
        enrollment,
        completed_at=completed_at,
        certificate_number=str(getattr(certificate, "number", "") or ""),
        provider=str(getattr(certificate, "provider_name", "") or ""),
    )
    return Outcome(state=state, certificate=certificate, credit=credit)


def _issue_certificate(enrollment: Enrollment, *, kind: str, now: datetime) -> object | None:
    try:
        from bangkom.certificates.issuance import issue_certificate
    except ImportError:  # the certificates context is not installed yet
        return None
    return issue_certificate(enrollment, kind=kind, now=now)

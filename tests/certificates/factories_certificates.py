"""Builders for certified enrolments: a final test passed (kompeten) or a placement passed (RPL)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.models import Assessment, Attempt
from bangkom.certificates.issuance import issue_certificate
from tests.assessments.factories import AssessmentFactory
from tests.learning.factories import EnrollmentFactory


def passed_attempt(enrollment, *, kind=AssessmentKind.FINAL, assessment=None):
    assessment = (
        assessment
        or Assessment.objects.filter(offering=enrollment.offering, kind=kind).first()
        or AssessmentFactory(offering=enrollment.offering, kind=kind)
    )
    now = timezone.now()
    return Attempt.objects.create(
        assessment=assessment,
        enrollment=enrollment,
        participant=enrollment.participant,
        number=1,
        slot=1,
        status=AttemptStatus.SUBMITTED,
        seed=1,
        form=[],
        passing_score=Decimal("70"),
        max_attempts=3,
        duration_minutes=30,
        started_at=now - timedelta(minutes=20),
        deadline=now + timedelta(minutes=10),
        submitted_at=now,
        score=Decimal("90"),
        passed=True,
    )


def kompeten_enrollment(**fields):
    """An enrolment whose journey is ``kompeten`` (final competency test passed)."""
    enrollment = EnrollmentFactory(**fields)
    passed_attempt(enrollment, kind=AssessmentKind.FINAL)
    return enrollment


def rpl_enrollment(**fields):
    """An enrolment exempt by recognition of prior learning (placement passed)."""
    enrollment = EnrollmentFactory(**fields)
    passed_attempt(enrollment, kind=AssessmentKind.PLACEMENT)
    return enrollment


def issued(enrollment=None, *, kind="completion", now=None, **fields):
    enrollment = enrollment or kompeten_enrollment(**fields)
    return issue_certificate(enrollment, kind=kind, now=now or timezone.now())

"""A small offering whose every dashboard figure is known by hand (tests/reports).

Six approved enrolments of an offering with a placement test, two subject exams and a final
test, all published:

====  =====================================================  =================
 e    what happened                                          journey state
====  =====================================================  =================
 e1   placement passed                                       exempt_rpl
 e2   nothing yet                                            placement_pending
 e3   placement failed; S1 failed then passed; S2 not taken  exams_pending
 e4   placement failed; S1, S2 passed                        final_available
 e5   placement failed; S1, S2 passed; final failed, passed  kompeten
 e6   placement failed; S1, S2 passed; final failed once     final_available
====  =====================================================  =================

Noise that no figure may count: a pending enrolment, a trial enrolment that passed
everything, an open attempt, a voided passing attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.models import Assessment, Attempt
from bangkom.learning.choices import AttendanceSource, EnrollmentStatus
from bangkom.learning.models import AttendanceRecord, Enrollment
from tests.assessments.factories import AssessmentFactory
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.learning.factories import EnrollmentFactory

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _t0() -> datetime:
    return T0


def make_attempt(
    assessment: Assessment,
    enrollment: Enrollment,
    *,
    number: int = 1,
    passed: bool | None = True,
    status: str = AttemptStatus.SUBMITTED,
    at: datetime | None = None,
    is_trial: bool = False,
) -> Attempt:
    """A finished (or open/voided) attempt with a score that matches ``passed``."""
    at = at or _t0() + timedelta(days=1)
    return Attempt.objects.create(
        assessment=assessment,
        enrollment=enrollment,
        participant=enrollment.participant,
        number=number,
        slot=None if status == AttemptStatus.VOIDED else number,
        status=status,
        seed=number,
        form=[],
        passing_score=assessment.passing_score,
        max_attempts=assessment.max_attempts,
        duration_minutes=30,
        started_at=at - timedelta(minutes=30),
        deadline=at + timedelta(minutes=30),
        submitted_at=at if status != AttemptStatus.OPEN else None,
        score=None if status == AttemptStatus.OPEN else Decimal("90" if passed else "50"),
        passed=passed if status != AttemptStatus.OPEN else None,
        is_trial=is_trial,
    )


@dataclass
class KnownOffering:
    offering: object
    placement: Assessment
    s1: Assessment
    s2: Assessment
    final: Assessment
    e: dict[int, Enrollment]


def known_offering() -> KnownOffering:
    t0 = _t0()
    offering = OfferingFactory(running=True, starts_at=t0, ends_at=t0 + timedelta(days=9, hours=12))
    program = offering.program
    placement = AssessmentFactory(
        offering=offering,
        kind=AssessmentKind.PLACEMENT,
        title="Tes penempatan",
        passing_score=Decimal("85"),
        max_attempts=1,
    )
    s1 = AssessmentFactory(
        offering=offering,
        kind=AssessmentKind.SUBJECT,
        title="Ujian MP 1",
        subject=SubjectFactory(program=program, order=1),
        max_attempts=5,
    )
    s2 = AssessmentFactory(
        offering=offering,
        kind=AssessmentKind.SUBJECT,
        title="Ujian MP 2",
        subject=SubjectFactory(program=program, order=2),
        max_attempts=5,
    )
    final = AssessmentFactory(
        offering=offering,
        kind=AssessmentKind.FINAL,
        title="Uji kompetensi akhir",
        max_attempts=3,
    )
    e = {
        n: EnrollmentFactory(offering=offering, decided_at=t0, requested_at=t0 - timedelta(days=3))
        for n in range(1, 7)
    }
    day = timedelta(days=1)
    make_attempt(placement, e[1], passed=True, at=t0 + 2 * day)
    for n in (3, 4, 5, 6):
        make_attempt(placement, e[n], passed=False, at=t0 + day)
    make_attempt(s1, e[3], number=1, passed=False, at=t0 + 3 * day)
    make_attempt(s1, e[3], number=2, passed=True, at=t0 + 4 * day)
    for n in (4, 5, 6):
        make_attempt(s1, e[n], passed=True, at=t0 + 3 * day)
        make_attempt(s2, e[n], passed=True, at=t0 + 4 * day)
    make_attempt(final, e[5], number=1, passed=False, at=t0 + 8 * day)
    make_attempt(final, e[5], number=2, passed=True, at=t0 + 10 * day)
    make_attempt(final, e[6], number=1, passed=False, at=t0 + 8 * day)
    # noise
    make_attempt(s2, e[3], number=1, passed=None, status=AttemptStatus.OPEN, at=t0 + 5 * day)
    make_attempt(final, e[4], number=1, passed=True, status=AttemptStatus.VOIDED, at=t0 + 6 * day)
    EnrollmentFactory(offering=offering, status=EnrollmentStatus.PENDING)
    trial = EnrollmentFactory(offering=offering, is_trial=True)
    for assessment in (placement, s1, s2, final):
        make_attempt(assessment, trial, passed=True, is_trial=True)
    AttendanceRecord.objects.bulk_create(
        [
            AttendanceRecord(
                enrollment=e[3], day=date(2026, 3, 2), source=AttendanceSource.CHECK_IN
            ),
            AttendanceRecord(
                enrollment=e[3], day=date(2026, 3, 3), source=AttendanceSource.ACTIVITY
            ),
            AttendanceRecord(
                enrollment=e[4], day=date(2026, 3, 3), source=AttendanceSource.CHECK_IN
            ),
            AttendanceRecord(
                enrollment=trial, day=date(2026, 3, 3), source=AttendanceSource.CHECK_IN
            ),
        ]
    )
    return KnownOffering(offering, placement, s1, s2, final, e)


SMART_TOTAL = 13_731_988
CONVENTIONAL_TOTAL = 91_829_000


def budget_snapshot(participants: int = 30) -> dict:
    """A submitted plan's budget: the seed's Tabel 2 (DOMAIN.md S-3)."""
    return {
        "version": 1,
        "computed_at": "2026-01-05T00:00:00+00:00",
        "template": "Tabel 2",
        "year": 2026,
        "scenario": "smart",
        "total": SMART_TOTAL,
        "per_participant": 457_733,
        "totals": {"conventional": CONVENTIONAL_TOTAL, "smart": SMART_TOTAL},
        "saving": CONVENTIONAL_TOTAL - SMART_TOTAL,
        "parameters": {"participants": str(participants)},
    }


def disqualified(enrollment: Enrollment, *, by: object, active: bool = True) -> object:
    """An enrolment disqualified by a sanction (lifted when ``active`` is False)."""
    from bangkom.evaluation.models import Sanction, Violation

    at = T0 + timedelta(days=11)
    violation = Violation.objects.create(
        enrollment=enrollment,
        kind="exam_integrity",
        description="Bukti uji",
        recorded_by=by,
        recorded_at=at,
    )
    return Sanction.objects.create(
        violation=violation,
        enrollment=enrollment,
        kind="disqualification",
        reason="Pelanggaran integritas ujian",
        decided_by=by,
        decided_at=at,
        is_active=active,
        lifted_at=None if active else at,
    )

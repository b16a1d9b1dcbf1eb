"""Certificates under parallel requests (PostgreSQL only; RELIABILITY.md control 2, 13):
issued once per enrolment, numbers unique and gap-free."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from bangkom.assessments.attempts import start_attempt, submit_attempt
from bangkom.assessments.choices import AssessmentKind
from bangkom.assessments.models import Attempt
from bangkom.certificates.issuance import issue_certificate
from bangkom.certificates.models import Certificate
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.assessments.test_concurrency import run_in_parallel
from tests.certificates.factories_certificates import kompeten_enrollment
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database shared by threads"
    ),
]


def test_parallel_final_submits_issue_one_certificate(peserta):
    # given a final test everybody passes (no questions answered, pass mark 0)
    enrollment = EnrollmentFactory(participant=peserta, offering__running=True)
    bank = make_bank(enrollment.offering.program, size=10)
    assessment = AssessmentFactory(
        offering=enrollment.offering,
        kind=AssessmentKind.FINAL,
        item_count=5,
        passing_score=0,
        banks=[bank],
    )
    attempt, _ = start_attempt(
        assessment, enrollment=enrollment, participant=peserta, now=timezone.now()
    )

    run_in_parallel(
        2, lambda _i: submit_attempt(Attempt.objects.get(pk=attempt.pk), now=timezone.now())
    )

    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


def test_parallel_issues_for_one_enrolment_return_one_certificate():
    enrollment = kompeten_enrollment()
    results = run_in_parallel(
        8, lambda _i: issue_certificate(enrollment, kind="completion", now=timezone.now()).pk
    )
    assert not [r for r in results if isinstance(r, Exception)]
    assert len(set(results)) == 1
    assert Certificate.objects.get().sequence == 1


def test_twenty_parallel_issues_get_gap_free_unique_numbers():
    offering = OfferingFactory()
    enrollments = [kompeten_enrollment(offering=offering) for _ in range(20)]
    results = run_in_parallel(
        20,
        lambda i: issue_certificate(enrollments[i], kind="completion", now=timezone.now()).number,
    )
    assert not [r for r in results if isinstance(r, Exception)]
    sequences = sorted(
        Certificate.objects.filter(offering=offering).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, 21))
    assert len(set(results)) == 20

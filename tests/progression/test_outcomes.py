"""The journey's consequences through the real exam engine (seed S-1 R3, R7; DOMAIN.md §2.4).

A placement pass (≥ 85, one attempt) exempts by recognition of prior learning and credits
the program's JP; the participant may not enrol in that program again and cannot retake
the placement test; a placement fail moves them to learning; a passed final test makes
them kompeten and credits the JP once. Trial enrolments get nothing.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from bangkom.assessments.choices import AssessmentKind
from bangkom.learning.eligibility import EligibilityReason, check_eligibility
from bangkom.learning.progress import journey_for
from bangkom.progression.choices import CreditSource
from bangkom.progression.journey import JourneyState
from bangkom.progression.models import JpCredit
from bangkom.progression.outcomes import record_attempt_outcome
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory, MaterialFactory
from tests.progression.conftest import start, take_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(peserta):
    return EnrollmentFactory(
        participant=peserta, offering__running=True, offering__program__total_jp=Decimal("24")
    )


@pytest.fixture
def placement(enrollment):
    bank = make_bank(enrollment.offering.program, size=10)
    return AssessmentFactory(
        offering=enrollment.offering,
        kind=AssessmentKind.PLACEMENT,
        max_attempts=1,
        passing_score=Decimal("85"),
        item_count=5,
        banks=[bank],
    )


def _certificates_installed() -> bool:
    try:
        import bangkom.certificates.issuance  # noqa: F401
    except ImportError:
        return False
    return True


def test_placement_pass_exempts_credits_jp_and_blocks_reenrolment(
    api, enrollment, placement, peserta, django_capture_on_commit_callbacks
):
    result = take_test(
        api, placement, enrollment, correct=True, capture=django_capture_on_commit_callbacks
    )

    assert result["passed"] is True
    assert journey_for(enrollment).state == JourneyState.EXEMPT_RPL
    credit = JpCredit.objects.get(enrollment=enrollment)
    assert credit.jp == Decimal("24")
    assert credit.source == CreditSource.CERTIFICATE
    assert credit.employee == peserta.employee
    again = OfferingFactory(program=enrollment.offering.program)
    refusal = check_eligibility(peserta, again, now=timezone.now())
    assert refusal.reason == EligibilityReason.ALREADY_CERTIFIED


def test_placement_cannot_be_taken_a_second_time_after_a_pass(
    api, enrollment, placement, django_capture_on_commit_callbacks
):
    take_test(api, placement, enrollment, correct=True, capture=django_capture_on_commit_callbacks)

    second = start(api, placement, enrollment)

    assert second.status_code == 403
    assert second.json()["code"] in {"already_passed", "attempts_exhausted", "exempt"}
    assert JpCredit.objects.filter(enrollment=enrollment).count() == 1


def test_placement_fail_moves_to_learning_without_credit_and_no_retake(
    api, enrollment, placement, django_capture_on_commit_callbacks
):
    MaterialFactory(subject__program=enrollment.offering.program)  # something to study
    result = take_test(
        api, placement, enrollment, correct=False, capture=django_capture_on_commit_callbacks
    )

    assert result["passed"] is False
    assert journey_for(enrollment).state == JourneyState.LEARNING
    assert not JpCredit.objects.filter(enrollment=enrollment).exists()
    second = start(api, placement, enrollment)
    assert second.status_code == 403
    assert second.json()["code"] == "attempts_exhausted"


@pytest.mark.skipif(not _certificates_installed(), reason="certificates context not installed")
def test_placement_pass_issues_an_rpl_certificate_whose_number_is_on_the_credit(
    api, enrollment, placement, django_capture_on_commit_callbacks
):
    from bangkom.certificates.models import Certificate

    take_test(api, placement, enrollment, correct=True, capture=django_capture_on_commit_callbacks)

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.kind == "rpl"
    assert JpCredit.objects.get(enrollment=enrollment).certificate_number == certificate.number


@pytest.fixture
def final_exam(enrollment):
    bank = make_bank(enrollment.offering.program, size=10)
    return AssessmentFactory(
        offering=enrollment.offering, kind=AssessmentKind.FINAL, item_count=5, banks=[bank]
    )


def test_passed_final_makes_kompeten_and_credits_the_program_jp_once(
    api, enrollment, final_exam, django_capture_on_commit_callbacks
):
    result = take_test(
        api, final_exam, enrollment, correct=True, capture=django_capture_on_commit_callbacks
    )
    attempt_id = result["attempt_id"]
    record_attempt_outcome(attempt_id)  # a second run (a sweep, a retry) changes nothing

    assert result["result"] == "kompeten"
    assert journey_for(enrollment).state == JourneyState.KOMPETEN
    assert JpCredit.objects.filter(enrollment=enrollment).count() == 1
    assert JpCredit.objects.get(enrollment=enrollment).jp == Decimal("24")


def test_failed_final_credits_nothing(
    api, enrollment, final_exam, django_capture_on_commit_callbacks
):
    result = take_test(
        api, final_exam, enrollment, correct=False, capture=django_capture_on_commit_callbacks
    )

    assert result["result"] == "belum_kompeten"
    assert not JpCredit.objects.exists()


def test_trial_enrolment_gets_no_credit(api, peserta, django_capture_on_commit_callbacks):
    trial = EnrollmentFactory(participant=peserta, offering__running=True, is_trial=True)
    bank = make_bank(trial.offering.program, size=10)
    final = AssessmentFactory(
        offering=trial.offering, kind=AssessmentKind.FINAL, item_count=5, banks=[bank]
    )

    take_test(api, final, trial, correct=True, capture=django_capture_on_commit_callbacks)

    assert journey_for(trial).state == JourneyState.KOMPETEN
    assert not JpCredit.objects.exists()


def test_outcome_of_an_unknown_attempt_is_nothing():
    assert record_attempt_outcome(999_999) is None

"""Eligibility: one function, one specific reason per refusal (DOMAIN.md S-1 R1, R3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bangkom.accounts.choices import PositionType
from bangkom.curriculum.choices import OfferingStatus
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.eligibility import (
    MESSAGES,
    EligibilityReason,
    check_eligibility,
    eligibility_matrix,
)
from tests.accounts.factories import InstitutionFactory, UserFactory
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_catalogue import certify

pytestmark = pytest.mark.django_db


def reason(user, offering, **kwargs):
    return check_eligibility(user, offering, now=timezone.now(), **kwargs).reason


def test_registered_participant_of_an_open_offering_is_eligible(peserta):
    verdict = check_eligibility(peserta, OfferingFactory(), now=timezone.now())
    assert verdict.ok
    assert verdict.reason is None


def test_user_without_registry_employee_is_refused_not_registered(home_institution):
    user = UserFactory(institution=home_institution)
    user.employee = None
    user.save()
    assert reason(user, OfferingFactory()) == EligibilityReason.NOT_REGISTERED


def test_inactive_registry_employee_is_refused_not_registered(peserta):
    peserta.employee.is_active = False
    peserta.employee.save()
    verdict = check_eligibility(peserta, OfferingFactory(), now=timezone.now())
    assert verdict.reason == EligibilityReason.NOT_REGISTERED
    assert verdict.message == MESSAGES[EligibilityReason.NOT_REGISTERED]


def test_institution_outside_the_listed_ones_is_refused(peserta, other_institution):
    offering = OfferingFactory()
    offering.eligible_institutions.add(other_institution)
    assert reason(peserta, offering) == EligibilityReason.INSTITUTION_NOT_ELIGIBLE


def test_listed_institution_is_eligible(peserta, home_institution):
    offering = OfferingFactory()
    offering.eligible_institutions.add(home_institution)
    assert reason(peserta, offering) is None


def test_position_type_outside_the_listed_ones_is_refused(peserta):
    peserta.employee.position_type = PositionType.PELAKSANA
    peserta.employee.save()
    offering = OfferingFactory(eligible_position_types=[PositionType.ADMINISTRATOR])
    assert reason(peserta, offering) == EligibilityReason.POSITION_NOT_ELIGIBLE
    peserta.employee.position_type = PositionType.ADMINISTRATOR
    assert reason(peserta, offering) is None


@pytest.mark.parametrize(
    ("opens", "closes", "status"),
    [
        (1, 5, OfferingStatus.PUBLISHED),  # not open yet
        (-10, -1, OfferingStatus.PUBLISHED),  # already closed
        (-5, 5, OfferingStatus.DRAFT),  # window open but not published
        (-5, 5, OfferingStatus.CLOSED),
    ],
)
def test_closed_window_is_refused(peserta, opens, closes, status):
    now = timezone.now()
    offering = OfferingFactory(
        status=status,
        enrollment_opens_at=now + timedelta(days=opens),
        enrollment_closes_at=now + timedelta(days=closes),
    )
    assert reason(peserta, offering) == EligibilityReason.WINDOW_CLOSED


def test_running_offering_with_an_open_window_is_eligible(peserta):
    assert reason(peserta, OfferingFactory(running=True)) is None


def test_managers_skip_only_the_window(peserta, other_institution):
    now = timezone.now()
    closed = OfferingFactory(
        enrollment_opens_at=now - timedelta(days=10), enrollment_closes_at=now - timedelta(days=1)
    )
    assert reason(peserta, closed, ignore_window=True) is None
    closed.eligible_institutions.add(other_institution)
    assert reason(peserta, closed, ignore_window=True) == EligibilityReason.INSTITUTION_NOT_ELIGIBLE


@pytest.mark.parametrize("status", [EnrollmentStatus.PENDING, EnrollmentStatus.ENROLLED])
def test_pending_or_enrolled_person_is_refused_already_enrolled(peserta, status):
    offering = OfferingFactory()
    EnrollmentFactory(offering=offering, participant=peserta, status=status)
    assert reason(peserta, offering) == EligibilityReason.ALREADY_ENROLLED


@pytest.mark.parametrize("status", [EnrollmentStatus.REJECTED, EnrollmentStatus.WITHDRAWN])
def test_rejected_or_withdrawn_person_may_ask_again(peserta, status):
    offering = OfferingFactory()
    EnrollmentFactory(offering=offering, participant=peserta, status=status)
    assert reason(peserta, offering) is None


def test_competent_in_an_earlier_offering_of_the_program_is_refused(peserta, monkeypatch):
    earlier = EnrollmentFactory(participant=peserta)
    certify(monkeypatch, earlier)
    again = OfferingFactory(program=earlier.offering.program)
    assert reason(peserta, again) == EligibilityReason.ALREADY_CERTIFIED


def test_exempt_by_prior_learning_recognition_is_refused(peserta, monkeypatch):
    earlier = EnrollmentFactory(participant=peserta)
    certify(monkeypatch, earlier, rpl=True)
    again = OfferingFactory(program=earlier.offering.program)
    assert reason(peserta, again) == EligibilityReason.ALREADY_CERTIFIED


def test_competence_in_another_program_or_a_trial_run_does_not_count(peserta, monkeypatch):
    other_program = EnrollmentFactory(participant=peserta)
    earlier_trial = EnrollmentFactory(participant=peserta, is_trial=True)
    certify(monkeypatch, other_program, earlier_trial)
    assert reason(peserta, OfferingFactory(program=earlier_trial.offering.program)) is None


def test_enrolled_but_not_yet_competent_elsewhere_is_eligible(peserta):
    earlier = EnrollmentFactory(participant=peserta)
    assert reason(peserta, OfferingFactory(program=earlier.offering.program)) is None


def test_full_capacity_is_refused_and_trial_places_do_not_count(peserta):
    offering = OfferingFactory(capacity=1)
    EnrollmentFactory(offering=offering, is_trial=True)
    assert reason(peserta, offering) is None
    EnrollmentFactory(offering=offering, status=EnrollmentStatus.PENDING)
    assert reason(peserta, offering) == EligibilityReason.CAPACITY_FULL


def test_rejected_enrolments_free_their_place(peserta):
    offering = OfferingFactory(capacity=1)
    EnrollmentFactory(offering=offering, status=EnrollmentStatus.REJECTED)
    assert reason(peserta, offering) is None


def test_every_reason_has_an_indonesian_message():
    assert set(MESSAGES) == set(EligibilityReason)


def test_matrix_answers_like_the_single_check(peserta, peserta_lain, django_assert_max_num_queries):
    offerings = [OfferingFactory(), OfferingFactory(capacity=1)]
    offerings[1].eligible_institutions.add(InstitutionFactory())
    EnrollmentFactory(offering=offerings[0], participant=peserta)
    now = timezone.now()
    # a fixed number: institutions, active rows, earlier enrolments + their journeys, places
    with django_assert_max_num_queries(15):
        matrix = eligibility_matrix([peserta, peserta_lain], offerings, now=now)
    for user in (peserta, peserta_lain):
        for offering in offerings:
            assert matrix[(user.pk, offering.pk)] == check_eligibility(user, offering, now=now)

"""Enrolment requests, supervisor decisions, withdrawals and managers' enrolments
(DOMAIN.md S-1 R1, R2; API.md: Catalogue and enrolment)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentSource, EnrollmentStatus
from bangkom.learning.enrollment import (
    _store,
    decide_enrollment,
    enroll_by_manager,
    request_enrollment,
    withdraw_enrollment,
)
from bangkom.learning.errors import (
    AlreadyDecided,
    DecisionNotAllowed,
    EnrollmentRefused,
    NotWithdrawable,
    ReasonRequired,
    TrialConflict,
)
from bangkom.learning.models import Enrollment
from bangkom.notifications.models import Notification
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_catalogue import PendingEnrollmentFactory

pytestmark = pytest.mark.django_db


def now():
    return timezone.now()


# --- requests ------------------------------------------------------------------------


def test_request_waits_for_the_supervisor_who_is_notified(peserta, pimpinan, pimpinan_lain):
    offering = OfferingFactory()

    enrollment, created = request_enrollment(peserta, offering, now=now(), motivation="Perlu")

    assert created
    assert enrollment.status == EnrollmentStatus.PENDING
    assert enrollment.source == EnrollmentSource.SELF
    assert enrollment.motivation == "Perlu"
    assert Notification.objects.filter(user=pimpinan).count() == 1
    assert not Notification.objects.filter(user=pimpinan_lain).exists()


def test_offering_without_approval_enrols_at_once(peserta):
    offering = OfferingFactory(requires_supervisor_approval=False)
    enrollment, created = request_enrollment(peserta, offering, now=now())
    assert created
    assert enrollment.status == EnrollmentStatus.ENROLLED


def test_asking_twice_returns_the_same_row(peserta):
    offering = OfferingFactory()
    first, created_first = request_enrollment(peserta, offering, now=now())
    second, created_second = request_enrollment(peserta, offering, now=now())
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Enrollment.objects.filter(offering=offering, participant=peserta).count() == 1


def test_lost_insert_race_returns_the_winner_row(peserta):
    # What the loser of two concurrent inserts sees: the unique constraint holds.
    offering = OfferingFactory()
    winner = EnrollmentFactory(offering=offering, participant=peserta)
    row, created = _store(
        None,
        offering,
        peserta,
        status=EnrollmentStatus.PENDING,
        source=EnrollmentSource.SELF,
        now=now(),
        decided_by=None,
    )
    assert (row.pk, created) == (winner.pk, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks")
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_create_one_row(peserta):
    offering = OfferingFactory()
    barrier = threading.Barrier(2)
    results = []

    def enrol():
        barrier.wait()
        try:
            results.append(request_enrollment(peserta, offering, now=now())[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
    assert Enrollment.objects.filter(offering=offering, participant=peserta).count() == 1


def test_refusal_raises_the_reason_as_code_and_writes_nothing(peserta, other_institution):
    offering = OfferingFactory()
    offering.eligible_institutions.add(other_institution)
    with pytest.raises(EnrollmentRefused) as refused:
        request_enrollment(peserta, offering, now=now())
    assert refused.value.code == "institution_not_eligible"
    assert refused.value.status == 403
    assert not Enrollment.objects.exists()


def test_second_request_beyond_capacity_one_is_refused(peserta, peserta_lain):
    offering = OfferingFactory(capacity=1)
    request_enrollment(peserta, offering, now=now())
    with pytest.raises(EnrollmentRefused) as refused:
        request_enrollment(peserta_lain, offering, now=now())
    assert refused.value.code == "capacity_full"
    assert Enrollment.objects.filter(offering=offering).count() == 1


def test_rejected_person_asks_again_on_the_same_row(peserta, pimpinan):
    offering = OfferingFactory()
    first, _created = request_enrollment(peserta, offering, now=now())
    decide_enrollment(first, approve=False, reason="Kuota unit", by=pimpinan, now=now())

    again, created = request_enrollment(peserta, offering, now=now() + timedelta(minutes=1))

    assert created
    assert again.pk == first.pk
    assert again.status == EnrollmentStatus.PENDING
    assert again.decided_by is None
    assert again.decision_reason == ""


# --- decisions -----------------------------------------------------------------------


def test_supervisor_approves_and_the_participant_is_notified(peserta, pimpinan):
    pending = PendingEnrollmentFactory(participant=peserta)

    decided = decide_enrollment(pending, approve=True, reason="", by=pimpinan, now=now())

    assert decided.status == EnrollmentStatus.ENROLLED
    assert decided.decided_by == pimpinan
    note = Notification.objects.get(user=peserta)
    assert note.event_key.startswith(f"enrollment:{pending.pk}:approved")


def test_supervisor_rejects_with_a_reason_that_reaches_the_participant(peserta, pimpinan):
    pending = PendingEnrollmentFactory(participant=peserta)

    decide_enrollment(pending, approve=False, reason="Belum relevan", by=pimpinan, now=now())

    pending.refresh_from_db()
    assert pending.status == EnrollmentStatus.REJECTED
    assert pending.decision_reason == "Belum relevan"
    note = Notification.objects.get(user=peserta)
    assert note.event_key.startswith(f"enrollment:{pending.pk}:rejected")
    assert "Belum relevan" in note.body


def test_rejection_needs_a_reason(peserta, pimpinan):
    pending = PendingEnrollmentFactory(participant=peserta)
    with pytest.raises(ReasonRequired):
        decide_enrollment(pending, approve=False, reason="  ", by=pimpinan, now=now())
    pending.refresh_from_db()
    assert pending.status == EnrollmentStatus.PENDING


def test_supervisor_of_another_institution_is_refused(peserta, pimpinan_lain):
    pending = PendingEnrollmentFactory(participant=peserta)
    with pytest.raises(DecisionNotAllowed):
        decide_enrollment(pending, approve=True, reason="", by=pimpinan_lain, now=now())
    pending.refresh_from_db()
    assert pending.status == EnrollmentStatus.PENDING
    assert not Notification.objects.exists()


@pytest.mark.parametrize("decider", ["pengelola", "admin_user"])
def test_managers_decide_any_institution(peserta_lain, decider, request):
    pending = PendingEnrollmentFactory(participant=peserta_lain)
    by = request.getfixturevalue(decider)
    assert decide_enrollment(pending, approve=True, reason="", by=by, now=now()).status == (
        EnrollmentStatus.ENROLLED
    )


def test_other_roles_cannot_decide(peserta, widyaiswara):
    pending = PendingEnrollmentFactory(participant=peserta)
    with pytest.raises(DecisionNotAllowed):
        decide_enrollment(pending, approve=True, reason="", by=widyaiswara, now=now())
    with pytest.raises(DecisionNotAllowed):
        decide_enrollment(pending, approve=True, reason="", by=peserta, now=now())


def test_a_request_is_decided_once(peserta, pimpinan, pengelola):
    pending = PendingEnrollmentFactory(participant=peserta)
    stale = Enrollment.objects.get(pk=pending.pk)  # a second supervisor's copy
    decide_enrollment(pending, approve=True, reason="", by=pimpinan, now=now())

    with pytest.raises(AlreadyDecided):
        decide_enrollment(stale, approve=False, reason="Tidak", by=pengelola, now=now())

    pending.refresh_from_db()
    assert pending.status == EnrollmentStatus.ENROLLED
    assert pending.decided_by == pimpinan


# --- withdrawals and managers --------------------------------------------------------


def test_participant_withdraws_and_the_place_frees(peserta, peserta_lain):
    offering = OfferingFactory(capacity=1)
    mine, _created = request_enrollment(peserta, offering, now=now())
    withdraw_enrollment(mine, by=peserta, now=now())
    mine.refresh_from_db()
    assert mine.status == EnrollmentStatus.WITHDRAWN
    assert request_enrollment(peserta_lain, offering, now=now())[1]
    with pytest.raises(NotWithdrawable):
        withdraw_enrollment(mine, by=peserta, now=now())


def test_someone_else_cannot_withdraw_my_enrolment(peserta, peserta_lain):
    mine = EnrollmentFactory(participant=peserta)
    with pytest.raises(DecisionNotAllowed):
        withdraw_enrollment(mine, by=peserta_lain, now=now())


def test_manager_enrols_after_the_window_closed(peserta, pengelola):
    t = now()
    offering = OfferingFactory(
        enrollment_opens_at=t - timedelta(days=9), enrollment_closes_at=t - timedelta(days=1)
    )
    enrollment, created = enroll_by_manager(peserta, offering, by=pengelola, now=t)
    assert created
    assert (enrollment.status, enrollment.source) == (EnrollmentStatus.ENROLLED, "manager")
    assert enrollment.decided_by == pengelola


def test_manager_enrolment_still_refuses_other_reasons(peserta, pengelola, other_institution):
    offering = OfferingFactory()
    offering.eligible_institutions.add(other_institution)
    with pytest.raises(EnrollmentRefused):
        enroll_by_manager(peserta, offering, by=pengelola, now=now())


def test_manager_enrolment_approves_a_pending_request(peserta, pengelola):
    pending = PendingEnrollmentFactory(participant=peserta)
    enrollment, created = enroll_by_manager(peserta, pending.offering, by=pengelola, now=now())
    assert (enrollment.pk, created, enrollment.status) == (pending.pk, False, "enrolled")


def test_trial_tester_skips_eligibility_but_not_a_real_enrolment(peserta, pengelola):
    draft = OfferingFactory(status="draft")
    tester, created = enroll_by_manager(peserta, draft, by=pengelola, now=now(), is_trial=True)
    assert created
    assert tester.is_trial
    assert tester.source == EnrollmentSource.TRIAL
    real = EnrollmentFactory()
    with pytest.raises(TrialConflict):
        enroll_by_manager(real.participant, real.offering, by=pengelola, now=now(), is_trial=True)
    assert Offering.objects.get(pk=draft.pk).status == "draft"

"""Each audited domain action writes its entry: action, actor, target and the person it is
about (issue 8 item 6; RELIABILITY.md A2)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.audit.models import AuditEntry
from bangkom.audit.verify import verify_chain
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def last_entry(action: str) -> AuditEntry:
    entries = AuditEntry.objects.filter(action=action).order_by("-seq")
    assert entries.exists(), f"no {action} entry"
    return entries.first()


def assert_entry(action: str, *, actor, target, subject) -> AuditEntry:
    entry = last_entry(action)
    assert entry.actor_id == (actor.pk if actor else None)
    assert entry.actor_nip == (actor.nip if actor else "")
    assert entry.target_type == f"{target._meta.app_label}.{target._meta.model_name}"
    assert entry.target_id == str(target.pk)
    assert entry.subject_id == (subject.pk if subject else None)
    assert verify_chain().ok
    return entry


# --- enrolment ---------------------------------------------------------------------------


def test_approving_an_enrolment_is_recorded(peserta, pimpinan):
    from bangkom.learning.enrollment import decide_enrollment
    from tests.learning.factories_catalogue import PendingEnrollmentFactory

    pending = PendingEnrollmentFactory(participant=peserta)
    decide_enrollment(pending, approve=True, reason="", by=pimpinan, now=timezone.now())

    entry = assert_entry("enrollment.approved", actor=pimpinan, target=pending, subject=peserta)
    assert entry.actor_roles == [Role.PIMPINAN]
    assert entry.data["status"] == "enrolled"


def test_rejecting_an_enrolment_is_recorded_with_the_reason(peserta, pimpinan):
    from bangkom.learning.enrollment import decide_enrollment
    from tests.learning.factories_catalogue import PendingEnrollmentFactory

    pending = PendingEnrollmentFactory(participant=peserta)
    decide_enrollment(pending, approve=False, reason="Kuota unit", by=pimpinan, now=timezone.now())

    entry = assert_entry("enrollment.rejected", actor=pimpinan, target=pending, subject=peserta)
    assert entry.data["reason"] == "Kuota unit"


def test_a_refused_decision_writes_no_entry(peserta, pimpinan_lain):
    from bangkom.learning.enrollment import decide_enrollment
    from bangkom.learning.errors import DecisionNotAllowed
    from tests.learning.factories_catalogue import PendingEnrollmentFactory

    pending = PendingEnrollmentFactory(participant=peserta)
    with pytest.raises(DecisionNotAllowed):
        decide_enrollment(pending, approve=True, reason="", by=pimpinan_lain, now=timezone.now())

    assert not AuditEntry.objects.filter(action__startswith="enrollment.").exists()


def test_a_manager_enrolling_someone_is_recorded(peserta, pengelola):
    from bangkom.learning.enrollment import enroll_by_manager
    from tests.curriculum.factories import OfferingFactory

    enrollment, created = enroll_by_manager(
        peserta, OfferingFactory(), by=pengelola, now=timezone.now()
    )

    assert created
    assert_entry("enrollment.enrolled", actor=pengelola, target=enrollment, subject=peserta)


def test_withdrawing_is_recorded(peserta):
    from bangkom.learning.enrollment import withdraw_enrollment
    from tests.learning.factories import EnrollmentFactory

    enrollment = EnrollmentFactory(participant=peserta)
    withdraw_enrollment(enrollment, by=peserta, now=timezone.now())

    assert_entry("enrollment.withdrawn", actor=peserta, target=enrollment, subject=peserta)


def test_bulk_enrolment_is_recorded_once_with_the_nips(pengelola, home_institution):
    from bangkom.learning.bulk_enrollment import bulk_enroll
    from tests.curriculum.factories import OfferingFactory
    from tests.learning.factories_catalogue import xlsx_with_nips

    people = [UserFactory(institution=home_institution) for _ in range(3)]
    offering = OfferingFactory()
    result = bulk_enroll(
        xlsx_with_nips([p.nip for p in people]), offering, by=pengelola, now=timezone.now()
    )

    assert not result.errors
    entry = assert_entry("enrollment.bulk_enrolled", actor=pengelola, target=offering, subject=None)
    assert sorted(entry.data["nips"]) == sorted(p.nip for p in people)


# --- grades and scores -------------------------------------------------------------------


@pytest.fixture
def submission(widyaiswara, peserta):
    from tests.curriculum.factories import OfferingFactory, SubjectFactory
    from tests.learning.factories import AssignmentFactory, EnrollmentFactory
    from tests.learning.factories_work import SubmissionFactory

    offering = OfferingFactory(running=True)
    subject = SubjectFactory(program=offering.program)
    subject.facilitators.add(widyaiswara)
    assignment = AssignmentFactory(offering=offering, subject=subject, max_score=100)
    enrollment = EnrollmentFactory(offering=offering, participant=peserta)
    return SubmissionFactory(assignment=assignment, enrollment=enrollment)


def test_grading_an_assignment_is_recorded_with_the_score(submission, widyaiswara, peserta):
    from bangkom.learning.assignments import grade_submission

    grade_submission(
        submission, score=88, feedback="", accept=True, by=widyaiswara, now=timezone.now()
    )

    entry = assert_entry("assignment.graded", actor=widyaiswara, target=submission, subject=peserta)
    assert Decimal(entry.data["score"]) == 88


def test_returning_an_assignment_is_recorded(submission, widyaiswara, peserta):
    from bangkom.learning.assignments import grade_submission

    grade_submission(
        submission,
        score=None,
        feedback="Perbaiki",
        accept=False,
        by=widyaiswara,
        now=timezone.now(),
    )

    assert_entry("assignment.returned", actor=widyaiswara, target=submission, subject=peserta)


@pytest.fixture
def exam_attempt(peserta):
    from tests.assessments.factories_exam import begin, enrolled, subject_exam
    from tests.curriculum.factories import OfferingFactory

    offering = OfferingFactory(running=True)
    enrollment = enrolled(offering, participant=peserta)
    return begin(subject_exam(offering), enrollment)


def test_submitting_an_exam_records_the_score(exam_attempt, peserta):
    from tests.assessments.factories_exam import finish

    attempt = finish(exam_attempt, right=4)

    entry = assert_entry("attempt.submitted", actor=peserta, target=attempt, subject=peserta)
    assert Decimal(entry.data["score"]) == attempt.score
    assert entry.data["passed"] is True


def test_the_expiry_sweep_records_the_score_as_the_system(exam_attempt, peserta):
    from datetime import timedelta

    from bangkom.assessments.attempts import expire_overdue_attempts

    expire_overdue_attempts(now=exam_attempt.deadline + timedelta(hours=1))

    entry = assert_entry("attempt.expired", actor=None, target=exam_attempt, subject=peserta)
    assert entry.data["passed"] is False


def test_voiding_an_attempt_is_recorded_with_the_reason(exam_attempt, peserta, pengelola):
    from bangkom.assessments.attempts import void_attempt

    void_attempt(exam_attempt, by=pengelola, reason="Joki terbukti", now=timezone.now())

    entry = assert_entry("attempt.voided", actor=pengelola, target=exam_attempt, subject=peserta)
    assert entry.summary == "Joki terbukti"


# --- certificates ------------------------------------------------------------------------


def test_issuing_a_certificate_is_recorded_without_its_token(peserta):
    from bangkom.certificates.issuance import issue_certificate
    from tests.certificates.factories_certificates import kompeten_enrollment

    certificate = issue_certificate(
        kompeten_enrollment(participant=peserta), kind="completion", now=timezone.now()
    )

    entry = assert_entry("certificate.issued", actor=None, target=certificate, subject=peserta)
    assert entry.data["number"] == certificate.number
    assert certificate.verification_token not in str(entry.data)


def test_revoking_a_certificate_is_recorded(peserta, admin_user):
    from bangkom.certificates.issuance import revoke_certificate
    from tests.certificates.factories_certificates import issued, kompeten_enrollment

    certificate = issued(kompeten_enrollment(participant=peserta))
    revoke_certificate(certificate, by=admin_user, reason="Data ganda", now=timezone.now())

    entry = assert_entry(
        "certificate.revoked", actor=admin_user, target=certificate, subject=peserta
    )
    assert entry.summary == "Data ganda"


# --- plans and budgets -------------------------------------------------------------------


def test_submitting_and_approving_a_plan_are_recorded(pengelola, home_institution):
    from bangkom.planning.plans import transition_plan
    from tests.planning.factories_planning import PlanFactory

    other = UserFactory(institution=home_institution, roles=[Role.PENGELOLA])
    now = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    plan = PlanFactory(created_by=pengelola)
    transition_plan(plan, "submit", by=pengelola, now=now)
    assert_entry("plan.submitted", actor=pengelola, target=plan, subject=None)

    transition_plan(plan, "approve", by=other, now=now, comment="Setuju.")

    entry = assert_entry("plan.approved", actor=other, target=plan, subject=None)
    assert entry.data == {"from": "submitted", "to": "approved", "title": plan.title}
    assert entry.summary == "Setuju."


# --- roles and the registry --------------------------------------------------------------


def test_granting_and_revoking_a_role_are_recorded(peserta, admin_user):
    from bangkom.accounts.roles import grant_role, revoke_role

    grant_role(peserta, role=Role.COACH, granted_by=admin_user)
    entry = assert_entry("role.granted", actor=admin_user, target=peserta, subject=peserta)
    assert entry.data == {"role": Role.COACH, "institution": None}

    revoke_role(peserta, role=Role.COACH, revoked_by=admin_user)
    assert_entry("role.revoked", actor=admin_user, target=peserta, subject=peserta)


def test_granting_a_role_already_held_writes_nothing(peserta, admin_user):
    from bangkom.accounts.roles import grant_role

    before = AuditEntry.objects.count()
    grant_role(peserta, role=Role.PESERTA, granted_by=admin_user)

    assert AuditEntry.objects.count() == before


def test_the_roles_page_records_the_admin_as_the_actor(peserta, admin_user):
    from django.urls import reverse

    from tests.conftest import logged_in_client

    client = logged_in_client(admin_user)
    url = reverse("accounts:user-roles", args=[peserta.pk])
    client.post(url, {"role": Role.COACH, "action": "grant"})
    client.post(url, {"role": Role.COACH, "action": "revoke"})

    assert last_entry("role.granted").actor == admin_user
    assert last_entry("role.revoked").actor == admin_user


def test_a_registry_import_is_recorded_with_its_counts(admin_user):
    from bangkom.accounts.registry_import import import_employees
    from tests.accounts.factories import InstitutionFactory
    from tests.accounts.test_registry_import import csv_file, row_for

    InstitutionFactory(code="pemprov-jabar", name="Pemerintah Provinsi Jawa Barat")
    result = import_employees(
        csv_file([row_for(0), row_for(1)]), filename="pegawai.csv", actor=admin_user
    )

    assert result.ok, result.errors
    entry = last_entry("registry.imported")
    assert entry.actor == admin_user
    assert entry.data == {"filename": "pegawai.csv", "created": 2, "updated": 0, "deactivated": 0}


def test_a_refused_registry_import_writes_no_entry(admin_user):
    from bangkom.accounts.registry_import import import_employees
    from tests.accounts.test_registry_import import csv_file, row_for

    bad_row = row_for(0, nip="12345")
    result = import_employees(csv_file([bad_row]), filename="pegawai.csv", actor=admin_user)

    assert not result.ok
    assert not AuditEntry.objects.filter(action="registry.imported").exists()


# --- exam settings and item keys ---------------------------------------------------------


def test_saving_exam_settings_is_recorded_with_the_settings(pengelola):
    from bangkom.assessments.choices import AssessmentKind
    from tests.assessments.factories import make_bank
    from tests.assessments.test_setup import configure
    from tests.curriculum.factories import OfferingFactory

    offering = OfferingFactory(running=True)
    bank = make_bank(offering.program, size=10)
    result = configure(
        offering, by=pengelola, kind=AssessmentKind.FINAL, banks=[bank], duration_minutes=90
    )

    entry = assert_entry(
        "assessment.configured", actor=pengelola, target=result.assessment, subject=None
    )
    assert entry.data["duration_minutes"] == 90
    assert entry.data["offering_id"] == offering.pk
    assert entry.data["created"] is True


def test_changing_an_item_key_is_recorded_with_the_new_key(widyaiswara):
    from tests.assessments.factories import make_bank
    from tests.assessments.test_items import edit
    from tests.curriculum.factories import ProgramFactory

    bank = make_bank(ProgramFactory(), size=1)
    item = bank.items.get()
    current = item.current_version.options
    new_key = next(i for i, option in enumerate(current) if not option["correct"])
    options = [dict(option, correct=(i == new_key)) for i, option in enumerate(current)]

    edit(item, widyaiswara, options=options)

    entry = assert_entry("item.changed", actor=widyaiswara, target=item, subject=None)
    assert entry.data["correct"] == [new_key]


def test_saving_an_unchanged_item_writes_no_entry(widyaiswara):
    from tests.assessments.factories import make_bank
    from tests.assessments.test_items import edit
    from tests.curriculum.factories import ProgramFactory

    item = make_bank(ProgramFactory(), size=1).items.get()
    edit(item, widyaiswara)

    assert not AuditEntry.objects.filter(action="item.changed").exists()

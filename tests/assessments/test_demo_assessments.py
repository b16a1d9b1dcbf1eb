"""The exam demo (API.md "Demo data"; DOMAIN.md D-4, D-5): banks, assessments, attempts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bangkom.accounts.demo import seed_demo_world
from bangkom.assessments.choices import AssessmentKind, AttemptStatus, ItemStatus, ItemType
from bangkom.assessments.demo import (
    FINAL_ITEMS,
    PLACEMENT_ITEMS,
    SUBJECT_ITEMS,
    final_blueprint,
    program_items,
    seed_assessment_demo,
)
from bangkom.assessments.models import Assessment, Attempt, Item, ItemBank
from bangkom.assessments.queries import assessments_for_enrollment
from bangkom.assessments.rules import (
    FINAL_MAX_ATTEMPTS,
    PLACEMENT_MAX_ATTEMPTS,
    PLACEMENT_PASS_MARK,
    SUBJECT_MAX_ATTEMPTS,
    SUBJECT_PASS_MARK,
)
from bangkom.assessments.setup import bank_capacity
from bangkom.certificates.choices import CertificateKind
from bangkom.certificates.issuance import verify_integrity
from bangkom.certificates.models import Certificate
from bangkom.curriculum.demo import RUNNING_OFFERING_CODES, SMART_PROGRAMS, UPCOMING_OFFERING_CODES
from bangkom.curriculum.models import Offering
from bangkom.learning.demo import ENROLLED_NIP, NOT_ENROLLED_NIP
from bangkom.learning.models import Enrollment
from bangkom.learning.progress import journey_for
from bangkom.progression.journey import JourneyState, NextStep
from bangkom.progression.models import JpCredit

NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # a Wednesday, 11.00 WIB
STEP = "bangkom.assessments.demo.seed_assessment_demo"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One seeded world for the module (the seed takes a few seconds), rolled back after."""
    with django_db_blocker.unblock():
        from django.db import connection, transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            summary = seed_demo_world(employees=300, now=NOW)
            yield summary
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


@pytest.fixture
def seeded(world, db):
    return world


def test_the_step_does_nothing_without_the_demo_staff(db):
    assert set(seed_assessment_demo(now=NOW).values()) == {0}
    assert not ItemBank.objects.exists()


def _counts() -> dict[str, int]:
    return {
        "banks": ItemBank.objects.count(),
        "items": Item.objects.count(),
        "assessments": Assessment.objects.count(),
        "attempts": Attempt.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def test_the_orchestrator_runs_the_step_and_reports_its_counts(seeded):
    summary = seeded.later[STEP]
    assert summary["banks"] == ItemBank.objects.count() > 0
    assert summary["items"] == Item.objects.count() > 0
    assert summary["assessments"] == Assessment.objects.count() > 0
    assert summary["attempts"] == Attempt.objects.count() > 0
    assert summary["certificates"] == Certificate.objects.count() > 0


def test_a_second_run_creates_nothing(seeded):
    before = _counts()
    again = seed_assessment_demo(now=NOW)
    assert set(again.values()) == {0}
    assert _counts() == before


def test_every_smart_program_has_its_banks_by_code(seeded):
    for spec in SMART_PROGRAMS:
        codes = set(ItemBank.objects.filter(program__code=spec.code).values_list("code", flat=True))
        subjects = {f"{spec.code}-S{n}" for n in range(1, len(spec.subjects) + 1)}
        assert codes == {f"{spec.code}-PLC", f"{spec.code}-FIN"} | subjects


def test_banks_are_sized_for_their_attempts(seeded):
    for bank in ItemBank.objects.all():
        active = bank.items.filter(status=ItemStatus.ACTIVE).count()
        if bank.code.endswith("-PLC"):
            assert active >= 30
            assert not bank.items.exclude(difficulty="sulit").exists()
        elif bank.code.endswith("-FIN"):
            assert active >= 150
        else:
            assert active >= 60
            assert set(bank.items.values_list("subject_id", flat=True)) == {bank.subject_id}


def test_items_are_active_authored_reviewed_and_current(seeded):
    items = Item.objects.all()
    assert not items.exclude(status=ItemStatus.ACTIVE).exists()
    assert not items.filter(current_version__isnull=True).exists()
    assert set(items.values_list("author__nip", flat=True)) == {"197503032000031003"}
    assert set(items.values_list("reviewer__nip", flat=True)) == {"198202022006042002"}
    assert not items.filter(reviewed_at__isnull=True).exists()


def test_items_mix_types_with_graded_sjt_for_managerial_and_perekat_bangsa(seeded):
    for code, expects_graded in (
        ("SMART-SEKDA", True),
        ("SMART-SAHLI", True),
        ("SMART-AKHLAK", True),
        ("SMART-SEKWAN", False),
    ):
        bank = ItemBank.objects.get(code=f"{code}-S1")
        types = list(bank.items.values_list("item_type", flat=True))
        graded = types.count(ItemType.GRADED)
        assert (graded / len(types) >= 0.15) is expects_graded
        assert ItemType.TRUE_FALSE in types
        assert ItemType.MULTIPLE in types
        assert types.count(ItemType.SINGLE) > len(types) / 2


def test_graded_items_score_every_option_one_to_five(seeded):
    item = Item.objects.filter(item_type=ItemType.GRADED).select_related("current_version").first()
    points = sorted(option["points"] for option in item.current_version.options)
    assert points == [1, 2, 3, 4, 5]
    assert "Sebagai" in item.current_version.stem_html


def test_stems_are_distinct_within_a_bank():
    for spec in SMART_PROGRAMS:
        drafts = program_items(
            spec.code, {n: subject.title for n, subject in enumerate(spec.subjects, start=1)}
        )
        for bank in [drafts.placement, drafts.final, *drafts.subjects.values()]:
            stems = [getattr(entry, "stem", None) or entry[1].stem for entry in bank]
            assert len(set(stems)) == len(stems)


def test_every_demo_offering_has_published_placement_subject_exams_and_final(seeded):
    for code in RUNNING_OFFERING_CODES + UPCOMING_OFFERING_CODES:
        offering = Offering.objects.select_related("program").get(code=code)
        exams = list(Assessment.objects.filter(offering=offering))
        assert all(exam.is_published for exam in exams)
        kinds = [exam.kind for exam in exams]
        assert kinds.count(AssessmentKind.PLACEMENT) == 1
        assert kinds.count(AssessmentKind.FINAL) == 1
        subject_ids = {exam.subject_id for exam in exams if exam.kind == AssessmentKind.SUBJECT}
        assert subject_ids == set(offering.program.subjects.values_list("pk", flat=True))
        for exam in exams:
            assert exam.opens_at == offering.starts_at
            assert exam.closes_at == offering.ends_at


def test_assessments_use_the_seed_defaults(seeded):
    offering = Offering.objects.get(code=RUNNING_OFFERING_CODES[0])
    placement = Assessment.objects.get(offering=offering, kind=AssessmentKind.PLACEMENT)
    assert (placement.passing_score, placement.max_attempts) == (
        PLACEMENT_PASS_MARK,
        PLACEMENT_MAX_ATTEMPTS,
    )
    assert placement.item_count == PLACEMENT_ITEMS
    subject = Assessment.objects.filter(offering=offering, kind=AssessmentKind.SUBJECT).first()
    assert (subject.passing_score, subject.max_attempts, subject.item_count) == (
        SUBJECT_PASS_MARK,
        SUBJECT_MAX_ATTEMPTS,
        SUBJECT_ITEMS,
    )
    final = Assessment.objects.get(offering=offering, kind=AssessmentKind.FINAL)
    assert final.max_attempts == FINAL_MAX_ATTEMPTS
    assert final.item_count == FINAL_ITEMS
    assert {row["subject"] for row in final.blueprint} == set(
        offering.program.subjects.values_list("pk", flat=True)
    )


def test_banks_support_every_attempt_without_repeats(seeded):
    for exam in Assessment.objects.all():
        expected = {
            AssessmentKind.PLACEMENT: 1,
            AssessmentKind.SUBJECT: 5,
            AssessmentKind.FINAL: 3,
        }[exam.kind]
        assert bank_capacity(exam) >= expected, exam


def test_final_blueprint_spreads_items_evenly():
    rows = final_blueprint([11, 12, 13, 14, 15, 16])
    assert [row["count"] for row in rows] == [7, 7, 7, 7, 6, 6]
    assert sum(row["count"] for row in final_blueprint([1, 2, 3, 4, 5])) == FINAL_ITEMS


def _demo_enrollment(nip: str) -> Enrollment:
    return Enrollment.objects.select_related("offering__program").get(participant__nip=nip)


def test_enrolled_demo_participant_failed_placement_and_every_subject_exam_is_open(seeded):
    enrollment = _demo_enrollment(ENROLLED_NIP)
    attempts = list(Attempt.objects.filter(enrollment=enrollment).select_related("assessment"))
    assert len(attempts) == 1
    (placement,) = attempts
    assert placement.assessment.kind == AssessmentKind.PLACEMENT
    assert placement.status == AttemptStatus.SUBMITTED
    assert placement.passed is False
    assert placement.score < PLACEMENT_PASS_MARK
    journey = journey_for(enrollment)
    assert journey.state == JourneyState.LEARNING
    assert journey.next_step != NextStep.TAKE_PLACEMENT
    statuses = assessments_for_enrollment(enrollment, now=NOW)
    subject_exams = [s for s in statuses if s.assessment.kind == AssessmentKind.SUBJECT]
    assert len(subject_exams) == enrollment.offering.program.subjects.count()
    assert all(s.available and s.attempts_used == 0 for s in subject_exams)
    placement_status = next(s for s in statuses if s.assessment.kind == AssessmentKind.PLACEMENT)
    assert not placement_status.available


def test_not_enrolled_demo_participant_has_no_attempts(seeded):
    assert not Attempt.objects.filter(participant__nip=NOT_ENROLLED_NIP).exists()
    assert not Enrollment.objects.filter(participant__nip=NOT_ENROLLED_NIP).exists()


def test_certificates_of_both_kinds_exist_with_valid_hashes(seeded):
    completion = list(Certificate.objects.filter(kind=CertificateKind.COMPLETION))
    rpl = list(Certificate.objects.filter(kind=CertificateKind.RPL))
    assert len(completion) >= 3
    assert len(rpl) >= 3
    for certificate in completion + rpl:
        assert verify_integrity(certificate)
        assert certificate.holder.nip not in (ENROLLED_NIP, NOT_ENROLLED_NIP)
        assert certificate.offering.code in RUNNING_OFFERING_CODES
        assert JpCredit.objects.filter(enrollment=certificate.enrollment).exists()


def test_certified_journeys_match_their_certificates(seeded):
    for certificate in Certificate.objects.select_related("enrollment__offering"):
        state = journey_for(certificate.enrollment).state
        expected = {
            CertificateKind.COMPLETION: JourneyState.KOMPETEN,
            CertificateKind.RPL: JourneyState.EXEMPT_RPL,
        }[certificate.kind]
        assert state == expected


def test_sample_attempts_have_mixed_results_for_analysis(seeded):
    finished = Attempt.objects.exclude(status=AttemptStatus.OPEN)
    assert not Attempt.objects.filter(status=AttemptStatus.OPEN).exists()
    subject = finished.filter(assessment__kind=AssessmentKind.SUBJECT)
    assert subject.count() >= 15
    assert subject.filter(passed=True).exists()
    assert subject.filter(passed=False).exists()
    finals = finished.filter(assessment__kind=AssessmentKind.FINAL)
    assert finals.count() >= 3
    assert finals.filter(passed=False).exists()
    for attempt in finished:
        assert attempt.started_at >= attempt.assessment.opens_at
        assert attempt.submitted_at <= NOW
        assert attempt.submitted_at <= attempt.deadline

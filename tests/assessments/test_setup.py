"""Configuring assessments (DOMAIN.md S-1 R3–R8): seed defaults, validation, bank capacity
warnings, snapshots, publishing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bangkom.assessments import setup
from bangkom.assessments.choices import AfterLastFailure, AssessmentKind
from bangkom.assessments.models import Assessment, Attempt
from bangkom.common.errors import Conflict
from tests.assessments.factories import make_bank, make_item
from tests.assessments.factories_exam import begin, enrolled
from tests.curriculum.factories import CompetencyFactory, OfferingFactory, SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering():
    return OfferingFactory(running=True)


@pytest.fixture
def bank(offering):
    return make_bank(offering.program, size=20)


def configure(offering, *, by, **overrides):
    arguments = {
        "kind": AssessmentKind.FINAL,
        "title": "Uji kompetensi",
        "banks": [],
        "duration_minutes": 60,
        "opens_at": None,
        "closes_at": None,
        "blueprint": [],
        "item_count": 5,
        "shuffle_options": True,
        "allow_review": False,
        "after_last_failure": AfterLastFailure.END_NOT_PASSED,
        "by": by,
        "now": timezone.now(),
    }
    arguments.update(overrides)
    return setup.configure_assessment(offering, **arguments)


@pytest.mark.parametrize(
    ("kind", "pass_mark", "attempts"),
    [
        (AssessmentKind.PLACEMENT, Decimal("85"), 1),
        (AssessmentKind.SUBJECT, Decimal("70"), 5),
        (AssessmentKind.FINAL, Decimal("70"), 3),
    ],
)
def test_each_kind_defaults_to_the_seed_rules(offering, bank, pengelola, kind, pass_mark, attempts):
    subject = SubjectFactory(program=offering.program) if kind == AssessmentKind.SUBJECT else None

    result = configure(offering, by=pengelola, kind=kind, subject=subject, banks=[bank])

    assert (result.assessment.passing_score, result.assessment.max_attempts) == (
        pass_mark,
        attempts,
    )
    assert result.assessment.is_published is False


def test_final_pass_mark_and_limit_are_configurable(offering, bank, pengelola):
    result = configure(offering, by=pengelola, banks=[bank], passing_score=Decimal("75.5"))
    assert result.assessment.passing_score == Decimal("75.50")


def test_placement_test_with_more_than_one_attempt_is_refused(offering, bank, pengelola):
    with pytest.raises(setup.SetupError) as refused:
        configure(
            offering, by=pengelola, kind=AssessmentKind.PLACEMENT, banks=[bank], max_attempts=2
        )
    assert refused.value.code == "placement_single_attempt"
    assert refused.value.field == "max_attempts"
    assert not Assessment.objects.exists()


def test_subject_exam_needs_a_subject_of_the_offerings_program(offering, bank, pengelola):
    with pytest.raises(setup.SetupError) as missing:
        configure(offering, by=pengelola, kind=AssessmentKind.SUBJECT, banks=[bank])
    foreign = SubjectFactory()  # of another program
    with pytest.raises(setup.SetupError) as elsewhere:
        configure(
            offering, by=pengelola, kind=AssessmentKind.SUBJECT, subject=foreign, banks=[bank]
        )
    assert (missing.value.code, elsewhere.value.code) == (
        "subject_required",
        "subject_not_in_program",
    )
    assert not Assessment.objects.exists()


def test_placement_or_final_test_cannot_belong_to_a_subject(offering, bank, pengelola):
    subject = SubjectFactory(program=offering.program)
    with pytest.raises(setup.SetupError) as refused:
        configure(offering, by=pengelola, subject=subject, banks=[bank])
    assert refused.value.code == "subject_not_allowed"


def test_banks_must_belong_to_the_offerings_program(offering, pengelola):
    other_bank = make_bank(OfferingFactory().program, size=5)
    with pytest.raises(setup.SetupError) as refused:
        configure(offering, by=pengelola, banks=[other_bank])
    with pytest.raises(setup.SetupError) as empty:
        configure(offering, by=pengelola, banks=[])
    assert (refused.value.code, empty.value.code) == ("bank_not_in_program", "bank_required")


def test_blueprint_row_with_a_count_below_one_is_refused(offering, bank, pengelola):
    with pytest.raises(setup.SetupError) as refused:
        configure(
            offering,
            by=pengelola,
            banks=[bank],
            blueprint=[{"subject": None, "competency": None, "difficulty": "sedang", "count": 0}],
        )
    assert refused.value.code == "invalid_blueprint"
    assert "Baris 1" in str(refused.value)


def test_blueprint_rows_are_normalised_and_set_the_item_count(offering, bank, pengelola):
    subject = SubjectFactory(program=offering.program)
    competency = CompetencyFactory()
    rows = [
        {"subject": subject.pk, "competency": None, "difficulty": "mudah", "count": 3},
        {"subject": None, "competency": competency.pk, "difficulty": "", "count": "4"},
    ]

    result = configure(offering, by=pengelola, banks=[bank], blueprint=rows, item_count=99)

    assert result.assessment.item_count == 7
    assert result.assessment.blueprint == [
        {"subject": subject.pk, "competency": None, "difficulty": "mudah", "count": 3},
        {"subject": None, "competency": competency.pk, "difficulty": None, "count": 4},
    ]


def test_blueprint_with_an_unknown_difficulty_or_foreign_subject_is_refused(
    offering, bank, pengelola
):
    foreign = SubjectFactory()
    for row in (
        {"subject": None, "competency": None, "difficulty": "ekstrem", "count": 1},
        {"subject": foreign.pk, "competency": None, "difficulty": None, "count": 1},
    ):
        with pytest.raises(setup.SetupError):
            configure(offering, by=pengelola, banks=[bank], blueprint=[row])


def test_window_that_closes_before_it_opens_is_refused(offering, bank, pengelola):
    now = timezone.now()
    with pytest.raises(setup.SetupError) as refused:
        configure(
            offering,
            by=pengelola,
            banks=[bank],
            opens_at=now,
            closes_at=now - timedelta(minutes=1),
        )
    assert refused.value.field == "closes_at"


def test_pass_mark_outside_0_100_is_refused(offering, bank, pengelola):
    with pytest.raises(setup.SetupError) as refused:
        configure(offering, by=pengelola, banks=[bank], passing_score=Decimal("101"))
    assert refused.value.code == "invalid_pass_mark"


def test_a_second_final_test_or_second_exam_of_a_subject_is_a_conflict(offering, bank, pengelola):
    configure(offering, by=pengelola, banks=[bank])
    subject = SubjectFactory(program=offering.program)
    configure(offering, by=pengelola, kind=AssessmentKind.SUBJECT, subject=subject, banks=[bank])

    with pytest.raises(Conflict):
        configure(offering, by=pengelola, banks=[bank])
    with pytest.raises(Conflict):
        configure(
            offering, by=pengelola, kind=AssessmentKind.SUBJECT, subject=subject, banks=[bank]
        )
    assert Assessment.objects.count() == 2


def test_a_bank_too_small_for_every_attempt_warns_but_saves(offering, pengelola):
    small = make_bank(offering.program, size=12)

    result = configure(offering, by=pengelola, banks=[small], item_count=5)  # 3 attempts

    assert Assessment.objects.filter(pk=result.assessment.pk).exists()
    assert setup.bank_capacity(result.assessment) == 2
    assert any("2 paket" in warning for warning in result.warnings)


def test_a_bank_large_enough_gives_no_warning(offering, bank, pengelola):
    result = configure(offering, by=pengelola, banks=[bank], item_count=5)  # 20 items, 3 × 5
    assert result.warnings == ()
    assert setup.bank_capacity(result.assessment) == 4


def test_bank_capacity_counts_active_items_matching_each_blueprint_row(offering, pengelola):
    bank = make_bank(offering.program, size=0)
    for _ in range(6):
        make_item(bank, difficulty="mudah")
    for _ in range(2):
        make_item(bank, difficulty="sulit")
    rows = [
        {"subject": None, "competency": None, "difficulty": "mudah", "count": 2},
        {"subject": None, "competency": None, "difficulty": "sulit", "count": 1},
    ]

    result = configure(offering, by=pengelola, banks=[bank], blueprint=rows, max_attempts=3)

    assert setup.bank_capacity(result.assessment) == 2  # hard items run out after two forms
    assert setup.bank_capacities([result.assessment]) == {result.assessment.pk: 2}
    assert result.warnings  # 2 forms < 3 attempts


def test_changing_rules_after_attempts_exist_does_not_change_them(pengelola):
    enrollment = enrolled(OfferingFactory(running=True))
    offering = enrollment.offering
    bank = make_bank(offering.program, size=20)
    first = configure(offering, by=pengelola, banks=[bank], duration_minutes=30)
    setup.publish_assessment(first.assessment, by=pengelola, now=timezone.now())
    attempt = begin(first.assessment, enrollment)

    changed = configure(
        offering,
        by=pengelola,
        banks=[bank],
        assessment=first.assessment,
        passing_score=Decimal("90"),
        duration_minutes=90,
        max_attempts=2,
    )

    attempt.refresh_from_db()
    assert (attempt.passing_score, attempt.duration_minutes, attempt.max_attempts) == (
        Decimal("70"),
        30,
        3,
    )
    assert changed.assessment.passing_score == Decimal("90")
    assert changed.has_attempts
    assert any("percobaan berikutnya" in warning for warning in changed.warnings)


def test_the_kind_of_an_assessment_cannot_change(offering, bank, pengelola):
    result = configure(offering, by=pengelola, banks=[bank])
    with pytest.raises(setup.SetupError) as refused:
        configure(
            offering,
            by=pengelola,
            kind=AssessmentKind.PLACEMENT,
            banks=[bank],
            assessment=result.assessment,
        )
    assert refused.value.code == "kind_locked"


def test_publishing_needs_a_bank_that_fills_one_form(offering, pengelola):
    tiny = make_bank(offering.program, size=3)
    result = configure(offering, by=pengelola, banks=[tiny], item_count=5)

    with pytest.raises(setup.SetupError) as refused:
        setup.publish_assessment(result.assessment, by=pengelola, now=timezone.now())

    result.assessment.refresh_from_db()
    assert refused.value.code == "bank_too_small"
    assert result.assessment.is_published is False


def test_publish_and_withdraw(offering, bank, pengelola):
    assessment = configure(offering, by=pengelola, banks=[bank]).assessment
    assert setup.publish_assessment(assessment, by=pengelola, now=timezone.now()).is_published
    assert not setup.unpublish_assessment(assessment, by=pengelola, now=timezone.now()).is_published
    assert not Attempt.objects.exists()

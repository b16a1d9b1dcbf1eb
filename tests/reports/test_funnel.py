"""The offering funnel, pass rates, completion time and attendance on a known fixture."""

from __future__ import annotations

from collections import Counter

import pytest

from bangkom.learning.models import Enrollment
from bangkom.learning.progress import journeys_for
from bangkom.progression.journey import JourneyState, NextStep
from bangkom.reports.attendance import attendance_summary
from bangkom.reports.completion_time import completion_time
from bangkom.reports.funnel import offering_funnel
from bangkom.reports.pass_rates import assessment_pass_rates
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory
from tests.reports.factories_reports import disqualified, known_offering

pytestmark = pytest.mark.django_db


def test_funnel_counts_match_the_hand_computed_values():
    known = known_offering()

    funnel = offering_funnel(known.offering)

    assert funnel.enrolled == 6  # pending and trial enrolments are not counted
    assert funnel.placement_taken == 5
    assert funnel.exempt == 1
    assert funnel.not_exempt == 4
    assert funnel.learning == 4
    assert funnel.subjects_passed == 3  # e3 passed only S1; an open attempt is no result
    assert funnel.final_taken == 2  # e4's voided attempt does not count
    assert funnel.kompeten == 1
    assert funnel.completed == 2
    assert funnel.percent(funnel.kompeten) == 16.7


LEARNING_STATES = {
    JourneyState.LEARNING,
    JourneyState.EXAMS_PENDING,
    JourneyState.FINAL_AVAILABLE,
    JourneyState.KOMPETEN,
    JourneyState.BELUM_KOMPETEN,
}


@pytest.mark.parametrize("disqualify", [(), (5,), (2, 3)])
def test_funnel_agrees_with_the_journey_state_machine(disqualify, pengelola):
    known = known_offering()
    for n in disqualify:
        disqualified(known.e[n], by=pengelola)
    enrollments = list(
        Enrollment.objects.filter(pk__in=[e.pk for e in known.e.values()]).select_related(
            "offering"
        )
    )
    journeys = journeys_for(enrollments).values()
    states = Counter(j.state for j in journeys)

    def checklist_done(step: NextStep) -> int:
        return sum(
            1
            for j in journeys
            if j.state != JourneyState.DISQUALIFIED
            for item in j.checklist
            if item.key == step and item.done
        )

    funnel = offering_funnel(known.offering)

    assert funnel.exempt == states[JourneyState.EXEMPT_RPL]
    assert funnel.kompeten == states[JourneyState.KOMPETEN]
    assert funnel.disqualified == states[JourneyState.DISQUALIFIED]
    pending = funnel.enrolled - funnel.placement_taken - funnel.disqualified
    assert pending == states[JourneyState.PLACEMENT_PENDING]
    assert funnel.placement_taken == checklist_done(NextStep.TAKE_PLACEMENT)
    assert funnel.learning == sum(states[s] for s in LEARNING_STATES)
    assert funnel.subjects_passed == checklist_done(NextStep.TAKE_SUBJECT_EXAMS)


def test_disqualified_enrolments_leave_every_stage_but_enrolled(pengelola):
    known = known_offering()
    disqualified(known.e[5], by=pengelola)  # was kompeten
    disqualified(known.e[1], by=pengelola, active=False)  # lifted: still exempt

    funnel = offering_funnel(known.offering)

    assert (funnel.enrolled, funnel.disqualified) == (6, 1)
    assert (funnel.kompeten, funnel.final_taken, funnel.learning) == (0, 1, 3)
    assert funnel.exempt == 1


def test_funnel_is_one_query_whatever_the_enrolments(django_assert_num_queries):
    known = known_offering()

    with django_assert_num_queries(2):  # the offering's assessments, then the counts
        offering_funnel(known.offering)


def test_pass_rates_and_attempts_used_per_assessment():
    known = known_offering()

    rates = {r.title: r for r in assessment_pass_rates(known.offering)}

    placement = rates["Tes penempatan"]
    assert (placement.takers, placement.passed, placement.attempts) == (5, 1, 5)
    assert placement.pass_rate == 20.0
    s1 = rates["Ujian MP 1"]
    assert (s1.takers, s1.passed, s1.attempts, s1.passed_first) == (4, 4, 5, 3)
    assert s1.attempts_per_taker == 1.25
    s2 = rates["Ujian MP 2"]
    assert (s2.takers, s2.passed, s2.attempts) == (3, 3, 3)  # the open attempt is no result
    final = rates["Uji kompetensi akhir"]
    assert (final.takers, final.passed, final.attempts, final.passed_first) == (2, 1, 3, 0)
    assert final.pass_rate == 50.0
    assert str(final.mean_score) == "63.33"  # 50, 90, 50 (the voided 90 left out)


def test_pass_rates_are_listed_placement_subjects_final():
    known = known_offering()

    titles = [r.title for r in assessment_pass_rates(known.offering)]

    assert titles == ["Tes penempatan", "Ujian MP 1", "Ujian MP 2", "Uji kompetensi akhir"]


def test_median_days_from_approval_to_result():
    known = known_offering()

    completion = completion_time(known.offering)

    # e1 exempt after 2 days, e5 kompeten after 10 days
    assert completion.completed == 2
    assert completion.median_days == 6.0


def test_attendance_summary_counts_days_present():
    known = known_offering()

    summary = attendance_summary(known.offering)

    assert summary.participants == 6
    assert summary.present_once == 2
    assert summary.average_days == 0.5  # 3 days over 6 participants; the trial one is out
    assert summary.window_days == 10
    assert [(d.present, d.checked_in) for d in summary.days] == [(1, 1), (2, 1)]
    assert summary.present_share == 33.3


def test_offering_without_assessments_has_only_enrolled_and_learning():
    bare = OfferingFactory()
    EnrollmentFactory(offering=bare)

    funnel = offering_funnel(bare)

    assert (funnel.enrolled, funnel.learning, funnel.kompeten) == (1, 1, 0)
    assert not funnel.has_placement
    assert not funnel.has_final
    assert completion_time(bare).median_days is None

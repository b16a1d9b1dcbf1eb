"""Needs analysis: candidates from gaps, the cover rule, the ranking, rebuilds, answers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bangkom.curriculum.models import ProgramCompetency
from bangkom.planning.choices import AnalysisStatus, RespondentKind
from bangkom.planning.errors import PlanningConflict, PlanningInvalid
from bangkom.planning.gaps import GapItem
from bangkom.planning.models import NeedAnswer, NeedCandidate
from bangkom.planning.needs import (
    answer_need,
    build_needs_analysis,
    covers,
    finalize_analysis,
    propose,
    ranked_needs,
)
from tests.planning.factories_planning import AssessmentFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def _table(analysis):
    return [
        (c.rank, c.program.code, c.competency.code, c.headcount, c.average_gap)
        for c in ranked_needs(analysis)
    ]


def test_candidates_are_ranked_by_headcount_times_average_gap(world, pengelola):
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    assert _table(analysis) == [
        (1, "PRG-X", "MJ-KOM", 2, Decimal("1.50")),  # score 3
        (2, "PRG-Y", "MJ-KOM", 1, Decimal("2.00")),  # score 2: higher average, lower score
        (3, "PRG-X", "MJ-OPH", 1, Decimal("1.00")),  # score 1
    ]
    assert analysis.built_at == NOW


def test_candidate_targets_are_exactly_the_employees_whose_gap_it_covers(world, pengelola):
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    targets = {
        (c.program.code, c.competency.code): sorted(t.employee_id for t in c.targets.all())
        for c in analysis.candidates.select_related("program", "competency")
    }
    assert targets == {
        ("PRG-X", "MJ-KOM"): sorted([world.e1.pk, world.e2.pk]),
        ("PRG-Y", "MJ-KOM"): [world.e2.pk],  # e1 is already at level 2, Y only reaches 2
        ("PRG-X", "MJ-OPH"): [world.e1.pk],
    }
    assert ("PRG-Y", "MJ-OPH") not in targets  # covers nobody: no empty candidate


def test_cover_rule_needs_a_target_above_the_assessed_level():
    item = GapItem(employee_id=1, competency_id=1, required=4, assessed=2)
    assert covers(3, item)  # one level up, short of the standard: still covers
    assert covers(5, item)
    assert not covers(2, item)  # already at that level


def test_equal_scores_are_ordered_by_average_gap():
    items = [
        GapItem(1, 10, 3, 2),
        GapItem(2, 10, 3, 2),  # competency 10: two gaps of 1 → score 2, average 1
        GapItem(3, 20, 4, 2),  # competency 20: one gap of 2 → score 2, average 2
    ]
    ranked = propose(items, [(100, 10, 5), (200, 20, 5)])
    assert [(p.program_id, p.gap_total, p.average_gap) for p in ranked] == [
        (200, 2, Decimal("2.00")),
        (100, 2, Decimal("1.00")),
    ]


def test_inactive_program_is_no_candidate(world, pengelola):
    world.y.is_active = False
    world.y.save()
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    assert [row[1] for row in _table(analysis)] == ["PRG-X", "PRG-X"]


def test_rebuild_keeps_answers_of_persisting_pairs_and_drops_the_rest(
    world, world_pimpinan, pengelola
):
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    x_kom = analysis.candidates.get(program=world.x, competency=world.a)
    y_kom = analysis.candidates.get(program=world.y, competency=world.a)
    for candidate in (x_kom, y_kom):
        answer_need(
            candidate,
            by=world_pimpinan,
            respondent=RespondentKind.SUPERVISOR,
            needed=True,
            beneficial=True,
            harmful_if_absent=False,
            now=NOW,
        )
    # e2 is reassessed at 2: Y (target 2) no longer covers anybody on Komunikasi
    AssessmentFactory(employee=world.e2, competency=world.a, level=2, assessed_on=NOW.date())

    build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)

    assert NeedAnswer.objects.filter(candidate=x_kom).count() == 1
    assert not NeedCandidate.objects.filter(pk=y_kom.pk).exists()
    assert not NeedAnswer.objects.filter(candidate_id=y_kom.pk).exists()
    x_kom.refresh_from_db()
    assert (x_kom.rank, x_kom.headcount, x_kom.average_gap) == (1, 2, Decimal("1.00"))


def test_final_analysis_is_not_rebuilt_or_answered(world, world_pimpinan, pengelola):
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    finalize_analysis(analysis, now=NOW)
    candidate = analysis.candidates.first()

    with pytest.raises(PlanningConflict) as refused:
        build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    assert refused.value.code == "analysis_final"
    with pytest.raises(PlanningConflict):
        answer_need(
            candidate,
            by=world_pimpinan,
            respondent=RespondentKind.SUPERVISOR,
            needed=True,
            beneficial=True,
            harmful_if_absent=True,
            now=NOW,
        )
    assert not NeedAnswer.objects.exists()
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.FINAL


def test_year_outside_range_is_refused(world, pengelola):
    with pytest.raises(PlanningInvalid):
        build_needs_analysis(world.institution, 1999, by=pengelola, now=NOW)


def test_ranked_needs_counts_yes_answers(world, world_pimpinan, pengelola):
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    top = analysis.candidates.get(rank=1)
    employee_user = _user_for(world.e1)
    answer_need(
        top,
        by=world_pimpinan,
        respondent=RespondentKind.SUPERVISOR,
        needed=True,
        beneficial=True,
        harmful_if_absent=False,
        now=NOW,
    )
    answer_need(
        top,
        by=employee_user,
        respondent=RespondentKind.EMPLOYEE,
        needed=True,
        beneficial=False,
        harmful_if_absent=False,
        now=NOW,
    )
    first = ranked_needs(analysis)[0]
    assert (first.answers_total, first.needed_yes, first.beneficial_yes, first.harmful_yes) == (
        2,
        2,
        1,
        0,
    )
    assert first.supervisor_answers == 1


def _user_for(employee):
    from bangkom.accounts.choices import Role
    from tests.accounts.factories import UserFactory

    return UserFactory(employee=employee, roles=[Role.PESERTA])


def test_program_competency_targets_of_other_competencies_do_not_matter(world, pengelola):
    from tests.curriculum.factories import CompetencyFactory

    unrelated = CompetencyFactory(code="TK-01")
    ProgramCompetency.objects.create(program=world.x, competency=unrelated, target_level=5)
    analysis = build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)
    assert len(_table(analysis)) == 3

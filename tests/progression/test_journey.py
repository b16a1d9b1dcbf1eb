"""The journey state machine, table-driven (seed Gambar 2; DOMAIN.md S-1 R3–R7)."""

from __future__ import annotations

import pytest

from bangkom.progression.journey import (
    JourneyFacts,
    JourneyState,
    NextStep,
    PlacementResult,
    journey,
)

ENROLLED = {"enrollment_status": "enrolled"}
ALL_LEARNING = {
    **ENROLLED,
    "rules_required": True,
    "rules_acknowledged": True,
    "orientation_required": True,
    "orientation_watched": True,
    "materials_total": 3,
    "materials_done": 3,
    "assignments_total": 2,
    "assignments_accepted": 2,
}

CASES = [
    ("pending", {"enrollment_status": "pending"}, "pending_approval", "await_approval"),
    ("rejected", {"enrollment_status": "rejected"}, "rejected", "none"),
    ("withdrawn", {"enrollment_status": "withdrawn"}, "withdrawn", "none"),
    ("nothing to do yet", ENROLLED, "exams_pending", "wait_for_final"),
    (
        "rules first, even before placement",
        {**ENROLLED, "rules_required": True, "has_placement": True},
        "placement_pending",
        "acknowledge_rules",
    ),
    (
        "placement after rules",
        {**ENROLLED, "rules_required": True, "rules_acknowledged": True, "has_placement": True},
        "placement_pending",
        "take_placement",
    ),
    (
        "placement passed exempts (RPL)",
        {**ENROLLED, "has_placement": True, "placement_result": PlacementResult.PASSED},
        "exempt_rpl",
        "download_certificate",
    ),
    (
        "placement failed: learn",
        {
            **ENROLLED,
            "has_placement": True,
            "placement_result": PlacementResult.FAILED,
            "orientation_required": True,
        },
        "learning",
        "watch_orientation",
    ),
    (
        "materials left",
        {**ALL_LEARNING, "materials_done": 2},
        "learning",
        "study_materials",
    ),
    (
        "assignment not accepted yet",
        {**ALL_LEARNING, "assignments_accepted": 1},
        "learning",
        "submit_assignments",
    ),
    (
        "subject exams left",
        {**ALL_LEARNING, "subject_exams_total": 3, "subject_exams_passed": 2, "has_final": True},
        "exams_pending",
        "take_subject_exams",
    ),
    (
        "final gate open",
        {**ALL_LEARNING, "subject_exams_total": 3, "subject_exams_passed": 3, "has_final": True},
        "final_available",
        "take_final",
    ),
    (
        "final passed",
        {**ALL_LEARNING, "has_final": True, "final_passed": True},
        "kompeten",
        "download_certificate",
    ),
    (
        "final attempts exhausted",
        {**ALL_LEARNING, "has_final": True, "final_exhausted": True},
        "belum_kompeten",
        "none",
    ),
    (
        "a subject exam exhausted",
        {**ALL_LEARNING, "subject_exams_total": 2, "subject_exam_exhausted": True},
        "belum_kompeten",
        "none",
    ),
    (
        "disqualified stops everything",
        {**ALL_LEARNING, "is_disqualified": True, "has_final": True},
        "disqualified",
        "none",
    ),
    (
        "final passed without accepted assignments is still kompeten (the result stands)",
        {**ALL_LEARNING, "assignments_accepted": 0, "has_final": True, "final_passed": True},
        "kompeten",
        "download_certificate",
    ),
]


@pytest.mark.parametrize(("case", "facts", "state", "step"), CASES, ids=[c[0] for c in CASES])
def test_state_and_next_step(case, facts, state, step):
    result = journey(JourneyFacts(**facts))
    assert (result.state, result.next_step) == (JourneyState(state), NextStep(step))


def test_checklist_counts_and_percent():
    result = journey(JourneyFacts(**{**ALL_LEARNING, "materials_done": 1}))
    materials = next(i for i in result.checklist if i.key == NextStep.STUDY_MATERIALS)
    assert (materials.done, materials.done_count, materials.total) == (False, 1, 3)
    assert 0 < result.percent < 100

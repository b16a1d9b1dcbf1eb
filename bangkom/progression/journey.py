"""The participant's journey (Gambar 2 of the seed; DOMAIN.md S-1 R3–R7) as one pure function.

``journey(facts)`` computes an enrolment's state and its one next step from facts gathered
elsewhere (``bangkom/learning/progress.py`` reads them from the database). Nothing else in
the code derives these states: pages, the API's ``next_step`` and reports call this.

Order of the gates: approval → rules acknowledged → placement test (when the offering has
one: a pass exempts by recognition of prior learning) → orientation video → materials →
assignments accepted → every subject exam passed → the final competency test.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class JourneyState(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DISQUALIFIED = "disqualified"
    PLACEMENT_PENDING = "placement_pending"
    EXEMPT_RPL = "exempt_rpl"
    LEARNING = "learning"
    EXAMS_PENDING = "exams_pending"
    FINAL_AVAILABLE = "final_available"
    KOMPETEN = "kompeten"
    BELUM_KOMPETEN = "belum_kompeten"


class NextStep(StrEnum):
    AWAIT_APPROVAL = "await_approval"
    ACKNOWLEDGE_RULES = "acknowledge_rules"
    TAKE_PLACEMENT = "take_placement"
    WATCH_ORIENTATION = "watch_orientation"
    STUDY_MATERIALS = "study_materials"
    SUBMIT_ASSIGNMENTS = "submit_assignments"
    TAKE_SUBJECT_EXAMS = "take_subject_exams"
    WAIT_FOR_FINAL = "wait_for_final"
    TAKE_FINAL = "take_final"
    DOWNLOAD_CERTIFICATE = "download_certificate"
    NONE = "none"


class PlacementResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class JourneyFacts:
    """What is known about one enrolment. Counts are of required items only."""

    enrollment_status: str  # learning.choices.EnrollmentStatus value
    is_disqualified: bool = False
    has_placement: bool = False
    placement_result: PlacementResult | None = None
    rules_required: bool = False
    rules_acknowledged: bool = False
    orientation_required: bool = False
    orientation_watched: bool = False
    materials_total: int = 0
    materials_done: int = 0
    assignments_total: int = 0
    assignments_accepted: int = 0
    subject_exams_total: int = 0
    subject_exams_passed: int = 0
    subject_exam_exhausted: bool = False  # a subject exam failed with no attempt left
    has_final: bool = False
    final_passed: bool = False
    final_exhausted: bool = False  # the final test failed with no attempt left


@dataclass(frozen=True)
class ChecklistItem:
    key: str  # a NextStep value: the step this item stands for
    done: bool
    done_count: int = 0
    total: int = 0


@dataclass(frozen=True)
class Journey:
    state: JourneyState
    next_step: NextStep
    checklist: tuple[ChecklistItem, ...]

    @property
    def percent(self) -> int:
        """Share of checklist steps completed, for the progress bar."""
        if not self.checklist:
            return 0
        return round(100 * sum(item.done for item in self.checklist) / len(self.checklist))


def journey(facts: JourneyFacts) -> Journey:
    """Compute the state and the one next step of an enrolment from its facts."""
    checklist = _checklist(facts)
    state, step = _state(facts, checklist)
    return Journey(state=state, next_step=step, checklist=checklist)


def _checklist(f: JourneyFacts) -> tuple[ChecklistItem, ...]:
    items: list[ChecklistItem] = []
    if f.rules_required:
        items.append(ChecklistItem(NextStep.ACKNOWLEDGE_RULES, f.rules_acknowledged))
    if f.has_placement:
        items.append(ChecklistItem(NextStep.TAKE_PLACEMENT, f.placement_result is not None))
    if f.orientation_required:
        items.append(ChecklistItem(NextStep.WATCH_ORIENTATION, f.orientation_watched))
    if f.materials_total:
        items.append(_counted(NextStep.STUDY_MATERIALS, f.materials_done, f.materials_total))
    if f.assignments_total:
        items.append(
            _counted(NextStep.SUBMIT_ASSIGNMENTS, f.assignments_accepted, f.assignments_total)
        )
    if f.subject_exams_total:
        items.append(
            _counted(NextStep.TAKE_SUBJECT_EXAMS, f.subject_exams_passed, f.subject_exams_total)
        )
    if f.has_final:
        items.append(ChecklistItem(NextStep.TAKE_FINAL, f.final_passed))
    return tuple(items)


def _counted(step: NextStep, done: int, total: int) -> ChecklistItem:
    return ChecklistItem(step, done >= total, done_count=min(done, total), total=total)


_CLOSED = {
    "pending": (JourneyState.PENDING_APPROVAL, NextStep.AWAIT_APPROVAL),
    "rejected": (JourneyState.REJECTED, NextStep.NONE),
    "withdrawn": (JourneyState.WITHDRAWN, NextStep.NONE),
}


def _state(f: JourneyFacts, checklist: tuple[ChecklistItem, ...]) -> tuple[JourneyState, NextStep]:
    if f.enrollment_status in _CLOSED:
        return _CLOSED[f.enrollment_status]
    if f.is_disqualified:  # an active sanction stops the journey wherever it is (seed R11)
        return JourneyState.DISQUALIFIED, NextStep.NONE
    if f.final_passed:
        return JourneyState.KOMPETEN, NextStep.DOWNLOAD_CERTIFICATE
    if f.placement_result == PlacementResult.PASSED:  # recognition of prior learning (R3)
        return JourneyState.EXEMPT_RPL, NextStep.DOWNLOAD_CERTIFICATE
    if f.final_exhausted or f.subject_exam_exhausted:
        return JourneyState.BELUM_KOMPETEN, NextStep.NONE
    if f.rules_required and not f.rules_acknowledged:
        first = JourneyState.PLACEMENT_PENDING if f.has_placement else JourneyState.LEARNING
        return first, NextStep.ACKNOWLEDGE_RULES
    if f.has_placement and f.placement_result is None:
        return JourneyState.PLACEMENT_PENDING, NextStep.TAKE_PLACEMENT
    for item in checklist:
        if not item.done and item.key in _LEARNING_STEPS:
            return JourneyState.LEARNING, NextStep(item.key)
    if f.subject_exams_passed < f.subject_exams_total:
        return JourneyState.EXAMS_PENDING, NextStep.TAKE_SUBJECT_EXAMS
    if not f.has_final:
        return JourneyState.EXAMS_PENDING, NextStep.WAIT_FOR_FINAL
    return JourneyState.FINAL_AVAILABLE, NextStep.TAKE_FINAL


_LEARNING_STEPS = {
    NextStep.WATCH_ORIENTATION,
    NextStep.STUDY_MATERIALS,
    NextStep.SUBMIT_ASSIGNMENTS,
}

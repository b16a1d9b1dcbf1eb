"""The facts of an enrolment that the journey state machine needs, read in a few queries.

This is the one place that turns database rows into ``JourneyFacts``; pages, the API and
reports call ``journey_for`` / ``journeys_for`` and never re-derive states themselves.
The exam facts are filled by the assessments context once it exists (``exam_facts``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q

from bangkom.curriculum.models import RulesDocument, Subject
from bangkom.learning.choices import SubmissionStatus
from bangkom.learning.models import (
    Assignment,
    Enrollment,
    Material,
    MaterialProgress,
    RulesAcknowledgement,
    Submission,
)
from bangkom.progression.journey import Journey, JourneyFacts, journey

OPTIONAL_KINDS = ("link",)  # a further-reading link is offered, not required


def current_rules(program_id: int) -> RulesDocument | None:
    """The latest published version of a program's rules, or None if it has none."""
    return RulesDocument.objects.filter(program_id=program_id).order_by("-version").first()


def journeys_for(enrollments: Sequence[Enrollment]) -> dict[int, Journey]:
    """The journey of each enrolment (by pk), with a fixed number of queries for any count."""
    if not enrollments:
        return {}
    facts = _facts_for(enrollments)
    return {pk: journey(f) for pk, f in facts.items()}


def journey_for(enrollment: Enrollment) -> Journey:
    return journeys_for([enrollment])[enrollment.pk]


def _facts_for(enrollments: Sequence[Enrollment]) -> dict[int, JourneyFacts]:
    ids = [e.pk for e in enrollments]
    offering_ids = {e.offering_id for e in enrollments}
    program_of = {e.offering_id: e.offering.program_id for e in enrollments}
    program_ids = set(program_of.values())

    rules = _latest_rules(program_ids)
    acknowledged = set(
        RulesAcknowledgement.objects.filter(enrollment_id__in=ids).values_list(
            "enrollment_id", "rules_id"
        )
    )
    orientation, required = _program_materials(program_ids)
    completed = _completed_materials(ids)
    assignment_ids = _assignments(offering_ids)
    accepted = _accepted_assignments(ids)
    exams = exam_facts(enrollments)
    disqualified = disqualified_ids(ids)

    facts = {}
    for e in enrollments:
        program_id = program_of[e.offering_id]
        rules_id = rules.get(program_id)
        orientation_ids = orientation.get(program_id, set())
        done = completed.get(e.pk, set())
        material_ids = required.get(program_id, set())
        facts[e.pk] = JourneyFacts(
            enrollment_status=e.status,
            rules_required=rules_id is not None,
            rules_acknowledged=(e.pk, rules_id) in acknowledged,
            orientation_required=bool(orientation_ids),
            orientation_watched=bool(orientation_ids) and orientation_ids <= done,
            materials_total=len(material_ids),
            materials_done=len(material_ids & done),
            assignments_total=len(assignment_ids.get(e.offering_id, ())),
            assignments_accepted=len(accepted.get(e.pk, set())),
            is_disqualified=e.pk in disqualified,
            **exams.get(e.pk, {}),
        )
    return facts


def _latest_rules(program_ids: Iterable[int]) -> dict[int, int]:
    """The latest rules document of each program (versions per program are a handful)."""
    latest: dict[int, tuple[int, int]] = {}
    for program_id, pk, version in RulesDocument.objects.filter(
        program_id__in=program_ids
    ).values_list("program_id", "pk", "version"):
        if program_id not in latest or version > latest[program_id][0]:
            latest[program_id] = (version, pk)
    return {program_id: pk for program_id, (_version, pk) in latest.items()}


def _program_materials(
    program_ids: set[int],
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Orientation materials and required (non-optional) subject materials of each program,
    in one query."""
    orientation: dict[int, set[int]] = defaultdict(set)
    required: dict[int, set[int]] = defaultdict(set)
    rows = Material.objects.filter(
        Q(program_id__in=program_ids, is_orientation=True)
        | Q(subject__program_id__in=program_ids, is_orientation=False)
    ).values_list("pk", "program_id", "subject__program_id", "is_orientation", "kind")
    for pk, program_id, subject_program_id, is_orientation, kind in rows:
        if is_orientation:
            orientation[program_id].add(pk)
        elif kind not in OPTIONAL_KINDS:
            required[subject_program_id].add(pk)
    return orientation, required


def _completed_materials(enrollment_ids: list[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for enrollment_id, material_id in MaterialProgress.objects.filter(
        enrollment_id__in=enrollment_ids, completed_at__isnull=False
    ).values_list("enrollment_id", "material_id"):
        found[enrollment_id].add(material_id)
    return found


def _assignments(offering_ids: Iterable[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for pk, offering_id in Assignment.objects.filter(offering_id__in=offering_ids).values_list(
        "pk", "offering_id"
    ):
        found[offering_id].append(pk)
    return found


def _accepted_assignments(enrollment_ids: list[int]) -> dict[int, set[int]]:
    """Assignments whose latest submitted version was accepted by the facilitator."""
    latest: dict[tuple[int, int], tuple[int, str]] = {}
    for enrollment_id, assignment_id, version, status in Submission.objects.filter(
        enrollment_id__in=enrollment_ids
    ).values_list("enrollment_id", "assignment_id", "version", "status"):
        key = (enrollment_id, assignment_id)
        if key not in latest or version > latest[key][0]:
            latest[key] = (version, status)
    found: dict[int, set[int]] = defaultdict(set)
    for (enrollment_id, assignment_id), (_version, status) in latest.items():
        if status == SubmissionStatus.ACCEPTED:
            found[enrollment_id].add(assignment_id)
    return found


def disqualified_ids(enrollment_ids: list[int]) -> set[int]:
    """Enrolments with an active disqualification sanction (seed R11), read by evaluation."""
    from bangkom.evaluation.sanctions import disqualified_enrollment_ids

    return disqualified_enrollment_ids(enrollment_ids)


def exam_facts(enrollments: Sequence[Enrollment]) -> dict[int, dict]:
    """Exam facts per enrolment (placement, subject exams, final), read by the exam engine."""
    from bangkom.assessments.queries import exam_facts_for

    return exam_facts_for(enrollments)


@dataclass(frozen=True)
class SubjectProgress:
    """Required materials of one subject done by one enrolment (the per-subject bar)."""

    subject: Subject
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def subject_progress(enrollment: Enrollment, subjects: Sequence[Subject]) -> list[SubjectProgress]:
    """Per-subject progress of an enrolment, in two queries whatever the number of subjects.

    Counts the same required materials as the journey (links are optional).
    """
    required: dict[int, set[int]] = defaultdict(set)
    for pk, subject_id in (
        Material.objects.filter(subject__in=subjects, is_orientation=False)
        .exclude(kind__in=OPTIONAL_KINDS)
        .values_list("pk", "subject_id")
    ):
        required[subject_id].add(pk)
    done = _completed_materials([enrollment.pk]).get(enrollment.pk, set())
    return [
        SubjectProgress(subject, len(required[subject.pk] & done), len(required[subject.pk]))
        for subject in subjects
    ]


def material_progress_of(enrollment: Enrollment, material_ids: Iterable[int]) -> dict:
    """The enrolment's MaterialProgress rows for these materials, by material pk."""
    return {
        row.material_id: row
        for row in MaterialProgress.objects.filter(
            enrollment=enrollment, material_id__in=list(material_ids)
        )
    }

"""Error codes of the curriculum context and the exceptions that carry them.

Every refusal names the form field it concerns (``field``), when there is one, so an HTML
view can put the message next to that field instead of at the top of the page.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise

from bangkom.common.errors import Conflict, Forbidden, InvalidInput


class CurriculumErrorCode(StrEnum):
    INVALID_PROGRAM = "invalid_program"
    DUPLICATE_CODE = "duplicate_code"
    INVALID_SUBJECT = "invalid_subject"
    NOT_A_FACILITATOR = "not_a_facilitator"
    INVALID_COMPETENCY_LEVEL = "invalid_competency_level"
    INVALID_SCHEDULE = "invalid_schedule"
    INVALID_OFFERING = "invalid_offering"
    PROGRAM_INACTIVE = "program_inactive"
    OFFERING_CLOSED = "offering_closed"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    NO_SUBJECTS = "no_subjects"
    HAS_ENROLLMENTS = "has_enrollments"
    STATUS_CHANGED = "status_changed"
    NOT_A_MANAGER = "not_a_manager"
    DUPLICATE_COMMITTEE_TASK = "duplicate_committee_task"
    INVALID_COMMITTEE_TASK = "invalid_committee_task"
    INVALID_RULES = "invalid_rules"
    INVALID_PROFILE = "invalid_profile"
    INVALID_CERTIFICATION = "invalid_certification"


class CurriculumInvalid(InvalidInput):
    """Input a curriculum rule refuses; ``field`` names the form field, if any."""

    def __init__(
        self, code: CurriculumErrorCode, message: str | Promise, *, field: str | None = None
    ) -> None:
        super().__init__(code, message)
        self.field = field


class CurriculumConflict(Conflict):
    """An operation refused by the current state (status, existing rows)."""

    def __init__(
        self, code: CurriculumErrorCode, message: str | Promise, *, field: str | None = None
    ) -> None:
        super().__init__(code, message)
        self.field = field


class CurriculumForbidden(Forbidden):
    def __init__(self, code: CurriculumErrorCode, message: str | Promise) -> None:
        super().__init__(code, message)
        self.field = None

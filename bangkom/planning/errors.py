"""Error codes of the planning context and the exceptions that carry them.

Every refusal names the form field it concerns (``field``) when there is one, so an HTML
view can show the message next to that field.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise

from bangkom.common.errors import Conflict, Forbidden, InvalidInput, NotFound


class PlanningErrorCode(StrEnum):
    INVALID_COMPETENCY = "invalid_competency"
    INVALID_POSITION = "invalid_position"
    INVALID_LEVEL = "invalid_level"
    DUPLICATE_CODE = "duplicate_code"
    INVALID_ASSESSMENT = "invalid_assessment"
    ANALYSIS_FINAL = "analysis_final"
    NOT_YOUR_CANDIDATE = "not_your_candidate"
    INVALID_ANSWER = "invalid_answer"
    INVALID_YEAR = "invalid_year"
    INVALID_PLAN = "invalid_plan"
    PLAN_NOT_EDITABLE = "plan_not_editable"
    PLAN_INCOMPLETE = "plan_incomplete"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    STATUS_CHANGED = "status_changed"
    NOT_A_MANAGER = "not_a_manager"
    SEPARATION_OF_DUTIES = "separation_of_duties"
    COMMENT_REQUIRED = "comment_required"
    OFFERING_EXISTS = "offering_exists"
    PLAN_NOT_APPROVED = "plan_not_approved"
    DUPLICATE_COMMITTEE_TASK = "duplicate_committee_task"
    INVALID_ITEM = "invalid_item"


class _FieldMixin:
    field: str | None = None


class PlanningInvalid(_FieldMixin, InvalidInput):
    """Input a planning rule refuses; ``field`` names the form field, if any."""

    def __init__(
        self, code: PlanningErrorCode, message: str | Promise, *, field: str | None = None
    ) -> None:
        super().__init__(code, message)
        self.field = field


class PlanningConflict(_FieldMixin, Conflict):
    """An operation refused by the current state (status, existing rows)."""

    def __init__(
        self, code: PlanningErrorCode, message: str | Promise, *, field: str | None = None
    ) -> None:
        super().__init__(code, message)
        self.field = field


class PlanningForbidden(_FieldMixin, Forbidden):
    """The user may use the page but not do this (e.g. approve their own submission)."""

    def __init__(self, code: PlanningErrorCode, message: str | Promise) -> None:
        super().__init__(code, message)


class PlanningNotFound(_FieldMixin, NotFound):
    """The object is outside the user's scope; answered like a missing one (404)."""

    def __init__(self, code: PlanningErrorCode, message: str | Promise) -> None:
        super().__init__(code, message)

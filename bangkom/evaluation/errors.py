"""Error codes of the evaluation context."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from bangkom.common.errors import Conflict, Forbidden, InvalidInput, NotFound


class EvaluationErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    SURVEY_CLOSED = "survey_closed"
    NOT_A_RESPONDENT = "not_a_respondent"
    ALREADY_ANSWERED = "already_answered"
    INVALID_ANSWERS = "invalid_answers"
    REASON_REQUIRED = "reason_required"
    INVALID_SANCTION = "invalid_sanction"
    APPEAL_EXISTS = "appeal_exists"
    APPEAL_DECIDED = "appeal_decided"
    SANCTION_INACTIVE = "sanction_inactive"


class EvaluationNotFound(NotFound):
    def __init__(self, message: object = "") -> None:
        super().__init__(EvaluationErrorCode.NOT_FOUND, message or _("Tidak ditemukan."))


class SurveyClosed(Conflict):
    def __init__(self, message: object) -> None:
        super().__init__(EvaluationErrorCode.SURVEY_CLOSED, message)


class NotARespondent(Forbidden):
    def __init__(self, message: object) -> None:
        super().__init__(EvaluationErrorCode.NOT_A_RESPONDENT, message)


class AlreadyAnswered(Conflict):
    def __init__(self, message: object) -> None:
        super().__init__(EvaluationErrorCode.ALREADY_ANSWERED, message)


class InvalidAnswers(InvalidInput):
    """``errors`` maps an item pk to its message (shown next to the question)."""

    def __init__(self, message: object, errors: dict[int, str]) -> None:
        super().__init__(EvaluationErrorCode.INVALID_ANSWERS, message)
        self.errors = errors


class SanctionInvalid(InvalidInput):
    def __init__(self, code: str, message: object) -> None:
        super().__init__(code, message)


class SanctionConflict(Conflict):
    def __init__(self, code: str, message: object) -> None:
        super().__init__(code, message)

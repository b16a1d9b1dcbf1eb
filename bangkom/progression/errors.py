"""Error codes of the progression context (JP ledger, external learning, follow-ups)."""

from __future__ import annotations

from enum import StrEnum

from bangkom.common.errors import Conflict, Forbidden, InvalidInput


class ProgressionErrorCode(StrEnum):
    INVALID_INPUT = "invalid_input"
    SAME_PERSON = "separation_of_duties"
    ALREADY_DECIDED = "already_decided"
    FORBIDDEN = "forbidden"


class ProgressionInvalid(InvalidInput):
    def __init__(self, message: object, *, field: str | None = None) -> None:
        super().__init__(ProgressionErrorCode.INVALID_INPUT, message)
        self.field = field


class SeparationOfDuties(Forbidden):
    def __init__(self, message: object) -> None:
        super().__init__(ProgressionErrorCode.SAME_PERSON, message)


class AlreadyDecided(Conflict):
    def __init__(self, message: object) -> None:
        super().__init__(ProgressionErrorCode.ALREADY_DECIDED, message)


class ProgressionForbidden(Forbidden):
    def __init__(self, message: object) -> None:
        super().__init__(ProgressionErrorCode.FORBIDDEN, message)

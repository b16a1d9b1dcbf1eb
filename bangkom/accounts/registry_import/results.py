"""What an import reports: ``RowError``, ``ImportResult`` and the whole-file refusal.

This module owns the vocabulary every other module of the package reports through: a
problem is a ``RowError`` (spreadsheet row, column, Indonesian message; row 0 means the
whole file), an import ends in an ``ImportResult`` whose non-empty ``errors`` mean nothing
was written (RELIABILITY.md B11), and ``_FileRefused`` aborts the import when the file as a
whole is unusable (too big, wrong format, archive bomb, broken XLSX: B5, B8, B9), to be
shown as a single row-0 error.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` is the spreadsheet row (header = 1); 0 means the whole file."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    """The outcome of an import; when ``errors`` is non-empty nothing was written."""

    created: int
    updated: int
    rows: int
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileRefused(Exception):
    """The whole file is unusable; ``message`` is shown to the user as a row-0 error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

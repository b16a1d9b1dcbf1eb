"""What every item importer shares (GIFT, Aiken, XLSX; RELIABILITY.md B13).

A parser never raises on bad input: it returns ``(items, errors)``, each error a
``LineError`` with the line (or spreadsheet row) it is about, in Indonesian. This module
decodes text files (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252; CRLF and
CR become LF), reads the ``// bangkom:`` tag directive, checks every parsed item with the
same rules as ``items.create_item`` and resolves its tags against the bank's program.
"""

from __future__ import annotations

import codecs
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from bangkom.assessments.choices import Difficulty, ItemType
from bangkom.assessments.items import (
    ItemContent,
    ItemTags,
    Problem,
    as_int,
    clean_content,
    tag_problems,
)
from bangkom.assessments.models import ItemBank
from bangkom.curriculum.models import Subject
from bangkom.planning.models import Competency

MAX_IMPORT_BYTES = 10 * 1024 * 1024  # RELIABILITY.md B13: a 10 MB file is the largest accepted
FORMATS = ("gift", "aiken", "xlsx")
DIRECTIVE_PREFIX = "bangkom:"

# Directive and column names → tag field; English as in the export, Indonesian as in XLSX.
TAG_KEYS = {
    "type": "type",
    "tipe": "type",
    "difficulty": "difficulty",
    "tingkat": "difficulty",
    "subject": "subject",
    "mata_pelatihan": "subject",
    "competency": "competency",
    "kompetensi": "competency",
    "level": "level",
    "partial": "partial",
    "nilai_sebagian": "partial",
    "weight": "weight",
    "bobot": "weight",
}
_YES = {"ya", "y", "yes", "true", "benar", "1"}
_NO = {"tidak", "t", "no", "n", "false", "salah", "0", ""}


@dataclass(frozen=True)
class LineError:
    """A problem at a line of a text file or a row of a sheet; line 0 is the whole file."""

    line: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return self.message
        return _("Baris %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParsedItem:
    """An item as read from a file, before the item rules and tag lookups run.

    ``options``: ``[{"text", "correct", "points"}]`` as ``items.clean_content`` takes them;
    tags are the raw text of the file (resolved by ``TagResolver``).
    """

    line: int
    item_type: str
    stem_html: str
    options: list[dict] = field(default_factory=list)
    option_lines: list[int] = field(default_factory=list)
    partial_credit: bool = False
    weight: str = ""
    difficulty: str = ""
    subject: str = ""
    competency: str = ""
    level: str = ""

    def apply_tags(self, tags: dict[str, str]) -> None:
        """Copy directive/column tags (except type and partial, read by the parser)."""
        for name in ("weight", "difficulty", "subject", "competency", "level"):
            if tags.get(name):
                setattr(self, name, tags[name])


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: tuple[LineError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def file_error(message: object) -> LineError:
    return LineError(0, str(message))


# --- decoding and format --------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, list[LineError]]:
    """Decode a text file and normalise its line ends to LF; NUL characters are dropped."""
    text: str | None = None
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")  # Notepad/Word "ANSI" on Indonesian Windows
    except UnicodeDecodeError:
        return "", [
            file_error(
                _("Pengodean teks tidak dikenali; simpan berkas sebagai teks UTF-8 lalu unggah.")
            )
        ]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text, []


def format_from_name(filename: str) -> str | None:
    """gift, aiken or xlsx from the extension; "text" for .txt (sniffed later); else None."""
    suffix = Path(filename or "").suffix.lower()
    return {
        ".gift": "gift",
        ".aiken": "aiken",
        ".xlsx": "xlsx",
        ".txt": "text",
    }.get(suffix)


def looks_like_aiken(text: str) -> bool:
    """A .txt file is Aiken when it has ANSWER: lines and no GIFT answer block."""
    if "{" in text:
        return False
    return any(line.lstrip().upper().startswith("ANSWER") for line in text.split("\n"))


# --- tag directive --------------------------------------------------------------------------


def parse_directive(body: str, line: int, into: dict[str, str]) -> list[LineError]:
    """Read ``key=value`` pairs of a ``// bangkom:`` line into ``into``; report bad ones."""
    try:
        # shlex only when quoting is used: it is slow, and most directives have none
        tokens = shlex.split(body) if any(c in body for c in "\"'\\") else body.split()
    except ValueError:
        return [LineError(line, _("Petunjuk bangkom tidak dapat dibaca (tanda kutip terbuka)."))]
    errors = []
    for token in tokens:
        key, sep, value = token.partition("=")
        name = TAG_KEYS.get(key.strip().lower())
        if not sep or name is None:
            errors.append(
                LineError(
                    line,
                    _(
                        "Petunjuk bangkom tidak dikenal: %(token)s. Gunakan type=, difficulty=, "
                        "subject=, competency=, level=, partial= atau weight=."
                    )
                    % {"token": token[:60]},
                )
            )
            continue
        into[name] = value.strip()
    kind = into.get("type", "")
    if kind and kind not in ItemType.values:
        errors.append(LineError(line, unknown_type_message(kind)))
        into.pop("type")
    if "partial" in into and parse_yes_no(into["partial"]) is None:
        errors.append(LineError(line, _("Nilai partial harus ya atau tidak.")))
        into.pop("partial")
    return errors


def unknown_type_message(kind: str) -> str:
    return _("Tipe soal tidak dikenal: %(kind)s (single, multiple, true_false, graded).") % {
        "kind": kind[:40]
    }


def parse_yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


# --- checking parsed items ------------------------------------------------------------------


class TagResolver:
    """Resolves raw tags against the bank: subject by order or title within its program,
    competency by code, difficulty mudah/sedang/sulit, level 1–5."""

    def __init__(self, bank: ItemBank, parsed: Sequence[ParsedItem]) -> None:
        subjects = list(Subject.objects.filter(program_id=bank.program_id))
        self.by_order = {str(s.order): s for s in subjects}
        self.by_title = {" ".join(s.title.split()).casefold(): s for s in subjects}
        codes = {p.competency.strip() for p in parsed if p.competency.strip()}
        self.competencies = {
            c.code.casefold(): c for c in Competency.objects.filter(code__in=codes)
        }

    def resolve(self, parsed: ParsedItem) -> tuple[ItemTags, list[str]]:
        errors: list[str] = []
        subject = None
        if parsed.subject.strip():
            raw = parsed.subject.strip()
            order = as_int(raw)
            subject = self.by_order.get(str(order)) if order is not None else None
            subject = subject or self.by_title.get(" ".join(raw.split()).casefold())
            if subject is None:
                errors.append(
                    _("Mata pelatihan tidak dikenal: %(value)s (isi nomor urut atau judulnya).")
                    % {"value": raw[:80]}
                )
        competency = None
        if parsed.competency.strip():
            competency = self.competencies.get(parsed.competency.strip().casefold())
            if competency is None:
                errors.append(
                    _("Kode kompetensi tidak dikenal: %(value)s.")
                    % {"value": parsed.competency.strip()[:40]}
                )
        level = None
        if parsed.level.strip():
            level = as_int(parsed.level)
            if level is None:
                errors.append(_("Level kompetensi harus 1–5."))
        difficulty = parsed.difficulty.strip().lower() or Difficulty.MEDIUM
        if difficulty not in Difficulty.values:
            errors.append(
                _("Tingkat kesulitan tidak dikenal: %(value)s (mudah, sedang, sulit).")
                % {"value": parsed.difficulty.strip()[:40]}
            )
            difficulty = Difficulty.MEDIUM
        return ItemTags(subject, competency, level, difficulty), errors


def prepare_items(
    bank: ItemBank, parsed: Sequence[ParsedItem]
) -> tuple[list[tuple[ItemContent, ItemTags]], list[LineError]]:
    """Check every parsed item with the item rules and resolve its tags.

    Each problem is reported at its option's line when it concerns one option, else at the
    item's first line. The entries are only to be written when there are no errors.
    """
    resolver = TagResolver(bank, parsed)
    entries: list[tuple[ItemContent, ItemTags]] = []
    errors: list[LineError] = []
    for item in parsed:
        content, problems = clean_content(
            item.item_type,
            item.stem_html,
            item.options,
            partial_credit=item.partial_credit,
            weight=item.weight.strip() or Decimal(1),
        )
        tags, tag_errors = resolver.resolve(item)
        problems = [*problems, *(Problem(m) for m in tag_errors), *tag_problems(bank, tags)]
        errors.extend(LineError(_problem_line(item, p), p.message) for p in problems)
        if tags.subject is None and bank.subject_id:
            tags = ItemTags(bank.subject, tags.competency, tags.competency_level, tags.difficulty)
        entries.append((content, tags))
    return entries, errors


def _problem_line(item: ParsedItem, problem: Problem) -> int:
    if problem.option is not None and problem.option < len(item.option_lines):
        return item.option_lines[problem.option]
    return item.line

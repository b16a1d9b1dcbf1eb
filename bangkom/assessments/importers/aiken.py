"""Reading Aiken, Moodle's simplest multiple-choice format (RELIABILITY.md B13).

A question is its text (one or more lines), then options ``A. text`` or ``A) text`` in
order, then ``ANSWER: B``; blank lines between questions are optional. Aiken only has
single-choice items; a ``// bangkom: difficulty=sulit subject=2 competency=MJR-01
level=3`` line right before a question sets its tags (other ``//`` lines are comments).
Errors: no ANSWER line, an answer letter that is not an option, fewer than two options,
a repeated or out-of-order letter, options without a question. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bangkom.assessments.choices import ItemType
from bangkom.assessments.importers.common import (
    DIRECTIVE_PREFIX,
    LineError,
    ParsedItem,
    parse_directive,
)
from bangkom.assessments.items import option_letter

_OPTION = re.compile(r"([A-Z])[.)](?:\s+(.*))?$")
_ANSWER = re.compile(r"ANSWER\s*:\s*(.*)$", re.IGNORECASE)


@dataclass
class _Question:
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[tuple[str, str, int]] = field(default_factory=list)  # letter, text, line
    tags: dict[str, str] = field(default_factory=dict)
    broken: bool = False


class _Reader:
    def __init__(self) -> None:
        self.items: list[ParsedItem] = []
        self.errors: list[LineError] = []
        self.question: _Question | None = None
        self.tags: dict[str, str] = {}

    def fail(self, line: int, message: str) -> None:
        self.errors.append(LineError(line, message))
        if self.question is not None:
            self.question.broken = True

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        if not line:
            return
        if line.startswith("//"):
            self._comment(number, line[2:].strip())
            return
        answer = _ANSWER.match(line)
        if answer:
            self._answer(number, answer.group(1).strip())
            return
        option = _OPTION.match(line)
        question = self.question
        if option and question is not None:
            self._option(question, number, option.group(1), (option.group(2) or "").strip())
        elif question is not None and question.options:
            self.fail(
                question.line,
                _("Soal tidak memiliki baris ANSWER (mis. ANSWER: B) sesudah pilihannya."),
            )
            self._start(number, line)
        elif question is not None:
            question.stem.append(line)
        elif option:
            self.errors.append(LineError(number, _("Pilihan jawaban tanpa pertanyaan.")))
        else:
            self._start(number, line)

    def _comment(self, number: int, body: str) -> None:
        if not body.lower().startswith(DIRECTIVE_PREFIX):
            return
        if self.question is not None:
            self.errors.append(
                LineError(number, _("Petunjuk // bangkom: harus ditulis sebelum pertanyaan."))
            )
            return
        self.errors += parse_directive(body[len(DIRECTIVE_PREFIX) :], number, self.tags)

    def _start(self, number: int, line: str) -> None:
        self.question = _Question(line=number, stem=[line], tags=self.tags)
        self.tags = {}

    def _option(self, question: _Question, number: int, letter: str, text: str) -> None:
        letters = [existing for existing, _text, _line in question.options]
        expected = option_letter(len(letters))
        if letter in letters:
            self.fail(number, _("Huruf pilihan %(letter)s ganda.") % {"letter": letter})
        elif letter != expected:
            self.fail(
                number,
                _("Huruf pilihan harus berurutan: %(expected)s, bukan %(letter)s.")
                % {"expected": expected, "letter": letter},
            )
        question.options.append((letter, text, number))

    def _answer(self, number: int, answer: str) -> None:
        question = self.question
        self.question = None
        if question is None:
            self.errors.append(LineError(number, _("Baris ANSWER tanpa pertanyaan.")))
            return
        if not question.options:
            self.errors.append(LineError(question.line, _("Soal tidak memiliki pilihan.")))
            return
        letters = [letter for letter, _text, _line in question.options]
        key = answer.upper()
        if not re.fullmatch(r"[A-Z]", key):
            self.errors.append(
                LineError(number, _("ANSWER harus satu huruf pilihan (mis. ANSWER: B)."))
            )
            return
        if key not in letters:
            self.errors.append(
                LineError(
                    number,
                    _("Jawaban %(key)s tidak ada di antara pilihan (%(letters)s).")
                    % {"key": key, "letters": ", ".join(letters)},
                )
            )
            return
        if question.broken:
            return
        item = ParsedItem(
            line=question.line,
            item_type=ItemType.SINGLE,
            stem_html="\n".join(question.stem),
            options=[
                {"text": text, "correct": letter == key, "points": 0}
                for letter, text, _line in question.options
            ],
            option_lines=[line for _letter, _text, line in question.options],
        )
        item.apply_tags(question.tags)
        self.items.append(item)

    def finish(self) -> None:
        if self.question is not None:
            self.errors.append(
                LineError(self.question.line, _("Soal terakhir tidak memiliki baris ANSWER."))
            )
        elif self.tags:
            self.errors.append(LineError(0, _("Petunjuk // bangkom: di akhir berkas tanpa soal.")))


def parse_aiken(text: str) -> tuple[list[ParsedItem], list[LineError]]:
    """Parse Aiken text (already decoded, LF line ends) into items and line errors."""
    reader = _Reader()
    for number, line in enumerate(text.split("\n"), start=1):
        reader.feed(number, line)
    reader.finish()
    return reader.items, reader.errors

r"""Reading GIFT, the Moodle question format facilitators already use (RELIABILITY.md B13).

What is read, as Moodle's ``qformat_gift`` reads it:
- questions separated by a blank line; ``// comment`` lines; ``$CATEGORY:`` blocks and an
  optional ``::title::`` are skipped; ``[html]``, ``[moodle]``, ``[plain]`` and
  ``[markdown]`` text formats; the missing-word form ``text {…} more text``;
- single choice ``{=right ~wrong}``; multiple response with weights
  ``{~%50%right ~%50%right ~%-50%wrong}`` — partial credit; the right options' weights
  must add up to 100 % and be equal, since Bangkom scores every right option alike;
  true/false ``{T}`` ``{F}`` ``{TRUE}`` ``{FALSE}``; feedback after ``#`` is ignored;
- escapes ``\~ \= \# \{ \} \: \\ \n``;
- Bangkom's extension, a comment line ``// bangkom: type=graded difficulty=sulit
  subject=2 competency=MJR-01 level=3 partial=ya weight=2`` inside the question's block:
  its tags and type. A graded question gives each option its points: ``~%1%text`` …
  ``~%5%text``; ``type=multiple`` also allows ``{=right =right ~wrong}``.
Essay, numeric, matching and short-answer questions are reported, never guessed. The
parser never raises: every problem is a ``LineError`` at the line it was found on.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from bangkom.assessments.choices import ItemType
from bangkom.assessments.importers.common import (
    DIRECTIVE_PREFIX,
    LineError,
    ParsedItem,
    parse_directive,
    parse_yes_no,
)
from bangkom.assessments.items import FALSE_TEXT, TRUE_TEXT, option_letter
from bangkom.common.richtext import render_markdown

ESCAPES = {"\\": "\\", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": "\n"}
_STEM_STOPS = re.compile(r"[\\{}]")
_TITLE_STOPS = re.compile(r"[\\:]")
_ANSWER_STOPS = re.compile(r"[\\{}~=#]")
_WEIGHT = re.compile(r"%\s*(-?\d{1,3}(?:[.,]\d+)?)\s*%")
_FORMAT = re.compile(r"\[(html|moodle|plain|markdown)\]")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_TOLERANCE = Decimal("0.01")  # 3 × 33.33333 % is 100 %


@dataclass(frozen=True)
class _Option:
    marker: str  # "=" or "~"
    text: str
    line: int


def parse_gift(text: str) -> tuple[list[ParsedItem], list[LineError]]:
    """Parse GIFT text (already decoded, LF line ends) into items and line errors."""
    items: list[ParsedItem] = []
    errors: list[LineError] = []
    for lines in _blocks(text):
        item, block_errors = _Block(lines).parse()
        errors.extend(block_errors)
        if item is not None and not block_errors:
            items.append(item)
    return items, errors


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Yield the questions: runs of non-blank lines with their 1-based line numbers."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def formatted(text: str) -> str:
    """Apply a leading ``[format]`` marker: plain text is escaped, Markdown rendered."""
    match = _FORMAT.match(text)
    if match is None:
        return text
    body = text[match.end() :].strip()
    if match.group(1) == "plain":
        return html.escape(body, quote=False)
    if match.group(1) == "markdown":
        return render_markdown(body)
    return body


class _Block:
    """One question's lines: comments and the directive apart, the rest joined by LF."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.errors: list[LineError] = []
        self.directive: dict[str, str] = {}
        self.directive_line: int | None = None
        kept: list[tuple[int, str]] = []
        for number, line in lines:
            stripped = line.strip()
            if not stripped.startswith("//"):
                kept.append((number, line))
                continue
            body = stripped[2:].strip()
            if body.lower().startswith(DIRECTIVE_PREFIX):
                self.directive_line = number
                body = body[len(DIRECTIVE_PREFIX) :]
                self.errors += parse_directive(body, number, self.directive)
        self.numbers = [number for number, _line in kept]
        self.text = "\n".join(line for _number, line in kept)
        self.starts: list[int] = []
        offset = 0
        for _number, line in kept:
            self.starts.append(offset)
            offset += len(line) + 1

    def line_at(self, pos: int) -> int:
        index = bisect_right(self.starts, pos) - 1
        return self.numbers[max(0, min(index, len(self.numbers) - 1))]

    def fail(self, line: int, message: str) -> None:
        self.errors.append(LineError(line, message))

    # -- reading ---------------------------------------------------------------------------

    def read(self, pos: int, stops: re.Pattern) -> tuple[str, str | None, int]:
        """Read literal text up to the first unescaped stop character.

        Returns the text (escapes resolved), the stop character (None at the end) and the
        position after it. An unknown escape is reported and kept as typed.
        """
        parts: list[str] = []
        text = self.text
        while True:
            match = stops.search(text, pos)
            if match is None:
                parts.append(text[pos:])
                return "".join(parts), None, len(text)
            at = match.start()
            parts.append(text[pos:at])
            char = text[at]
            if char != "\\":
                return "".join(parts), char, at + 1
            escaped = text[at + 1 : at + 2]
            if escaped and escaped in ESCAPES:
                parts.append(ESCAPES[escaped])
            else:
                shown = escaped if escaped.strip() else _("akhir baris")
                self.fail(
                    self.line_at(at),
                    _(
                        "Escape tidak dikenal: \\%(char)s. Yang berlaku: \\~ \\= \\# \\{ \\} "
                        "\\: \\\\ dan \\n."
                    )
                    % {"char": shown},
                )
                parts.append("\\" + escaped)
            pos = at + 1 + len(escaped)

    # -- one question ----------------------------------------------------------------------

    def parse(self) -> tuple[ParsedItem | None, list[LineError]]:
        if not self.numbers:
            if self.directive_line is not None:
                self.fail(
                    self.directive_line,
                    _(
                        "Petunjuk // bangkom: tidak diikuti soal: tulis petunjuk tepat di atas "
                        "soalnya, tanpa baris kosong di antaranya."
                    ),
                )
            return None, self.errors
        pos = len(self.text) - len(self.text.lstrip())
        if self.text.startswith("$CATEGORY:", pos):
            return None, self.errors  # Moodle's category switch: Bangkom has banks instead
        first_line = self.line_at(pos)
        if self.text.startswith("::", pos):
            pos = self._after_title(pos + 2, first_line)
            if pos is None:
                return None, self.errors
        stem, stop, pos = self.read(pos, _STEM_STOPS)
        if stop != "{":
            self._no_block(stop, pos, first_line)
            return None, self.errors
        open_line = self.line_at(pos - 1)
        answers = self._answers(pos, open_line)
        if answers is None:
            return None, self.errors
        lead, options, numeric, pos = answers
        rest, stop, after = self.read(pos, _STEM_STOPS)
        if stop is not None:
            self.fail(
                self.line_at(after - 1),
                _("Lebih dari satu blok jawaban { … } dalam satu soal.")
                if stop == "{"
                else _unopened_brace(),
            )
        if rest.strip():  # Moodle's missing-word form: the blank goes where the block was
            stem = f"{stem.rstrip()} _____ {rest.lstrip()}"
        item = self._item(first_line, stem, lead, options, numeric, open_line)
        return (item if not self.errors else None), self.errors

    def _after_title(self, pos: int, first_line: int) -> int | None:
        while True:
            _title, stop, pos = self.read(pos, _TITLE_STOPS)
            if stop is None:
                self.fail(first_line, _("Judul soal ::…:: tidak ditutup dengan ::."))
                return None
            if self.text.startswith(":", pos):
                return pos + 1

    def _no_block(self, stop: str | None, pos: int, first_line: int) -> None:
        if stop == "}":
            self.fail(self.line_at(pos - 1), _unopened_brace())
        else:
            self.fail(
                first_line,
                _(
                    "Blok jawaban { … } tidak ditemukan (soal deskripsi tidak didukung); "
                    "pisahkan setiap soal dengan satu baris kosong."
                ),
            )

    def _answers(self, pos: int, open_line: int) -> tuple[str, list[_Option], bool, int] | None:
        """Read the answer block after ``{``: the text before the first option, the options
        (their feedback dropped), whether it opened with ``#`` (numeric) and the position
        after ``}``. None when the block is broken (reported)."""
        lead: list[str] = []
        options: list[tuple[str, list[str], int]] = []
        in_feedback = numeric = False
        while True:
            segment, stop, pos = self.read(pos, _ANSWER_STOPS)
            if not in_feedback:
                (options[-1][1] if options else lead).append(segment)
            if stop is None:
                self.fail(
                    open_line,
                    _("Kurung kurawal { di baris %(line)s tidak ditutup dengan }.")
                    % {"line": open_line},
                )
                return None
            if stop == "{":
                self.fail(
                    self.line_at(pos - 1),
                    _(
                        "Kurung kurawal { di dalam blok jawaban: tulis \\{ untuk tanda kurung "
                        "kurawal biasa, atau tutup blok sebelumnya dengan }."
                    ),
                )
                return None
            if stop == "}":
                break
            if stop == "#":
                numeric = numeric or (not options and not "".join(lead).strip())
                in_feedback = True
                continue
            options.append((stop, [], self.line_at(pos - 1)))
            in_feedback = False
        parsed = [_Option(marker, "".join(parts).strip(), line) for marker, parts, line in options]
        return "".join(lead).strip(), parsed, numeric, pos

    def _item(
        self,
        first_line: int,
        stem: str,
        lead: str,
        options: list[_Option],
        numeric: bool,
        open_line: int,
    ) -> ParsedItem | None:
        declared = self.directive.get("type", "")
        if not options:
            return self._true_false(first_line, stem, lead, numeric, open_line, declared)
        if lead:
            self.fail(
                open_line,
                _("Ada teks sebelum pilihan pertama; awali setiap pilihan dengan = atau ~."),
            )
            return None
        if all(option.marker == "=" and "->" in option.text for option in options):
            self.fail(open_line, _("Soal menjodohkan (=a -> b) tidak didukung."))
            return None
        weighted = [(self._weight(option), option) for option in options]
        if declared == ItemType.GRADED:
            built = self._graded(weighted)
            item_type, partial = ItemType.GRADED, False
        elif declared == ItemType.TRUE_FALSE:
            self.fail(open_line, _("Soal type=true_false ditulis {T} atau {F}."))
            return None
        elif declared == ItemType.MULTIPLE or (
            declared != ItemType.SINGLE and any(w is not None for w, _o in weighted)
        ):
            built, partial = self._multiple(weighted, first_line)
            item_type = ItemType.MULTIPLE
        else:
            built = self._single(weighted, first_line)
            item_type, partial = ItemType.SINGLE, False
        item = ParsedItem(
            line=first_line,
            item_type=item_type,
            stem_html=formatted(stem.strip()),
            options=built,
            option_lines=[option.line for option in options],
            partial_credit=partial,
        )
        item.apply_tags(self.directive)
        return item

    def _true_false(
        self, first_line: int, stem: str, lead: str, numeric: bool, open_line: int, declared: str
    ) -> ParsedItem | None:
        key = _TRUE_FALSE.get(lead.upper())
        if key is None:
            if numeric:
                message = _("Soal numerik ({#…}) tidak didukung.")
            elif not lead:
                message = _("Soal esai ({}) tidak didukung: tulis pilihan dengan = dan ~.")
            else:
                message = _(
                    "Isi blok jawaban tidak dikenali: tulis pilihan dengan = (benar) dan ~ "
                    "(salah), atau T/F untuk soal benar/salah."
                )
            self.fail(open_line, message)
            return None
        if declared and declared != ItemType.TRUE_FALSE:
            self.fail(open_line, _("{T}/{F} hanya untuk soal benar/salah (type=true_false)."))
            return None
        item = ParsedItem(
            line=first_line,
            item_type=ItemType.TRUE_FALSE,
            stem_html=formatted(stem.strip()),
            options=[
                {"text": TRUE_TEXT, "correct": key, "points": 0},
                {"text": FALSE_TEXT, "correct": not key, "points": 0},
            ],
            option_lines=[open_line, open_line],
        )
        item.apply_tags(self.directive)
        return item

    def _weight(self, option: _Option) -> Decimal | None:
        match = _WEIGHT.match(option.text)
        if match is None:
            return None
        weight = Decimal(match.group(1).replace(",", "."))
        if not Decimal(-100) <= weight <= Decimal(100):
            self.fail(
                option.line,
                _("Bobot %(weight)s%% di luar rentang -100…100.") % {"weight": match.group(1)},
            )
        return weight

    @staticmethod
    def _text(option: _Option) -> str:
        match = _WEIGHT.match(option.text)
        return formatted(option.text[match.end() :].strip() if match else option.text)

    def _graded(self, weighted: list[tuple[Decimal | None, _Option]]) -> list[dict]:
        built = []
        for index, (weight, option) in enumerate(weighted):
            points = int(weight) if weight is not None and weight == int(weight) else None
            if option.marker != "~" or points is None or not 1 <= points <= 5:
                self.fail(
                    option.line,
                    _(
                        "Pilihan %(letter)s: soal berbobot ditulis ~%%1%%teks … ~%%5%%teks, "
                        "poin bilangan bulat 1–5."
                    )
                    % {"letter": option_letter(index)},
                )
            built.append({"text": self._text(option), "correct": False, "points": points})
        return built

    def _multiple(
        self, weighted: list[tuple[Decimal | None, _Option]], first_line: int
    ) -> tuple[list[dict], bool]:
        has_weights = any(weight is not None for weight, _option in weighted)
        partial_tag = self.directive.get("partial")
        partial = parse_yes_no(partial_tag) if partial_tag is not None else has_weights
        if not has_weights:
            return [
                {"text": self._text(o), "correct": o.marker == "=", "points": 0}
                for _weight, o in weighted
            ], bool(partial)
        mixed = next((o for _w, o in weighted if o.marker == "="), None)
        if mixed is not None:
            self.fail(
                mixed.line,
                _(
                    "Jangan mencampur = dengan bobot dalam satu soal: tulis setiap jawaban "
                    "benar sebagai %(example)s."
                )
                % {"example": "~%50%teks"},
            )
        positive = [w for w, _o in weighted if w is not None and w > 0]
        total = sum(positive, Decimal(0))
        if positive and abs(total - 100) > _TOLERANCE:
            self.fail(
                first_line,
                _("Bobot jawaban benar berjumlah %(total)s%%, harus 100%%.")
                % {"total": f"{total.normalize():f}"},
            )
        elif positive and max(positive) - min(positive) > _TOLERANCE:
            self.fail(
                first_line,
                _(
                    "Bobot setiap jawaban benar harus sama (mis. %(example)s): Bangkom "
                    "memberi nilai yang sama untuk setiap jawaban benar."
                )
                % {"example": "~%50% … ~%50%"},
            )
        built = [
            {"text": self._text(o), "correct": w is not None and w > 0, "points": 0}
            for w, o in weighted
        ]
        return built, bool(partial)

    def _single(
        self, weighted: list[tuple[Decimal | None, _Option]], first_line: int
    ) -> list[dict]:
        keyed = [o for w, o in weighted if o.marker == "=" or (w is not None and w == 100)]
        partial = next((o for w, o in weighted if w is not None and 0 < w < 100), None)
        if partial is not None:
            self.fail(
                partial.line,
                _("Bobot sebagian pada pilihan ganda satu jawaban tidak didukung."),
            )
        if not keyed:
            self.fail(first_line, _("Tidak ada jawaban benar: tandai satu pilihan dengan =."))
        elif len(keyed) > 1:
            self.fail(
                keyed[1].line,
                _(
                    "Lebih dari satu jawaban benar (=) pada pilihan ganda satu jawaban; untuk "
                    "jawaban ganda tulis bobot %(example)s atau // bangkom: type=multiple."
                )
                % {"example": "~%50%"},
            )
        keyed_ids = {id(o) for o in keyed}
        return [
            {"text": self._text(o), "correct": id(o) in keyed_ids, "points": 0}
            for _w, o in weighted
        ]


def _unopened_brace() -> str:
    return _("Kurung kurawal } tanpa pembuka {: tulis \\} untuk tanda kurung kurawal biasa.")

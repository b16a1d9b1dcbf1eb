"""The English catalogue is complete: every Indonesian UI string has a translation."""

import ast
import gettext
import re
from pathlib import Path

import bangkom

CATALOGUE = Path(bangkom.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[dict[str, str]]:
    """Split a .po file into entries of their keyword lines (msgid, msgstr, msgstr[0]…)."""
    entries: list[dict[str, str]] = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        entry: dict[str, str] = {}
        key = ""
        for line in lines:
            if line.startswith('"'):
                entry[key] += line[1:-1]
            else:
                key, _space, value = line.partition(" ")
                entry[key] = value[1:-1]
        if entry:
            entries.append(entry)
    return entries


def test_every_message_has_an_english_translation():
    entries = _entries(CATALOGUE.read_text(encoding="utf-8"))
    untranslated = [
        entry["msgid"]
        for entry in entries
        if entry.get("msgid")  # the header has an empty msgid
        and any(not value for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert len(entries) > 2000
    assert untranslated == []


def test_no_entry_is_left_fuzzy():
    assert "#, fuzzy" not in CATALOGUE.read_text(encoding="utf-8")


# --- every literal message in the code is in the catalogue ----------------------------------

GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop"}
TEMPLATE_TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1""")


def _compiled_msgids() -> set[str]:
    with (CATALOGUE.parent / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    return {key if isinstance(key, str) else key[0] for key in catalog}


def _python_msgids(path: Path) -> set[tuple[str, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        first = node.args[0]
        literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
        if name in GETTEXT_NAMES and literal and first.value:
            found.add((f"{path}:{node.lineno}", first.value))
    return found


def _template_msgids(path: Path) -> set[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    return {
        # makemessages doubles % in template strings (they become %-format strings)
        (f"{path}:{text.count(chr(10), 0, match.start()) + 1}", match.group(2).replace("%", "%%"))
        for match in TEMPLATE_TRANSLATE.finditer(text)
        if match.group(2)
    }


def test_every_literal_message_in_the_code_is_in_the_compiled_catalogue():
    """A new ``_("…")`` or ``{% translate "…" %}`` needs makemessages, a translation and
    compilemessages; otherwise the English interface silently shows Indonesian."""
    root = CATALOGUE.parents[3]
    used = set()
    for path in root.rglob("*.py"):
        if "migrations" not in path.parts:
            used |= _python_msgids(path)
    for path in root.rglob("templates/**/*"):
        if path.suffix in {".html", ".txt"}:
            used |= _template_msgids(path)
    known = _compiled_msgids()
    missing = sorted(f"{where}: {msgid}" for where, msgid in used if msgid not in known)
    assert len(used) > 1500
    assert missing == []

"""The English catalogue is complete: every Indonesian UI string has a translation."""

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

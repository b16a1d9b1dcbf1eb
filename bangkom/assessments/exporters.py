"""Exporting a bank's items to GIFT and to the XLSX template (issue: item bank; B12, B13).

Both carry each item's current version with its type, key or points and tags, so that
importing an export into an empty bank of the same program gives the same items
(``tests/assessments/test_item_xlsx.py`` and ``test_gift.py`` check the round trip).
GIFT: every special character is escaped, line breaks become ``\\n``, texts are marked
``[html]`` and the tags ride on a ``// bangkom:`` line. XLSX: ``common.exports`` writes
every text as text and neutralises formula-looking cells. Keys are in both files: only
the bank's authors may download them (``permissions.authorable_bank``, K8).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from decimal import Decimal

from bangkom.assessments.choices import ItemType
from bangkom.assessments.importers.gift import ESCAPES
from bangkom.assessments.importers.xlsx import COLUMNS, SHEET_NAME
from bangkom.assessments.items import MAX_OPTIONS, option_letter
from bangkom.assessments.models import Item, ItemVersion
from bangkom.common.exports import xlsx_bytes

_GIFT_ESCAPES = {char: "\\" + code for code, char in ESCAPES.items()}
_GIFT_ESCAPES["\r"] = ""


# --- GIFT -----------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters and line breaks (Moodle's ``repchar``)."""
    return "".join(_GIFT_ESCAPES.get(char, char) for char in text)


def _gift_text(text: str) -> str:
    # "[html]" keeps a text that starts with "[" or "%" from reading as a format or weight.
    escaped = gift_escape(text)
    return f"[html]{escaped}" if escaped.startswith(("[", "%")) else escaped


def export_gift(items: Iterable[Item]) -> str:
    """GIFT text of the items' current versions (items without one are skipped)."""
    blocks = [_gift_item(item) for item in items if item.current_version_id]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _gift_item(item: Item) -> str:
    version = item.current_version
    lines = [
        f"// bangkom: {_directive(item, version)}",
        f"[html]{gift_escape(version.stem_html)}{{",
    ]
    lines += [f"\t{answer}" for answer in _gift_answers(item.item_type, version)]
    lines.append("}")
    return "\n".join(lines)


def _directive(item: Item, version: ItemVersion) -> str:
    tags = {"type": item.item_type, "difficulty": item.difficulty}
    if item.subject_id:
        tags["subject"] = str(item.subject.order)
    if item.competency_id:
        tags["competency"] = item.competency.code
    if item.competency_level:
        tags["level"] = str(item.competency_level)
    if item.item_type == ItemType.MULTIPLE:
        tags["partial"] = "ya" if version.partial_credit else "tidak"
    if Decimal(version.weight) != 1:
        tags["weight"] = _number(version.weight)
    return " ".join(f"{key}={shlex.quote(value)}" for key, value in tags.items())


def _gift_answers(item_type: str, version: ItemVersion) -> list[str]:
    options = version.options
    if item_type == ItemType.TRUE_FALSE:
        true_is_correct = bool(options[0].get("correct"))
        return ["TRUE" if true_is_correct else "FALSE"]
    if item_type == ItemType.GRADED:
        return [f"~%{int(o.get('points') or 0)}%{_gift_text(o['text'])}" for o in options]
    if item_type == ItemType.MULTIPLE:
        # Moodle's multiple-answer form: equal shares of 100 % right, the same share off wrong.
        keyed = sum(1 for o in options if o.get("correct")) or 1
        share = _number(Decimal(100) / keyed, places=5)
        return [
            f"~%{'' if o.get('correct') else '-'}{share}%{_gift_text(o['text'])}" for o in options
        ]
    return [f"{'=' if o.get('correct') else '~'}{_gift_text(o['text'])}" for o in options]


def _number(value: object, *, places: int = 2) -> str:
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places)).normalize()
    return f"{number:f}"


# --- XLSX -----------------------------------------------------------------------------------


def item_row(item: Item) -> list[object]:
    """One template row (``importers.xlsx.COLUMNS``) for an item's current version."""
    version = item.current_version
    options = list(version.options)[:MAX_OPTIONS]
    texts = [o["text"] for o in options] + [""] * (MAX_OPTIONS - len(options))
    graded = item.item_type == ItemType.GRADED
    points = [int(o.get("points") or 0) if graded else None for o in options]
    points += [None] * (MAX_OPTIONS - len(points))
    key = (
        "" if graded else ",".join(option_letter(i) for i, o in enumerate(options) if o["correct"])
    )
    partial = ""
    if item.item_type == ItemType.MULTIPLE:
        partial = "ya" if version.partial_credit else "tidak"
    weight = Decimal(version.weight)
    return [
        item.item_type,
        version.stem_html,
        *texts,
        key,
        *points,
        partial,
        int(weight) if weight == int(weight) else float(weight),
        item.difficulty,
        item.subject.order if item.subject_id else None,
        item.competency.code if item.competency_id else "",
        item.competency_level,
    ]


def _protect_apostrophe(value: object) -> object:
    # A text that starts with "'" gets a second one: the importer drops one apostrophe
    # before a formula character or another apostrophe (see importers.xlsx._text).
    return "'" + value if isinstance(value, str) and value.startswith("'") else value


def export_xlsx(items: Iterable[Item]) -> bytes:
    """The items' current versions as the import template (sheet "Soal")."""
    rows = (
        [_protect_apostrophe(value) for value in item_row(item)]
        for item in items
        if item.current_version_id
    )
    return xlsx_bytes({SHEET_NAME: (COLUMNS, rows)})


TEMPLATE_EXAMPLES = (
    ("single", "Ibu kota Provinsi Jawa Barat adalah …", ["Bandung", "Bogor", "Bekasi"], "A"),
    (
        "multiple",
        "Manakah yang termasuk nilai dasar BerAKHLAK?",
        ["Akuntabel", "Loyal", "Cepat"],
        "A,B",
    ),
    ("true_false", "Perda ditetapkan oleh kepala daerah bersama DPRD.", ["Benar", "Salah"], "A"),
    (
        "graded",
        "Rekan kerja Anda terlambat menyerahkan laporan. Sikap Anda?",
        ["Membiarkan", "Menegur di depan umum", "Mengajak berdiskusi"],
        "",
    ),
)
TEMPLATE_HELP = (
    ("tipe", "single (satu jawaban), multiple (beberapa jawaban), true_false, graded (poin 1–5)"),
    ("pertanyaan", "Teks soal; HTML sederhana dan gambar <img src=…> boleh."),
    ("pilihan_a … pilihan_e", "Pilihan jawaban berurutan, 2–5 pilihan. Benar/salah: Benar, Salah."),
    ("kunci", "Huruf kunci: B, atau A,C untuk multiple. Kosongkan untuk graded."),
    ("poin_a … poin_e", "Hanya untuk graded: poin setiap pilihan, bilangan bulat 1–5."),
    ("nilai_sebagian", "multiple: ya = nilai sebagian, tidak = semua atau tidak sama sekali."),
    ("bobot", "Bobot soal (bawaan 1)."),
    ("tingkat", "mudah, sedang, sulit (bawaan sedang)."),
    ("mata_pelatihan", "Nomor urut atau judul mata pelatihan dalam program bank."),
    ("kompetensi", "Kode kompetensi, mis. MJR-01."),
    ("level", "Level kompetensi 1–5."),
)


def template_xlsx() -> bytes:
    """The empty import template: the header, one example per type and a help sheet."""
    rows = []
    for kind, stem, texts, key in TEMPLATE_EXAMPLES:
        points = [1, 2, 5] if kind == "graded" else []
        row: dict[str, object] = {"tipe": kind, "pertanyaan": stem, "kunci": key}
        row.update({f"pilihan_{option_letter(i).lower()}": t for i, t in enumerate(texts)})
        row.update({f"poin_{option_letter(i).lower()}": p for i, p in enumerate(points)})
        row["nilai_sebagian"] = "ya" if kind == "multiple" else ""
        row["tingkat"] = "sedang"
        rows.append([row.get(column, "") for column in COLUMNS])
    return xlsx_bytes({SHEET_NAME: (COLUMNS, rows), "Petunjuk": (("kolom", "isi"), TEMPLATE_HELP)})

"""The competency dictionary: create, edit, import from XLSX, seed the standard entries.

Rules (DOMAIN.md §3, D-3): four competency types; levels 1–5 each with a description;
codes are unique (case-insensitive) and stored upper-case. The XLSX import is
all-or-nothing: every row is checked first and a single error means nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bangkom.common.exports import xlsx_bytes
from bangkom.planning.choices import MAX_LEVEL, MIN_LEVEL, CompetencyType
from bangkom.planning.errors import PlanningConflict, PlanningErrorCode, PlanningInvalid
from bangkom.planning.models import Competency
from bangkom.planning.spreadsheets import (
    FileRefused,
    ImportResult,
    RowError,
    Sheet,
    cell,
    cell_text,
    missing_columns,
    read_xlsx,
    refused,
)
from bangkom.planning.standard_competencies import STANDARD_COMPETENCIES

LEVELS = tuple(range(MIN_LEVEL, MAX_LEVEL + 1))
LEVEL_COLUMNS = tuple(f"level_{n}" for n in LEVELS)
IMPORT_COLUMNS = ("kode", "nama", "jenis", "deskripsi", *LEVEL_COLUMNS)
REQUIRED_COLUMNS = ("kode", "nama", "jenis")
CODE_MAX, NAME_MAX, LEVEL_TEXT_MAX = 30, 200, 500

# "manajerial", "Manajerial", "sosial kultural", "Sosial kultural" all mean the same type
_TYPES = {
    key: str(choice.value)
    for choice in CompetencyType
    for key in (
        str(choice.value).casefold(),
        str(choice.label).casefold(),
        str(choice.value).replace("_", " ").casefold(),
    )
}


@dataclass(frozen=True)
class CompetencyData:
    code: str
    name: str
    competency_type: str
    description: str = ""
    # {"1": "...", ..., "5": "..."}; missing levels are stored as absent keys
    level_descriptions: dict[str, str] = field(default_factory=dict)


def _invalid(message: str, field_name: str) -> PlanningInvalid:
    return PlanningInvalid(PlanningErrorCode.INVALID_COMPETENCY, message, field=field_name)


def _clean(data: CompetencyData) -> dict:
    code = data.code.strip().upper()
    name = data.name.strip()
    if not code or len(code) > CODE_MAX:
        raise _invalid(
            _("Kode wajib diisi, paling banyak %(n)s karakter.") % {"n": CODE_MAX}, "code"
        )
    if not name or len(name) > NAME_MAX:
        raise _invalid(
            _("Nama wajib diisi, paling banyak %(n)s karakter.") % {"n": NAME_MAX}, "name"
        )
    if data.competency_type not in CompetencyType.values:
        raise _invalid(_("Jenis kompetensi tidak dikenal."), "competency_type")
    levels = {
        str(n): text.strip()
        for n in LEVELS
        if (text := data.level_descriptions.get(str(n), "") or "").strip()
    }
    return {
        "code": code,
        "name": name,
        "competency_type": data.competency_type,
        "description": data.description.strip(),
        "level_descriptions": levels,
    }


def _duplicate() -> PlanningConflict:
    return PlanningConflict(
        PlanningErrorCode.DUPLICATE_CODE, _("Kode kompetensi sudah dipakai."), field="code"
    )


def create_competency(data: CompetencyData) -> Competency:
    """Add a competency to the dictionary; refuse a code already used (any case)."""
    fields = _clean(data)
    if Competency.objects.filter(code__iexact=fields["code"]).exists():
        raise _duplicate()
    try:
        with transaction.atomic():
            return Competency.objects.create(**fields)
    except IntegrityError:
        raise _duplicate() from None


def update_competency(competency: Competency, data: CompetencyData) -> Competency:
    """Change a competency; its code may change if the new code is free."""
    fields = _clean(data)
    taken = Competency.objects.filter(code__iexact=fields["code"]).exclude(pk=competency.pk)
    if taken.exists():
        raise _duplicate()
    for name, value in fields.items():
        setattr(competency, name, value)
    try:
        with transaction.atomic():
            competency.save()
    except IntegrityError:
        raise _duplicate() from None
    return competency


def seed_standard_competencies() -> int:
    """Create the standard dictionary entries that are missing; return how many were created.

    Idempotent and keyed by code: entries that exist (perhaps edited) are left as they are.
    """
    existing = {code.upper() for code in Competency.objects.values_list("code", flat=True)}
    new = [
        Competency(
            code=item.code,
            name=item.name,
            competency_type=item.competency_type,
            description=item.description,
            level_descriptions={str(n): text for n, text in zip(LEVELS, item.levels, strict=True)},
        )
        for item in STANDARD_COMPETENCIES
        if item.code not in existing
    ]
    Competency.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- XLSX -----------------------------------------------------------------------------------


def competency_template_xlsx() -> bytes:
    """An import template: the columns, then the current dictionary as example rows."""
    rows = [
        (
            c.code,
            c.name,
            c.competency_type,
            c.description,
            *(c.level_descriptions.get(str(n), "") for n in LEVELS),
        )
        for c in Competency.objects.order_by("competency_type", "code")
    ]
    if not rows:
        rows = [("MJ-INT", "Integritas", "manajerial", "", "…", "…", "…", "…", "…")]
    return xlsx_bytes({"Kompetensi": (IMPORT_COLUMNS, rows)})


def import_competencies_xlsx(upload: UploadedFile) -> ImportResult:
    """Create or update (by code) the competencies of an XLSX file, all rows or none.

    Columns: kode, nama, jenis, deskripsi, level_1 … level_5 (kode, nama, jenis required).
    Refused (nothing written, errors listed by row): a file that is not XLSX or has no
    such header, a blank code or name, an unknown type, a code twice in the file, texts
    that are too long.
    """
    try:
        sheet = read_xlsx(upload)
    except FileRefused as exc:
        return refused(exc.message)
    missing = missing_columns(sheet, REQUIRED_COLUMNS)
    if missing:
        return refused(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    records, errors = _validate(sheet)
    if errors:
        return ImportResult(created=0, updated=0, rows=len(sheet.rows), errors=tuple(errors))
    created, updated = _write(records)
    return ImportResult(created=created, updated=updated, rows=len(sheet.rows), errors=())


def _validate(sheet: Sheet) -> tuple[list[dict], list[RowError]]:
    index = {name: sheet.index(name) for name in IMPORT_COLUMNS}
    records: list[dict] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row, cells in sheet.rows:
        values = {name: cell_text(cell(cells, index[name])) for name in IMPORT_COLUMNS}
        kind = _TYPES.get(values["jenis"].casefold())
        data = CompetencyData(
            code=values["kode"],
            name=values["nama"],
            competency_type=kind or "",
            description=values["deskripsi"],
            level_descriptions={str(n): values[f"level_{n}"] for n in LEVELS},
        )
        try:
            fields = _clean(data)
        except PlanningInvalid as exc:
            column = {"code": "kode", "name": "nama", "competency_type": "jenis"}[exc.field]
            errors.append(RowError(row, column, str(exc)))
            continue
        for n in LEVELS:
            if len(fields["level_descriptions"].get(str(n), "")) > LEVEL_TEXT_MAX:
                errors.append(RowError(row, f"level_{n}", _("Teks level terlalu panjang.")))
        if fields["code"] in seen:
            errors.append(
                RowError(
                    row,
                    "kode",
                    _("Kode %(code)s sudah ada di baris %(row)s.")
                    % {"code": fields["code"], "row": seen[fields["code"]]},
                )
            )
            continue
        seen[fields["code"]] = row
        records.append(fields)
    return records, errors


def _write(records: list[dict]) -> tuple[int, int]:
    created = updated = 0
    with transaction.atomic():
        # the whole dictionary (hundreds of rows at most): codes match case-insensitively
        existing = {c.code.upper(): c for c in Competency.objects.select_for_update()}
        for record in records:
            competency = existing.get(record["code"])
            if competency is None:
                Competency.objects.create(**record)
                created += 1
            else:
                for name, value in record.items():
                    setattr(competency, name, value)
                competency.save()
                updated += 1
    return created, updated

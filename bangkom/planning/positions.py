"""Positions from the job analysis (Anjab, DOMAIN.md §7.2): the position list, the level
each position requires per competency (§3), which employee holds which position, and the
all-or-nothing XLSX import of positions with their requirements.

Rules: codes unique (case-insensitive, stored upper-case); kelas jabatan 1–17 [U]; levels
1–5; a position may be generic (no institution).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bangkom.accounts.choices import PositionType
from bangkom.accounts.models import Employee, Institution
from bangkom.common.exports import xlsx_bytes
from bangkom.planning.choices import MAX_LEVEL, MIN_LEVEL
from bangkom.planning.errors import PlanningConflict, PlanningErrorCode, PlanningInvalid
from bangkom.planning.models import (
    MAX_KELAS,
    MIN_KELAS,
    Competency,
    EmployeeAssignment,
    Position,
    PositionRequirement,
)
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

FIXED_COLUMNS = (
    "kode_jabatan",
    "nama_jabatan",
    "jenis_jabatan",
    "jenjang",
    "kelas_jabatan",
    "kode_instansi",
)
REQUIRED_COLUMNS = ("kode_jabatan", "nama_jabatan", "jenis_jabatan", "kelas_jabatan")
CODE_MAX, NAME_MAX, JENJANG_MAX, UNIT_MAX = 40, 200, 100, 200

_POSITION_TYPES = {
    key: str(choice.value)
    for choice in PositionType
    for key in (str(choice.value).casefold(), str(choice.label).casefold())
}
_POSITION_TYPES.update(
    {
        "jf": PositionType.FUNGSIONAL,
        "jabatan fungsional": PositionType.FUNGSIONAL,
        "jabatan administrator": PositionType.ADMINISTRATOR,
        "jabatan pengawas": PositionType.PENGAWAS,
        "jabatan pelaksana": PositionType.PELAKSANA,
    }
)


@dataclass(frozen=True)
class PositionData:
    code: str
    name: str
    position_type: str
    kelas_jabatan: int | None
    jenjang: str = ""
    institution: Institution | None = None
    unit_name: str = ""


def _invalid(message: str, field_name: str) -> PlanningInvalid:
    return PlanningInvalid(PlanningErrorCode.INVALID_POSITION, message, field=field_name)


def _clean(data: PositionData) -> dict:
    code, name = data.code.strip().upper(), data.name.strip()
    if not code or len(code) > CODE_MAX:
        raise _invalid(
            _("Kode jabatan wajib diisi, paling banyak %(n)s karakter.") % {"n": CODE_MAX}, "code"
        )
    if not name or len(name) > NAME_MAX:
        raise _invalid(
            _("Nama jabatan wajib diisi, paling banyak %(n)s karakter.") % {"n": NAME_MAX}, "name"
        )
    if data.position_type not in PositionType.values:
        raise _invalid(_("Jenis jabatan tidak dikenal."), "position_type")
    if data.kelas_jabatan is None or not MIN_KELAS <= data.kelas_jabatan <= MAX_KELAS:
        raise _invalid(
            _("Kelas jabatan harus bilangan bulat %(min)s–%(max)s.")
            % {"min": MIN_KELAS, "max": MAX_KELAS},
            "kelas_jabatan",
        )
    if len(data.jenjang.strip()) > JENJANG_MAX:
        raise _invalid(_("Jenjang terlalu panjang."), "jenjang")
    if len(data.unit_name.strip()) > UNIT_MAX:
        raise _invalid(_("Nama unit terlalu panjang."), "unit_name")
    return {
        "code": code,
        "name": name,
        "position_type": data.position_type,
        "jenjang": data.jenjang.strip(),
        "kelas_jabatan": data.kelas_jabatan,
        "institution": data.institution,
        "unit_name": data.unit_name.strip(),
    }


def _duplicate() -> PlanningConflict:
    return PlanningConflict(
        PlanningErrorCode.DUPLICATE_CODE, _("Kode jabatan sudah dipakai."), field="code"
    )


def create_position(data: PositionData) -> Position:
    """Add a position; refuse a code already used (any case)."""
    fields = _clean(data)
    if Position.objects.filter(code__iexact=fields["code"]).exists():
        raise _duplicate()
    try:
        with transaction.atomic():
            return Position.objects.create(**fields)
    except IntegrityError:
        raise _duplicate() from None


def update_position(position: Position, data: PositionData) -> Position:
    """Change a position's data (not its requirements)."""
    fields = _clean(data)
    if Position.objects.filter(code__iexact=fields["code"]).exclude(pk=position.pk).exists():
        raise _duplicate()
    for name, value in fields.items():
        setattr(position, name, value)
    try:
        with transaction.atomic():
            position.save()
    except IntegrityError:
        raise _duplicate() from None
    return position


def check_level(value: object, *, field_name: str = "level") -> int:
    """Return the level as an int 1–5, or refuse it."""
    if isinstance(value, int) and not isinstance(value, bool):
        level: int | None = value
    else:
        level = _parse_int(str(value).strip())
    if level is None or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise PlanningInvalid(
            PlanningErrorCode.INVALID_LEVEL,
            _("Level harus bilangan bulat %(min)s–%(max)s.") % {"min": MIN_LEVEL, "max": MAX_LEVEL},
            field=field_name,
        )
    return level


def set_requirement(
    position: Position, *, competency: Competency, required_level: int
) -> PositionRequirement:
    """Require a competency at a level 1–5 for the position; setting it again changes it."""
    level = check_level(required_level, field_name="required_level")
    requirement, _created = PositionRequirement.objects.update_or_create(
        position=position, competency=competency, defaults={"required_level": level}
    )
    return requirement


def remove_requirement(requirement: PositionRequirement) -> None:
    """The position no longer requires this competency."""
    requirement.delete()


def assign_position(employee: Employee, position: Position) -> EmployeeAssignment:
    """Record that the employee holds the position (replacing any earlier one)."""
    assignment, _created = EmployeeAssignment.objects.update_or_create(
        employee=employee, defaults={"position": position}
    )
    return assignment


def unassign_position(employee: Employee) -> None:
    EmployeeAssignment.objects.filter(employee=employee).delete()


# --- XLSX -----------------------------------------------------------------------------------


def position_template_xlsx() -> bytes:
    """An import template: the fixed columns, one column per competency code, example row."""
    competencies = list(Competency.objects.order_by("competency_type", "code"))
    header = (*FIXED_COLUMNS, *(c.code for c in competencies))
    example = (
        "JAB-CONTOH",
        "Analis Kebijakan Ahli Muda",
        "Fungsional",
        "Ahli Muda",
        9,
        "",
        *(3 for _c in competencies),
    )
    guide = [
        ("kode_jabatan", _("Wajib. Kode unik jabatan.")),
        ("nama_jabatan", _("Wajib. Nama jabatan.")),
        ("jenis_jabatan", _("Wajib. JPT, Administrator, Pengawas, Pelaksana atau Fungsional.")),
        ("jenjang", _("Misalnya JPT Pratama, Ahli Muda, Terampil.")),
        ("kelas_jabatan", _("Wajib. Bilangan bulat 1–17.")),
        ("kode_instansi", _("Kosong: jabatan umum untuk semua instansi.")),
        (_("kolom kode kompetensi"), _("Level standar 1–5; kosong: tidak disyaratkan.")),
    ]
    return xlsx_bytes(
        {"Jabatan": (header, [example]), "Petunjuk": ((_("Kolom"), _("Keterangan")), guide)}
    )


@dataclass(frozen=True)
class _Row:
    row: int
    fields: dict
    levels: dict[int, int | None]  # competency id → level (None: not required)


def import_positions_xlsx(upload: UploadedFile) -> ImportResult:
    """Create or update (by code) positions and their required levels, all rows or none.

    Columns: kode_jabatan, nama_jabatan, jenis_jabatan, jenjang, kelas_jabatan,
    kode_instansi (optional), then one column per competency code holding the required
    level (blank = not required). For the competency columns present, a row replaces the
    position's requirements; other competencies are left as they are. Refused (nothing
    written, errors listed by row and column): a file that is not XLSX or lacks a required
    column, an unknown competency code in the header, a level outside 1–5, a kelas outside
    1–17, an unknown position type or institution code, a position code twice in the file.
    """
    try:
        sheet = read_xlsx(upload)
    except FileRefused as exc:
        return refused(exc.message)
    missing = missing_columns(sheet, REQUIRED_COLUMNS)
    if missing:
        return refused(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    columns, errors = _competency_columns(sheet)
    rows = _validate_rows(sheet, columns, errors)
    if errors:
        errors.sort(key=lambda e: e.row)
        return ImportResult(created=0, updated=0, rows=len(sheet.rows), errors=tuple(errors))
    created, updated = _write(rows, competency_ids=[c.pk for _i, c in columns])
    return ImportResult(created=created, updated=updated, rows=len(sheet.rows), errors=())


def _competency_columns(sheet: Sheet) -> tuple[list[tuple[int, Competency]], list[RowError]]:
    by_code = {c.code.casefold(): c for c in Competency.objects.all()}
    columns: list[tuple[int, Competency]] = []
    errors: list[RowError] = []
    seen: set[int] = set()
    for index, (key, raw) in enumerate(zip(sheet.header, sheet.raw_header, strict=True)):
        if key in FIXED_COLUMNS or not raw:
            continue
        competency = by_code.get(raw.casefold())
        if competency is None:
            errors.append(
                RowError(1, raw, _("Kode kompetensi tidak dikenal: %(code)s.") % {"code": raw})
            )
        elif competency.pk in seen:
            errors.append(RowError(1, raw, _("Kolom kompetensi ini muncul dua kali.")))
        else:
            seen.add(competency.pk)
            columns.append((index, competency))
    return columns, errors


def _validate_rows(
    sheet: Sheet, columns: list[tuple[int, Competency]], errors: list[RowError]
) -> list[_Row]:
    index = {name: sheet.index(name) for name in FIXED_COLUMNS}
    institutions = {i.code.casefold(): i for i in Institution.objects.all()}
    seen: dict[str, int] = {}
    rows: list[_Row] = []
    for row, cells in sheet.rows:
        values = {name: cell_text(cell(cells, index[name])) for name in FIXED_COLUMNS}
        row_errors: list[RowError] = []
        institution = None
        if values["kode_instansi"]:
            institution = institutions.get(values["kode_instansi"].casefold())
            if institution is None:
                row_errors.append(
                    RowError(row, "kode_instansi", _("Kode instansi tidak terdaftar."))
                )
        kelas = _parse_int(values["kelas_jabatan"])
        data = PositionData(
            code=values["kode_jabatan"],
            name=values["nama_jabatan"],
            position_type=_POSITION_TYPES.get(values["jenis_jabatan"].casefold(), ""),
            kelas_jabatan=kelas,
            jenjang=values["jenjang"],
            institution=institution,
        )
        fields = None
        try:
            fields = _clean(data)
        except PlanningInvalid as exc:
            row_errors.append(RowError(row, _FIELD_COLUMNS[exc.field], str(exc)))
        levels = _row_levels(row, cells, columns, row_errors)
        if fields is not None and fields["code"] in seen:
            row_errors.append(
                RowError(
                    row,
                    "kode_jabatan",
                    _("Kode jabatan %(code)s sudah ada di baris %(row)s.")
                    % {"code": fields["code"], "row": seen[fields["code"]]},
                )
            )
        elif fields is not None:
            seen[fields["code"]] = row
        errors.extend(row_errors)
        if not row_errors and fields is not None:
            rows.append(_Row(row, fields, levels))
    return rows


_FIELD_COLUMNS = {
    "code": "kode_jabatan",
    "name": "nama_jabatan",
    "position_type": "jenis_jabatan",
    "kelas_jabatan": "kelas_jabatan",
    "jenjang": "jenjang",
    "unit_name": "unit",
}


def _row_levels(
    row: int, cells: tuple, columns: list[tuple[int, Competency]], errors: list[RowError]
) -> dict[int, int | None]:
    levels: dict[int, int | None] = {}
    for index, competency in columns:
        text = cell_text(cell(cells, index))
        if not text:
            levels[competency.pk] = None
            continue
        level = _parse_int(text)
        if level is None or not MIN_LEVEL <= level <= MAX_LEVEL:
            errors.append(
                RowError(
                    row,
                    competency.code,
                    _("Level %(value)s tidak sah; isi %(min)s–%(max)s atau kosongkan.")
                    % {"value": text, "min": MIN_LEVEL, "max": MAX_LEVEL},
                )
            )
        else:
            levels[competency.pk] = level
    return levels


def _parse_int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _write(rows: list[_Row], *, competency_ids: list[int]) -> tuple[int, int]:
    with transaction.atomic():
        existing = {p.code.upper(): p for p in Position.objects.select_for_update()}
        new = [Position(**r.fields) for r in rows if r.fields["code"] not in existing]
        Position.objects.bulk_create(new)
        changed = []
        for r in rows:
            position = existing.get(r.fields["code"])
            if position is not None:
                for name, value in r.fields.items():
                    setattr(position, name, value)
                changed.append(position)
        Position.objects.bulk_update(
            changed, ["code", "name", "position_type", "jenjang", "kelas_jabatan", "institution"]
        )
        codes = [r.fields["code"] for r in rows]
        ids = dict(Position.objects.filter(code__in=codes).values_list("code", "pk"))
        PositionRequirement.objects.filter(
            position_id__in=ids.values(), competency_id__in=competency_ids
        ).delete()
        PositionRequirement.objects.bulk_create(
            PositionRequirement(
                position_id=ids[r.fields["code"]], competency_id=competency_id, required_level=level
            )
            for r in rows
            for competency_id, level in r.levels.items()
            if level is not None
        )
    return len(new), len(changed)

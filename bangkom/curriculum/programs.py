"""Programs (pelatihan) as reusable curricula: their data, target competencies and subjects.

Rules implemented here (issue "curriculum"; DOMAIN.md §2.1, §2.3, §3):
- JP are positive and counted in steps of 0.5 (1 JP = 45 minutes);
- a program's code is unique; its learning form is a PerLAN 10/2018 code;
- a target competency is aimed at a level 1–5, once per competency;
- only users holding the widyaiswara role may facilitate a subject;
- subjects are ordered by number; moving one onto a taken number shifts the others;
- the difference between the program's total JP and its subjects' sum is a warning
  (``jp_mismatch``), not a refusal: curricula are drafted step by step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import RoleAssignment, User
from bangkom.curriculum.choices import LearningForm, ProgramType
from bangkom.curriculum.errors import CurriculumConflict, CurriculumErrorCode, CurriculumInvalid
from bangkom.curriculum.models import JP_STEP, Program, ProgramCompetency, Subject
from bangkom.planning.choices import MAX_LEVEL, MIN_LEVEL
from bangkom.planning.models import Competency

MAX_PROGRAM_JP = Decimal("9999.5")  # the column holds 5 digits with one decimal
MAX_SUBJECT_JP = Decimal("999.5")  # the column holds 4 digits with one decimal
MAX_SUBJECT_ORDER = 999
# Orders above this are only ever held for an instant while subjects are renumbered.
_RENUMBER_OFFSET = 20000


@dataclass(frozen=True)
class ProgramData:
    """What a manager enters for a program."""

    code: str
    title: str
    program_type: str
    total_jp: Decimal
    learning_form: str = LearningForm.NKL03
    description: str = ""
    theme: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class SubjectData:
    """What a manager enters for a subject; ``order`` None means "after the last one"."""

    title: str
    jp: Decimal
    objectives: str = ""
    order: int | None = None
    facilitators: tuple[User, ...] = ()


def validate_jp(value: object, *, maximum: Decimal, field: str = "jp") -> Decimal:
    """Return the JP as a Decimal; refuse zero, negatives, and steps other than 0.5."""
    try:
        jp = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_PROGRAM, _("JP harus berupa angka."), field=field
        ) from None
    if not jp.is_finite() or jp <= 0 or jp > maximum:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_PROGRAM,
            _("JP harus lebih dari 0 dan paling banyak %(max)s.") % {"max": maximum},
            field=field,
        )
    if jp % JP_STEP != 0:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_PROGRAM,
            _("JP dihitung per 0,5 (1 JP = 45 menit)."),
            field=field,
        )
    return jp


def _clean_program(data: ProgramData) -> dict:
    code = data.code.strip()
    title = data.title.strip()
    if not code:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_PROGRAM, _("Kode program wajib diisi."), field="code"
        )
    if not title:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_PROGRAM, _("Judul program wajib diisi."), field="title"
        )
    if data.program_type not in ProgramType.values:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_PROGRAM,
            _("Jenis program tidak dikenal."),
            field="program_type",
        )
    if data.learning_form not in LearningForm.values:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_PROGRAM,
            _("Bentuk/jalur pengembangan kompetensi tidak dikenal."),
            field="learning_form",
        )
    return {
        "code": code,
        "title": title,
        "program_type": data.program_type,
        "learning_form": data.learning_form,
        "total_jp": validate_jp(data.total_jp, maximum=MAX_PROGRAM_JP, field="total_jp"),
        "description": data.description.strip(),
        "theme": data.theme.strip(),
        "is_active": data.is_active,
    }


def _duplicate_code() -> CurriculumConflict:
    return CurriculumConflict(
        CurriculumErrorCode.DUPLICATE_CODE,
        _("Kode program sudah dipakai program lain."),
        field="code",
    )


def create_program(data: ProgramData, *, by: User | None) -> Program:
    """Create a program; refuse a duplicate code or invalid JP, type or learning form."""
    fields = _clean_program(data)
    if Program.objects.filter(code__iexact=fields["code"]).exists():
        raise _duplicate_code()
    try:
        with transaction.atomic():
            return Program.objects.create(created_by=by, **fields)
    except IntegrityError:  # a parallel request took the code between the check and the insert
        raise _duplicate_code() from None


def update_program(program: Program, data: ProgramData) -> Program:
    """Change a program's data; the same rules as ``create_program``."""
    fields = _clean_program(data)
    if Program.objects.filter(code__iexact=fields["code"]).exclude(pk=program.pk).exists():
        raise _duplicate_code()
    for name, value in fields.items():
        setattr(program, name, value)
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:
        raise _duplicate_code() from None
    return program


# --- target competencies -------------------------------------------------------------------


def set_program_competency(
    program: Program, *, competency: Competency, target_level: int
) -> ProgramCompetency:
    """Aim the program at a competency and level 1–5; setting it again changes the level."""
    if not MIN_LEVEL <= int(target_level) <= MAX_LEVEL:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_COMPETENCY_LEVEL,
            _("Level sasaran harus antara %(min)s dan %(max)s.")
            % {"min": MIN_LEVEL, "max": MAX_LEVEL},
            field="target_level",
        )
    target, _created = ProgramCompetency.objects.update_or_create(
        program=program, competency=competency, defaults={"target_level": int(target_level)}
    )
    return target


def remove_program_competency(target: ProgramCompetency) -> None:
    """Stop aiming the program at this competency."""
    target.delete()


# --- subjects -------------------------------------------------------------------------------


def check_facilitators(users: Iterable[User]) -> list[User]:
    """Return the users if every one holds the widyaiswara role; refuse the set otherwise."""
    users = list(users)
    ids = {user.pk for user in users}
    holders = set(
        RoleAssignment.objects.filter(user_id__in=ids, role=Role.WIDYAISWARA).values_list(
            "user_id", flat=True
        )
    )
    outsiders = [user for user in users if user.pk not in holders]
    if outsiders:
        names = ", ".join(user.name for user in outsiders)
        raise CurriculumInvalid(
            CurriculumErrorCode.NOT_A_FACILITATOR,
            _("Hanya widyaiswara/narasumber yang dapat menjadi fasilitator: %(names)s.")
            % {"names": names},
            field="facilitators",
        )
    return users


def _clean_subject(data: SubjectData) -> dict:
    title = data.title.strip()
    if not title:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_SUBJECT,
            _("Judul mata pelatihan wajib diisi."),
            field="title",
        )
    if data.order is not None and not 1 <= data.order <= MAX_SUBJECT_ORDER:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_SUBJECT,
            _("Urutan harus antara 1 dan %(max)s.") % {"max": MAX_SUBJECT_ORDER},
            field="order",
        )
    return {
        "title": title,
        "jp": validate_jp(data.jp, maximum=MAX_SUBJECT_JP),
        "objectives": data.objectives.strip(),
    }


@transaction.atomic
def add_subject(program: Program, data: SubjectData) -> Subject:
    """Add a subject; without an order it goes last, on a taken order the others shift down.

    Refuses a facilitator without the widyaiswara role (nothing is saved then).
    """
    fields = _clean_subject(data)
    facilitators = check_facilitators(data.facilitators)
    _lock_program(program)
    last = program.subjects.aggregate(last=Max("order"))["last"] or 0
    subject = Subject.objects.create(program=program, order=last + 1, **fields)
    if data.order is not None and data.order != subject.order:
        _move_subject(subject, data.order)
    subject.facilitators.set(facilitators)
    return subject


@transaction.atomic
def update_subject(subject: Subject, data: SubjectData) -> Subject:
    """Change a subject; a new order number moves it there (the others shift if taken)."""
    fields = _clean_subject(data)
    facilitators = check_facilitators(data.facilitators)
    _lock_program(subject.program)
    for name, value in fields.items():
        setattr(subject, name, value)
    subject.save(update_fields=[*fields, "updated_at"])
    if data.order is not None and data.order != subject.order:
        _move_subject(subject, data.order)
    subject.facilitators.set(facilitators)
    return subject


def _lock_program(program: Program) -> None:
    # Serialises concurrent edits of one program's subject order (SQLite locks the database).
    Program.objects.select_for_update().filter(pk=program.pk).first()


def _move_subject(subject: Subject, order: int) -> None:
    """Put the subject at ``order``; when the number is taken, renumber the program 1..n."""
    siblings = subject.program.subjects.exclude(pk=subject.pk)
    if not siblings.filter(order=order).exists():
        Subject.objects.filter(pk=subject.pk).update(order=order)
        subject.order = order
        return
    ordered = list(siblings.order_by("order", "pk"))
    position = max(0, min(order - 1, len(ordered)))
    ordered.insert(position, subject)
    # Two passes so that the unique (program, order) constraint holds after every statement.
    for index, item in enumerate(ordered, start=1):
        Subject.objects.filter(pk=item.pk).update(order=_RENUMBER_OFFSET + index)
    for index, item in enumerate(ordered, start=1):
        Subject.objects.filter(pk=item.pk).update(order=index)
    subject.order = position + 1


def subjects_jp_total(program: Program) -> Decimal:
    """The sum of the program's subjects' JP (an annotation ``subjects_jp`` is used if present)."""
    annotated = getattr(program, "subjects_jp", None)
    if annotated is not None:
        return Decimal(annotated)
    if hasattr(program, "_prefetched_objects_cache") and "subjects" in (
        program._prefetched_objects_cache
    ):
        return sum((s.jp for s in program.subjects.all()), Decimal(0))
    return program.subjects.aggregate(total=Sum("jp"))["total"] or Decimal(0)


def jp_mismatch(program: Program) -> Decimal:
    """Return total JP minus the subjects' JP: 0 when they agree, > 0 when subjects fall short.

    A warning for managers, never a refusal (the certificate credits the program's JP,
    DOMAIN.md §2.4, so the two should agree before the offering runs).
    """
    return Decimal(program.total_jp) - subjects_jp_total(program)

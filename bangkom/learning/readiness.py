"""Is a program's content ready to be studied? Warnings for the manager, never blocks
(DOMAIN.md S-1 R9: at least 30 minutes of video per subject; R11: rules published;
Gambar 2 step 1: an orientation video).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from bangkom.curriculum.models import Offering, Program, Subject
from bangkom.learning.materials import VIDEO_KINDS
from bangkom.learning.models import Material
from bangkom.learning.progress import current_rules

MIN_VIDEO_MINUTES = 30  # DOMAIN.md S-1 R9: learning video ≥ 30 minutes per material (subject)


@dataclass(frozen=True)
class SubjectVideo:
    subject: Subject
    minutes: float

    @property
    def is_short(self) -> bool:
        return self.minutes < MIN_VIDEO_MINUTES


@dataclass(frozen=True)
class Warning:
    """One readiness warning: a machine ``code`` and a message for the manager."""

    code: str
    message: str


def _with_video_seconds(program: Program) -> list[Subject]:
    return list(
        Subject.objects.filter(program=program)
        .annotate(
            video_seconds=Sum(
                "materials__duration_seconds", filter=Q(materials__kind__in=VIDEO_KINDS)
            )
        )
        .order_by("order")
    )


def _minutes(seconds: int | None) -> float:
    return round((seconds or 0) / 60, 1)


def video_minutes_by_subject(program: Program) -> dict[int, float]:
    """Minutes of video per subject of the program (subject pk → minutes; 0 when none)."""
    return {row.pk: _minutes(row.video_seconds) for row in _with_video_seconds(program)}


def subject_video_minutes(subject: Subject) -> float:
    seconds = Material.objects.filter(subject=subject, kind__in=VIDEO_KINDS).aggregate(
        total=Sum("duration_seconds")
    )["total"]
    return _minutes(seconds)


def subject_videos(program: Program) -> list[SubjectVideo]:
    """Every subject of the program with its minutes of video, in curriculum order."""
    return [SubjectVideo(row, _minutes(row.video_seconds)) for row in _with_video_seconds(program)]


def video_rows(subjects: Iterable[Subject]) -> list[SubjectVideo]:
    """Rows of subjects annotated by ``with_content_counts``, with their minutes of video."""
    return [SubjectVideo(subject, _minutes(subject.video_seconds)) for subject in subjects]


def with_content_counts(subjects: QuerySet[Subject]) -> QuerySet[Subject]:
    """Annotate subjects with ``material_count`` and ``video_minutes`` (for lists)."""
    return subjects.annotate(
        material_count=Count("materials", distinct=True),
        video_seconds=Sum("materials__duration_seconds", filter=Q(materials__kind__in=VIDEO_KINDS)),
    )


def subjects_short_of_video(
    program: Program, minimum_minutes: int = MIN_VIDEO_MINUTES
) -> list[SubjectVideo]:
    """Subjects with less than ``minimum_minutes`` of video, in curriculum order (seed R9)."""
    return [
        SubjectVideo(row, _minutes(row.video_seconds))
        for row in _with_video_seconds(program)
        if (row.video_seconds or 0) < minimum_minutes * 60
    ]


def offering_warnings(offering: Offering) -> list[Warning]:
    """Everything a manager should fix before (or while) an offering runs.

    Short video per subject, subjects without materials, no orientation video, no rules,
    plus the curriculum context's own checks when that module is installed.
    """
    program = offering.program
    warnings: list[Warning] = []
    subjects = list(
        Subject.objects.filter(program=program)
        .annotate(material_count=Count("materials"))
        .order_by("order")
    )
    if not subjects:
        warnings.append(Warning("no_subjects", _("Program belum memiliki mata pelatihan.")))
    for subject in subjects:
        if not subject.material_count:
            warnings.append(
                Warning(
                    "subject_without_materials",
                    _("Mata pelatihan “%(subject)s” belum memiliki materi.")
                    % {"subject": subject.title},
                )
            )
    for short in subjects_short_of_video(program):
        warnings.append(
            Warning(
                "short_video",
                _(
                    "Video mata pelatihan “%(subject)s” baru %(minutes)s menit; "
                    "minimal %(minimum)s menit."
                )
                % {
                    "subject": short.subject.title,
                    "minutes": short.minutes,
                    "minimum": MIN_VIDEO_MINUTES,
                },
            )
        )
    if not Material.objects.filter(program=program, is_orientation=True).exists():
        warnings.append(Warning("no_orientation", _("Program belum memiliki video orientasi.")))
    if current_rules(program.pk) is None:
        warnings.append(Warning("no_rules", _("Program belum memiliki ketentuan peserta.")))
    warnings.extend(_curriculum_warnings(offering))
    return warnings


def _curriculum_warnings(offering: Offering) -> list[Warning]:
    """The curriculum context's readiness checks (facilitators, JP), when that module exists."""
    try:
        from bangkom.curriculum.readiness import readiness as curriculum_readiness
    except ImportError:
        return []
    found = curriculum_readiness(offering)
    warnings = [
        Warning(
            "subject_without_verified_facilitator",
            _("Mata pelatihan “%(subject)s” belum memiliki fasilitator terverifikasi.")
            % {"subject": subject.title},
        )
        for subject in getattr(found, "subjects_without_verified_facilitator", ())
    ]
    difference = getattr(found, "jp_difference", 0)
    if difference:
        warnings.append(
            Warning(
                "jp_mismatch",
                _("Jumlah JP mata pelatihan berselisih %(difference)s JP dari total JP program.")
                % {"difference": difference},
            )
        )
    return warnings

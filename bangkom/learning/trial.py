"""Trial runs (simulasi) of an offering before it goes live, with chosen testers.

A manager switches an offering to trial mode and adds testers by NIP: each gets an
enrolled ``Enrollment`` with ``is_trial=True`` and source ``trial`` at once, without the
eligibility rules. Trial enrolments and everything hanging off them are kept apart from
real ones (real lists and counts exclude ``is_trial``), reported per tester (time spent per
subject from video progress, materials completed, assignments submitted) and can be reset:
the reset deletes the trial enrolments with their progress, submissions and files, and
leaves real enrolments untouched. Finished exam attempts of the testers (duration and
score, read from the exam engine) are part of the report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, ProtectedError, Sum
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.nip import InvalidNip, normalize_nip
from bangkom.curriculum.models import Offering, Subject
from bangkom.learning.enrollment import enroll_by_manager
from bangkom.learning.errors import TrialConflict
from bangkom.learning.models import Enrollment, MaterialProgress, Submission

MAX_TESTERS_PER_REQUEST = 200
_LIST_SEPARATORS = re.compile(r"[\n,;]+")  # NIPs may contain spaces, so lines/commas split


@dataclass
class TesterResult:
    added: list[User] = field(default_factory=list)
    already: list[User] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (NIP as typed, message)


@dataclass(frozen=True)
class ExamRow:
    """A finished exam attempt of a tester: how long it took and what it scored."""

    title: str
    number: int
    minutes: float
    score: Decimal | None
    passed: bool | None


@dataclass(frozen=True)
class TesterReport:
    enrollment: Enrollment
    minutes_by_subject: list[float]
    total_minutes: float
    materials_completed: int
    assignments_submitted: int
    exams: list[ExamRow] = field(default_factory=list)


@dataclass(frozen=True)
class TrialReport:
    subjects: list[Subject]
    testers: list[TesterReport]


def set_trial_mode(offering: Offering, *, enabled: bool) -> Offering:
    """Switch the offering's trial mode on or off."""
    Offering.objects.filter(pk=offering.pk).update(is_trial_mode=enabled)
    offering.is_trial_mode = enabled
    return offering


def add_testers(offering: Offering, nips_text: str, *, by: User, now: datetime) -> TesterResult:
    """Enrol the listed NIPs (one per line or comma-separated) as trial testers.

    Needs trial mode on (``TrialConflict``). Each NIP is reported: added, already a
    tester, or an error (malformed, no active account, already a real participant).
    """
    if not offering.is_trial_mode:
        raise TrialConflict(_("Aktifkan mode uji coba sebelum menambah penguji."))
    typed = [part.strip() for part in _LIST_SEPARATORS.split(nips_text or "") if part.strip()]
    result = TesterResult()
    if len(typed) > MAX_TESTERS_PER_REQUEST:
        result.errors.append(
            ("", _("Paling banyak %(n)s NIP sekali tambah.") % {"n": MAX_TESTERS_PER_REQUEST})
        )
        return result
    nips = {}
    for raw in typed:
        try:
            nips[normalize_nip(raw)] = raw
        except InvalidNip as exc:
            result.errors.append((raw[:40], str(exc.message)))
    users = {u.nip: u for u in User.objects.filter(nip__in=list(nips), is_active=True)}
    for nip, raw in nips.items():
        user = users.get(nip)
        if user is None:
            result.errors.append((raw[:40], _("Tidak ada akun aktif dengan NIP ini.")))
            continue
        try:
            _enrollment, created = enroll_by_manager(user, offering, by=by, now=now, is_trial=True)
        except TrialConflict as exc:
            result.errors.append((raw[:40], str(exc.message)))
            continue
        (result.added if created else result.already).append(user)
    return result


def trial_enrollments(offering: Offering) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(offering=offering, is_trial=True)
        .select_related("participant", "offering")
        .order_by("participant__name", "pk")
    )


def trial_report(offering: Offering) -> TrialReport:
    """Per tester: minutes watched per subject, materials completed, assignments submitted."""
    subjects = list(Subject.objects.filter(program_id=offering.program_id))
    testers = trial_enrollments(offering)
    ids = [e.pk for e in testers]
    seconds: dict[tuple[int, int], float] = {}
    for row in (
        MaterialProgress.objects.filter(enrollment_id__in=ids, material__subject__isnull=False)
        .values("enrollment_id", "material__subject_id")
        .annotate(total=Sum("watched_seconds"))
        .order_by()
    ):
        seconds[(row["enrollment_id"], row["material__subject_id"])] = row["total"] or 0.0
    completed = _counts(
        MaterialProgress.objects.filter(enrollment_id__in=ids, completed_at__isnull=False)
        .values("enrollment_id")
        .annotate(n=Count("pk"))
    )
    submitted = _counts(
        Submission.objects.filter(enrollment_id__in=ids)
        .values("enrollment_id")
        .annotate(n=Count("assignment_id", distinct=True))
    )
    exams = _exam_rows(ids)
    reports = []
    for e in testers:
        minutes = [round(seconds.get((e.pk, s.pk), 0.0) / 60, 1) for s in subjects]
        reports.append(
            TesterReport(
                enrollment=e,
                minutes_by_subject=minutes,
                total_minutes=round(sum(minutes), 1),
                materials_completed=completed.get(e.pk, 0),
                assignments_submitted=submitted.get(e.pk, 0),
                exams=exams.get(e.pk, []),
            )
        )
    return TrialReport(subjects=subjects, testers=reports)


def _exam_rows(enrollment_ids: list[int]) -> dict[int, list[ExamRow]]:
    # Imported here, as progress.exam_facts does: the exam engine builds on learning.
    from bangkom.assessments.choices import AttemptStatus
    from bangkom.assessments.models import Attempt

    found: dict[int, list[ExamRow]] = defaultdict(list)
    attempts = (
        Attempt.objects.filter(
            enrollment_id__in=enrollment_ids,
            status__in=(AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED),
        )
        .select_related("assessment")
        .order_by("enrollment_id", "started_at", "pk")
    )
    for attempt in attempts:
        ended = attempt.submitted_at or attempt.deadline
        found[attempt.enrollment_id].append(
            ExamRow(
                title=attempt.assessment.title,
                number=attempt.number,
                minutes=round((ended - attempt.started_at).total_seconds() / 60, 1),
                score=attempt.score,
                passed=attempt.passed,
            )
        )
    return found


def reset_trial(offering: Offering) -> int:
    """Delete the offering's trial enrolments and everything hanging off them.

    Real enrolments are untouched. Uploaded submission files are removed once the
    transaction commits. Returns the number of trial enrolments deleted.
    """
    trial = Enrollment.objects.filter(offering=offering, is_trial=True)
    files = list(
        Submission.objects.filter(enrollment__in=trial)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    with transaction.atomic():
        count = trial.count()
        try:
            trial.delete()
        except ProtectedError:
            raise TrialConflict(
                _("Data uji coba masih dirujuk oleh data lain dan tidak dapat dihapus.")
            ) from None
        transaction.on_commit(lambda: _delete_files(files))
    return count


def _delete_files(names: list[str]) -> None:
    storage = Submission._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _counts(rows: object) -> dict[int, int]:
    return defaultdict(int, {row["enrollment_id"]: row["n"] for row in rows.order_by()})

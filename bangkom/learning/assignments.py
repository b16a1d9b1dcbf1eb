"""Assignments (penugasan): authoring, versioned submissions, grading, and the participant's view.

DOMAIN.md S-1 R5 (every assignment done before the final test) and R9 (assignments and
grading in the LMS). RELIABILITY.md: uploads are checked by content before anything is
stored (B3, B4, B6 through ``bangkom.common.uploads``); the data-access matrix row
"Assignment files" (participant RW own until the deadline then R, facilitator R class,
manager R programs) is enforced by the scoped querysets below, so a participant replaying
another's id finds nothing (AC3). Every submission is a new version; none is overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.audit.log import record
from bangkom.common.errors import Conflict, InvalidInput, NotFound
from bangkom.common.richtext import render_markdown
from bangkom.common.timezones import format_local
from bangkom.common.uploads import check_upload
from bangkom.curriculum.models import Offering, Subject
from bangkom.learning.choices import EnrollmentStatus, SubmissionFileType, SubmissionStatus
from bangkom.learning.models import Assignment, Enrollment, Submission
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify

MANAGER_ROLES = frozenset({Role.PENGELOLA, Role.ADMIN})
MAX_TEXT_CHARS = 50_000  # a long essay fits; a pasted book does not
CENTS = Decimal("0.01")


class WorkErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    SUBJECT_NOT_IN_PROGRAM = "subject_not_in_program"
    INVALID_SETTINGS = "invalid_settings"
    HAS_SUBMISSIONS = "has_submissions"
    NOT_ENROLLED = "not_enrolled"
    DEADLINE_PASSED = "deadline_passed"
    ALREADY_ACCEPTED = "already_accepted"
    EMPTY_SUBMISSION = "empty_submission"
    TEXT_NOT_ALLOWED = "text_not_allowed"
    FILE_NOT_ALLOWED = "file_not_allowed"
    NOT_LATEST_VERSION = "not_latest_version"
    ALREADY_GRADED = "already_graded"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    FEEDBACK_REQUIRED = "feedback_required"


# --- who may do what ------------------------------------------------------------------


def is_manager(user: User) -> bool:
    """True for a pengelola or an admin, who see every program's assignments and forums."""
    return bool(user.roles & MANAGER_ROLES)


def can_facilitate(user: User, subject: Subject) -> bool:
    """True for a widyaiswara who facilitates the subject, or for a pengelola/admin."""
    if is_manager(user):
        return True
    return user.has_role(Role.WIDYAISWARA) and subject.facilitators.filter(pk=user.pk).exists()


def subjects_facilitated_by(user: User) -> QuerySet[Subject]:
    """The subjects whose assignments the user authors and grades (all for managers)."""
    if is_manager(user):
        return Subject.objects.all()
    if user.has_role(Role.WIDYAISWARA):
        return Subject.objects.filter(facilitators=user)
    return Subject.objects.none()


def enrollments_of(user: User) -> QuerySet[Enrollment]:
    """The user's own enrolments that are active (status enrolled, trial included)."""
    return Enrollment.objects.filter(
        participant=user, status=EnrollmentStatus.ENROLLED
    ).select_related("offering__program")


def assignments_managed_by(user: User) -> QuerySet[Assignment]:
    """Assignments of the subjects the user facilitates (every assignment for managers)."""
    queryset = Assignment.objects.select_related("offering__program", "subject")
    if is_manager(user):
        return queryset
    return queryset.filter(subject__in=subjects_facilitated_by(user))


def submissions_gradable_by(user: User) -> QuerySet[Submission]:
    """Submissions to assignments of the subjects the user facilitates (all for managers)."""
    queryset = Submission.objects.select_related(
        "assignment__subject",
        "assignment__offering",
        "enrollment__participant__employee__institution",
        "graded_by",
    )
    if is_manager(user):
        return queryset
    return queryset.filter(assignment__subject__in=subjects_facilitated_by(user))


def submissions_readable_by(user: User) -> QuerySet[Submission]:
    """The participant's own submissions plus those the user may grade (the file download)."""
    gradable = submissions_gradable_by(user).values("pk")
    return Submission.objects.select_related("assignment__subject").filter(
        Q(enrollment__participant=user) | Q(pk__in=gradable)
    )


# --- authoring ------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentSettings:
    """What a facilitator types into the assignment form."""

    title: str
    instructions_markdown: str
    rubric: str
    due_at: datetime
    allowed_file_types: Sequence[str]
    allows_text: bool
    max_file_mb: int
    max_score: Decimal


def create_assignment(
    offering: Offering,
    subject: Subject,
    *,
    title: str,
    instructions_markdown: str,
    rubric: str,
    due_at: datetime,
    allowed_file_types: Iterable[str],
    allows_text: bool,
    max_file_mb: int,
    max_score: Decimal | int | str,
    by: User,
    now: datetime,
) -> Assignment:
    """Create an assignment of a subject in an offering; instructions are stored sanitised.

    Refused (NotFound) unless ``by`` facilitates the subject or is a pengelola/admin;
    refused (InvalidInput) for a subject of another program, a due date in the past, or
    settings that accept neither text nor any file.
    """
    if not can_facilitate(by, subject):
        raise NotFound(WorkErrorCode.NOT_FOUND, _("Mata pelatihan tidak ditemukan."))
    if subject.program_id != offering.program_id:
        raise InvalidInput(
            WorkErrorCode.SUBJECT_NOT_IN_PROGRAM,
            _("Mata pelatihan ini bukan bagian dari program angkatan tersebut."),
        )
    if due_at <= now:
        raise InvalidInput(WorkErrorCode.INVALID_SETTINGS, _("Batas waktu harus setelah saat ini."))
    values = _clean_settings(
        AssignmentSettings(
            title,
            instructions_markdown,
            rubric,
            due_at,
            list(allowed_file_types),
            allows_text,
            max_file_mb,
            max_score,
        )
    )
    return Assignment.objects.create(offering=offering, subject=subject, **values)


def update_assignment(
    assignment: Assignment,
    *,
    title: str,
    instructions_markdown: str,
    rubric: str,
    due_at: datetime,
    allowed_file_types: Iterable[str],
    allows_text: bool,
    max_file_mb: int,
    max_score: Decimal | int | str,
    by: User,
    now: datetime,
) -> Assignment:
    """Change an assignment's settings; the due date may move either way (close early, extend).

    Same refusals as ``create_assignment`` except the due date; also refused when the new
    maximum score is below a score already given.
    """
    if not can_facilitate(by, assignment.subject):
        raise NotFound(WorkErrorCode.NOT_FOUND, _("Penugasan tidak ditemukan."))
    values = _clean_settings(
        AssignmentSettings(
            title,
            instructions_markdown,
            rubric,
            due_at,
            list(allowed_file_types),
            allows_text,
            max_file_mb,
            max_score,
        )
    )
    if assignment.submissions.filter(score__gt=values["max_score"]).exists():
        raise InvalidInput(
            WorkErrorCode.INVALID_SETTINGS,
            _("Nilai maksimal tidak boleh di bawah nilai yang sudah diberikan."),
        )
    for field, value in values.items():
        setattr(assignment, field, value)
    assignment.save()
    return assignment


def delete_assignment(assignment: Assignment, *, by: User) -> None:
    """Delete an assignment that nobody has submitted to; refused (Conflict) otherwise."""
    if not can_facilitate(by, assignment.subject):
        raise NotFound(WorkErrorCode.NOT_FOUND, _("Penugasan tidak ditemukan."))
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.submissions.exists():
            raise Conflict(
                WorkErrorCode.HAS_SUBMISSIONS,
                _("Penugasan yang sudah ada jawabannya tidak dapat dihapus."),
            )
        locked.delete()


def _clean_settings(s: AssignmentSettings) -> dict:
    title = (s.title or "").strip()
    if not title:
        raise InvalidInput(WorkErrorCode.INVALID_SETTINGS, _("Judul wajib diisi."))
    types = list(dict.fromkeys(s.allowed_file_types))
    if any(t not in SubmissionFileType.values for t in types):
        raise InvalidInput(WorkErrorCode.INVALID_SETTINGS, _("Jenis berkas tidak dikenal."))
    if not s.allows_text and not types:
        raise InvalidInput(
            WorkErrorCode.INVALID_SETTINGS,
            _("Penugasan harus menerima jawaban teks atau setidaknya satu jenis berkas."),
        )
    if not 1 <= int(s.max_file_mb) <= settings.MAX_SUBMISSION_MB:
        raise InvalidInput(
            WorkErrorCode.INVALID_SETTINGS,
            _("Ukuran berkas maksimal harus 1–%(mb)s MB.") % {"mb": settings.MAX_SUBMISSION_MB},
        )
    max_score = _decimal(s.max_score)
    if max_score is None or not Decimal(0) < max_score <= Decimal(999):
        raise InvalidInput(WorkErrorCode.INVALID_SETTINGS, _("Nilai maksimal harus 0–999."))
    return {
        "title": title,
        "instructions": render_markdown(s.instructions_markdown or ""),
        "instructions_markdown": s.instructions_markdown or "",
        "rubric": (s.rubric or "").strip(),
        "due_at": s.due_at,
        "allowed_file_types": types,
        "allows_text": bool(s.allows_text),
        "max_file_mb": int(s.max_file_mb),
        "max_score": max_score,
    }


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(CENTS, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None


# --- submitting -----------------------------------------------------------------------


def max_upload_mb(assignment: Assignment) -> int:
    """The size limit that applies to this assignment's files (the operator's cap wins)."""
    return min(assignment.max_file_mb, settings.MAX_SUBMISSION_MB)


def submit_assignment(
    assignment: Assignment,
    enrollment: Enrollment,
    *,
    text: str,
    upload: UploadedFile | None,
    now: datetime,
) -> Submission:
    """Store a NEW version of the participant's answer (text and/or a file) and return it.

    Refused, with nothing stored (no row, no file), when: the enrolment is not an active
    one of the assignment's offering; the deadline has passed (the message names it in the
    participant's zone); the latest version is already accepted; the answer is empty; text
    is sent where only files are accepted; or the file fails the content checks.
    """
    _check_may_submit(assignment, enrollment, now=now)
    text = (text or "").strip()
    _check_answer(assignment, text=text, upload=upload)
    checked = None
    if upload is not None:
        checked = check_upload(
            upload,
            allowed_types=assignment.allowed_file_types,
            max_bytes=max_upload_mb(assignment) * 1024 * 1024,
        )
    submission = Submission(assignment=assignment, enrollment=enrollment, text=text)
    submission.submitted_at = now
    if checked is not None:
        submission.original_filename = checked.display_name
        submission.file_type = checked.file_type
        submission.file_size = checked.size
        submission.file.save(checked.storage_name, upload, save=False)
    try:
        _save_next_version(submission)
    except BaseException:
        # refuse, don't leave litter: a version that was not recorded keeps no file
        if submission.file:
            submission.file.delete(save=False)
        raise
    return submission


def _check_may_submit(assignment: Assignment, enrollment: Enrollment, *, now: datetime) -> None:
    if (
        enrollment.offering_id != assignment.offering_id
        or enrollment.status != EnrollmentStatus.ENROLLED
    ):
        raise NotFound(WorkErrorCode.NOT_ENROLLED, _("Anda tidak terdaftar di angkatan ini."))
    if now > assignment.due_at:
        deadline = format_local(assignment.due_at, enrollment.participant.time_zone_name)
        raise Conflict(
            WorkErrorCode.DEADLINE_PASSED,
            _("Batas waktu pengumpulan sudah lewat (%(deadline)s).") % {"deadline": deadline},
        )
    _refuse_if_accepted(assignment, enrollment)


def _refuse_if_accepted(assignment: Assignment, enrollment: Enrollment) -> None:
    latest = latest_version(assignment, enrollment)
    if latest is not None and latest.status == SubmissionStatus.ACCEPTED:
        raise Conflict(
            WorkErrorCode.ALREADY_ACCEPTED,
            _("Jawaban Anda sudah diterima; tidak perlu mengumpulkan lagi."),
        )


def _check_answer(assignment: Assignment, *, text: str, upload: UploadedFile | None) -> None:
    if text and not assignment.allows_text:
        raise InvalidInput(
            WorkErrorCode.TEXT_NOT_ALLOWED,
            _("Penugasan ini hanya menerima berkas, bukan jawaban teks."),
        )
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(
            WorkErrorCode.EMPTY_SUBMISSION,
            _("Jawaban teks terlalu panjang (maksimal %(n)s karakter).") % {"n": MAX_TEXT_CHARS},
        )
    if upload is not None and not assignment.allowed_file_types:
        raise InvalidInput(
            WorkErrorCode.FILE_NOT_ALLOWED, _("Penugasan ini hanya menerima jawaban teks.")
        )
    if not text and upload is None:
        raise InvalidInput(
            WorkErrorCode.EMPTY_SUBMISSION, _("Isi jawaban teks atau unggah berkas.")
        )


def _save_next_version(submission: Submission) -> None:
    """Insert the submission as version last + 1, re-checking "accepted" under the lock.

    The enrolment row is locked (PostgreSQL; SQLite's IMMEDIATE transactions serialise
    writers anyway) so a grader and a resubmission cannot interleave; the unique constraint
    (assignment, enrollment, version) is the last word, with one retry if a parallel
    request took the same number.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                Enrollment.objects.select_for_update().filter(pk=submission.enrollment_id).first()
                _refuse_if_accepted(submission.assignment, submission.enrollment)
                submission.version = _next_version_number(submission)
                submission.save(force_insert=True)
                return
        except IntegrityError:
            submission.pk = None
            if attempt:
                raise


def _next_version_number(submission: Submission) -> int:
    last = Submission.objects.filter(
        assignment_id=submission.assignment_id, enrollment_id=submission.enrollment_id
    ).aggregate(last=Max("version"))["last"]
    return (last or 0) + 1


def latest_version(assignment: Assignment, enrollment: Enrollment) -> Submission | None:
    return (
        Submission.objects.filter(assignment=assignment, enrollment=enrollment)
        .order_by("-version")
        .first()
    )


# --- grading --------------------------------------------------------------------------


def grade_submission(
    submission: Submission,
    *,
    score: Decimal | int | str | None,
    feedback: str,
    accept: bool,
    by: User,
    now: datetime,
) -> Submission:
    """Accept the submission with a score, or return it for revision with feedback.

    Only the latest version, still waiting for a grade, can be graded; the update is
    conditional, so of two graders (or a double post) exactly one wins and the other gets
    Conflict. The participant is notified once (event ``submission:<pk>:graded``).
    Refused (NotFound) for anyone who does not facilitate the subject and is no manager.
    """
    assignment = submission.assignment
    if not can_facilitate(by, assignment.subject):
        raise NotFound(WorkErrorCode.NOT_FOUND, _("Jawaban tidak ditemukan."))
    feedback = (feedback or "").strip()
    value = _checked_score(score, assignment.max_score, required=accept)
    if not accept and not feedback:
        raise InvalidInput(
            WorkErrorCode.FEEDBACK_REQUIRED,
            _("Tulis umpan balik agar peserta tahu apa yang perlu diperbaiki."),
        )
    status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    with transaction.atomic():
        Enrollment.objects.select_for_update().filter(pk=submission.enrollment_id).first()
        newer = Submission.objects.filter(
            assignment_id=submission.assignment_id,
            enrollment_id=submission.enrollment_id,
            version__gt=submission.version,
        )
        if newer.exists():
            raise Conflict(
                WorkErrorCode.NOT_LATEST_VERSION,
                _("Hanya versi terbaru yang dapat dinilai."),
            )
        updated = Submission.objects.filter(
            pk=submission.pk, status=SubmissionStatus.SUBMITTED
        ).update(status=status, score=value, feedback=feedback, graded_by=by, graded_at=now)
        if not updated:
            raise Conflict(WorkErrorCode.ALREADY_GRADED, _("Jawaban ini sudah dinilai."))
        submission.refresh_from_db()
        record(
            "assignment.graded" if accept else "assignment.returned",
            actor=by,
            target=submission,
            subject=submission.enrollment.participant,
            data={
                "assignment_id": submission.assignment_id,
                "version": submission.version,
                "score": submission.score,
                "max_score": assignment.max_score,
            },
        )
        _notify_graded(submission)
    return submission


def _checked_score(score: object, max_score: Decimal, *, required: bool) -> Decimal | None:
    max_score = Decimal(str(max_score))
    value = _decimal(score)
    if value is None and (score not in (None, "") or required):
        raise InvalidInput(
            WorkErrorCode.SCORE_OUT_OF_RANGE,
            _("Nilai harus angka 0–%(max)s.") % {"max": _plain(max_score)},
        )
    if value is not None and not Decimal(0) <= value <= max_score:
        raise InvalidInput(
            WorkErrorCode.SCORE_OUT_OF_RANGE,
            _("Nilai harus antara 0 dan %(max)s.") % {"max": _plain(max_score)},
        )
    return value


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def _notify_graded(submission: Submission) -> None:
    assignment = submission.assignment
    if submission.status == SubmissionStatus.ACCEPTED:
        title = _("Jawaban penugasan “%(title)s” diterima") % {"title": assignment.title}
    else:
        title = _("Jawaban penugasan “%(title)s” dikembalikan untuk perbaikan") % {
            "title": assignment.title
        }
    notify(
        submission.enrollment.participant,
        event_key=f"submission:{submission.pk}:graded",
        title=title,
        body=submission.feedback,
        url=reverse("learning:assignment-submit", args=[submission.enrollment_id, assignment.pk]),
        kind=NotificationKind.ASSIGNMENT_GRADED,
    )


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment as a participant sees it: its latest version and what they may do."""

    assignment: Assignment
    latest: Submission | None
    can_submit: bool
    is_past_due: bool

    @property
    def status_label(self) -> str:
        if self.latest is None:
            return _("Belum dikumpulkan")
        return self.latest.get_status_display()

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else "missing"


def submission_row(
    assignment: Assignment, latest: Submission | None, *, now: datetime
) -> AssignmentRow:
    """Whether a new version may be sent: before the deadline and not yet accepted."""
    past_due = now > assignment.due_at
    accepted = latest is not None and latest.status == SubmissionStatus.ACCEPTED
    return AssignmentRow(assignment, latest, not past_due and not accepted, past_due)


def assignment_status_for(enrollment: Enrollment, *, now: datetime) -> list[AssignmentRow]:
    """Each assignment of the enrolment's offering with its latest version (two queries)."""
    assignments = list(
        Assignment.objects.filter(offering_id=enrollment.offering_id).select_related("subject")
    )
    latest: dict[int, Submission] = {}
    for submission in Submission.objects.filter(enrollment=enrollment).order_by(
        "assignment_id", "-version"
    ):
        latest.setdefault(submission.assignment_id, submission)
    return [submission_row(a, latest.get(a.pk), now=now) for a in assignments]


def submission_history(assignment: Assignment, enrollment: Enrollment) -> list[Submission]:
    """Every version the participant sent, newest first, with who graded it."""
    return list(
        Submission.objects.filter(assignment=assignment, enrollment=enrollment)
        .select_related("graded_by")
        .order_by("-version")
    )


def latest_submissions(assignment: Assignment, *, ungraded_only: bool = False) -> QuerySet:
    """The grading queue: each participant's latest version, oldest waiting first."""
    newest = Submission.objects.filter(
        assignment_id=OuterRef("assignment_id"), enrollment_id=OuterRef("enrollment_id")
    ).order_by("-version")
    queryset = (
        Submission.objects.filter(assignment=assignment)
        .filter(version=Subquery(newest.values("version")[:1]))
        .select_related("enrollment__participant__employee__institution", "graded_by")
        .order_by("submitted_at", "pk")
    )
    if ungraded_only:
        queryset = queryset.filter(status=SubmissionStatus.SUBMITTED)
    return queryset


def assignments_with_counts(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate how many participants submitted and how many latest versions wait for a grade."""
    newer = Submission.objects.filter(
        assignment_id=OuterRef("assignment_id"),
        enrollment_id=OuterRef("enrollment_id"),
        version__gt=OuterRef("version"),
    )
    waiting = Submission.objects.filter(
        assignment_id=OuterRef("pk"), status=SubmissionStatus.SUBMITTED
    ).filter(~Exists(newer))
    return queryset.annotate(
        participants_submitted=Count("submissions__enrollment", distinct=True),
        waiting_count=Subquery(
            waiting.values("assignment_id").annotate(n=Count("pk")).values("n")[:1]
        ),
    )


def grade_rows(assignment: Assignment) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the grade export: every active participant, submitted or not."""
    latest = {s.enrollment_id: s for s in latest_submissions(assignment)}
    enrollments = (
        Enrollment.objects.filter(offering_id=assignment.offering_id)
        .filter(Q(status=EnrollmentStatus.ENROLLED) | Q(pk__in=list(latest)))
        .select_related("participant__employee__institution")
        .order_by("participant__name", "pk")
    )
    header = [
        _("NIP"),
        _("Nama"),
        _("Instansi"),
        _("Versi"),
        _("Dikumpulkan"),
        _("Status"),
        _("Nilai"),
        _("Nilai maksimal"),
        _("Umpan balik"),
        _("Dinilai oleh"),
        _("Dinilai pada"),
    ]
    rows = []
    for enrollment in enrollments:
        participant = enrollment.participant
        s = latest.get(enrollment.pk)
        rows.append(
            [
                participant.nip,
                participant.name,
                str(participant.institution or ""),
                s.version if s else None,
                s.submitted_at if s else None,
                s.get_status_display() if s else _("Belum dikumpulkan"),
                float(s.score) if s and s.score is not None else None,
                float(assignment.max_score),
                s.feedback if s else "",
                s.graded_by.name if s and s.graded_by else "",
                s.graded_at if s else None,
            ]
        )
    return header, rows

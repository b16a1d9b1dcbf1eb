"""Watching attempts: device takeover, the live session monitor, results, the integrity log,
and what a participant may see of a finished attempt.

RELIABILITY.md decisions 2 and 4, F9, K4, K10:
- a second device may take over an open attempt only after the participant confirms; the
  takeover is logged (``AttemptEventKind.TAKEOVER``) and shown to managers;
- the monitor shows states, answered counts and finalised scores only — never per-item
  correctness of a running attempt;
- the key (and the participant's choices per item) is shown to the participant only when the
  assessment allows review, its start window has closed with no attempt still running, and
  no attempt remains for them or they passed.
Every page here costs a fixed number of queries whatever the size of the session.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.assessments.attempts import ClientInfo, grace_period, log_event
from bangkom.assessments.choices import AssessmentKind, AttemptEventKind, AttemptStatus, ItemType
from bangkom.assessments.grading import result_label
from bangkom.assessments.models import Answer, Assessment, Attempt, AttemptEvent, ItemVersion
from bangkom.assessments.option_ids import decode_options
from bangkom.assessments.scoring import ScoredItem, score_item
from bangkom.common.errors import NotFound
from bangkom.curriculum.models import Offering, Subject
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment

OPTION_LETTERS = "ABCDEFGHIJ"

# --- who may watch ------------------------------------------------------------------------------


def is_exam_manager(user: User) -> bool:
    """Pengelola and admins configure assessments, watch every session and void attempts."""
    return user.is_authenticated and (user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN))


def assessment_for_staff(pk: int, user: User) -> Assessment:
    """An assessment a manager may watch, or a subject exam the widyaiswara facilitates.

    Anyone else gets NotFound (404: the assessment's existence stays private).
    """
    assessment = (
        Assessment.objects.select_related("offering__program", "subject").filter(pk=pk).first()
    )
    if assessment is None or not _may_watch(user, assessment):
        raise NotFound("not_found", _("Ujian tidak ditemukan."))
    return assessment


def attempt_for_staff(pk: int, user: User) -> Attempt:
    attempt = (
        Attempt.objects.select_related(
            "assessment__offering__program", "assessment__subject", "participant", "voided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if attempt is None or not _may_watch(user, attempt.assessment):
        raise NotFound("not_found", _("Ujian tidak ditemukan."))
    return attempt


def _may_watch(user: User, assessment: Assessment) -> bool:
    if is_exam_manager(user):
        return True
    return (
        user.has_role(Role.WIDYAISWARA)
        and assessment.kind == AssessmentKind.SUBJECT
        and assessment.subject is not None
        and assessment.subject.facilitators.filter(pk=user.pk).exists()
    )


def offerings_with_assessments() -> QuerySet[Offering]:
    """Offerings for the managers' overview, newest first, with their assessment counts."""
    return (
        Offering.objects.select_related("program")
        .annotate(assessment_count=Count("assessments"))
        .order_by("-starts_at", "code")
    )


def facilitated_assessments(user: User) -> QuerySet[Assessment]:
    """The subject exams of the subjects a widyaiswara facilitates (read-only for them)."""
    return (
        Assessment.objects.filter(kind=AssessmentKind.SUBJECT, subject__facilitators=user)
        .select_related("offering__program", "subject")
        .order_by("-offering__starts_at", "subject__order", "pk")
    )


# --- device takeover (decision 4) --------------------------------------------------------------


def needs_takeover(attempt: Attempt, device_token: str) -> bool:
    """True when the open attempt is held by another device the participant must confirm."""
    return (
        attempt.status == AttemptStatus.OPEN
        and bool(attempt.device_token)
        and device_token != attempt.device_token
    )


def claim_device(attempt: Attempt, device_token: str) -> None:
    """Bind an open attempt that no device holds yet (started through the API) to this one."""
    if device_token and not attempt.device_token:
        Attempt.objects.filter(pk=attempt.pk, device_token="").update(device_token=device_token)
        attempt.device_token = device_token


def take_over_attempt(attempt: Attempt, *, client: ClientInfo, now: datetime) -> bool:
    """Move an open attempt to the device the participant confirmed; log it. False if closed.

    The event records IP, user agent and the first characters of both device ids, so the
    manager's integrity log shows that (and when) the attempt changed hands.
    """
    with transaction.atomic():
        previous = attempt.device_token
        moved = Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.OPEN).update(
            device_token=client.device_token
        )
        if moved:
            log_event(
                attempt,
                AttemptEventKind.TAKEOVER,
                client,
                now=now,
                previous_device=previous[:8],
                device=client.device_token[:8],
            )
    attempt.device_token = client.device_token if moved else attempt.device_token
    return bool(moved)


# --- live monitor (K10) ------------------------------------------------------------------------


class MonitorState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    EXPIRED = "expired"


MONITOR_STATE_LABELS = {
    MonitorState.NOT_STARTED: gettext_lazy("Belum mulai"),
    MonitorState.IN_PROGRESS: gettext_lazy("Sedang mengerjakan"),
    MonitorState.SUBMITTED: gettext_lazy("Selesai"),
    MonitorState.EXPIRED: gettext_lazy("Waktu habis"),
}


@dataclass(frozen=True)
class MonitorRow:
    enrollment_id: int
    name: str
    nip: str
    state: MonitorState
    attempt_id: int | None = None
    attempt_number: int | None = None
    answered: int = 0
    total: int = 0
    remaining_seconds: int = 0
    score: Decimal | None = None
    passed: bool | None = None

    @property
    def state_label(self) -> str:
        return str(MONITOR_STATE_LABELS[self.state])

    @property
    def remaining_clock(self) -> str:
        minutes, seconds = divmod(self.remaining_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


@dataclass(frozen=True)
class Monitor:
    rows: list[MonitorRow]
    counts: dict[str, int]  # MonitorState value → participants


def session_monitor(assessment: Assessment, *, now: datetime) -> Monitor:
    """Every enrolled non-trial participant's state on the assessment (three queries).

    The state is that of the latest attempt not voided: in progress (answered/total and
    remaining time), submitted (score), expired (also an open attempt past its deadline
    plus grace that the sweep has not finalised yet), or not started.
    """
    latest: dict[int, dict] = {}
    for row in (
        Attempt.objects.filter(assessment=assessment, is_trial=False)
        .exclude(status=AttemptStatus.VOIDED)
        .order_by("enrollment_id", "number")
        .values("pk", "enrollment_id", "number", "status", "deadline", "score", "passed")
    ):
        latest[row["enrollment_id"]] = row
    enrollments = (
        Enrollment.objects.filter(offering_id=assessment.offering_id, is_trial=False)
        .filter(Q(status=EnrollmentStatus.ENROLLED) | Q(pk__in=list(latest)))
        .select_related("participant")
        .order_by("participant__name", "pk")
    )
    open_ids = [r["pk"] for r in latest.values() if r["status"] == AttemptStatus.OPEN]
    answered = _answered_counts(open_ids)
    rows = [_monitor_row(e, latest.get(e.pk), answered, now=now) for e in enrollments]
    counts = Counter(row.state.value for row in rows)
    return Monitor(rows=rows, counts={state.value: counts[state.value] for state in MonitorState})


def _answered_counts(attempt_ids: list[int]) -> dict[int, tuple[int, int]]:
    """attempt id → (answered, total), in one aggregate query."""
    if not attempt_ids:
        return {}
    return {
        row["attempt_id"]: (row["answered"], row["total"])
        for row in Answer.objects.filter(attempt_id__in=attempt_ids)
        .values("attempt_id")
        .annotate(
            total=Count("pk"), answered=Count("pk", filter=Q(client_seq__gt=0) & ~Q(option_ids=[]))
        )
        .order_by()
    }


def _monitor_row(
    enrollment: Enrollment,
    attempt: dict | None,
    answered: dict[int, tuple[int, int]],
    *,
    now: datetime,
) -> MonitorRow:
    person = {
        "enrollment_id": enrollment.pk,
        "name": enrollment.participant.name,
        "nip": enrollment.participant.nip,
    }
    if attempt is None:
        return MonitorRow(state=MonitorState.NOT_STARTED, **person)
    common = {**person, "attempt_id": attempt["pk"], "attempt_number": attempt["number"]}
    if attempt["status"] == AttemptStatus.OPEN:
        if attempt["deadline"] + grace_period() < now:
            return MonitorRow(state=MonitorState.EXPIRED, **common)
        done, total = answered.get(attempt["pk"], (0, 0))
        remaining = max(0, int((attempt["deadline"] - now).total_seconds()))
        return MonitorRow(
            state=MonitorState.IN_PROGRESS,
            answered=done,
            total=total,
            remaining_seconds=remaining,
            **common,
        )
    state = (
        MonitorState.SUBMITTED
        if attempt["status"] == AttemptStatus.SUBMITTED
        else MonitorState.EXPIRED
    )
    return MonitorRow(state=state, score=attempt["score"], passed=attempt["passed"], **common)


# --- results table -------------------------------------------------------------------------------


def results_for(assessment: Assessment) -> QuerySet[Attempt]:
    """Every non-trial attempt with its integrity counts, by participant then number.

    Annotations: ``focus_lost`` (times the page lost focus), ``takeovers`` (device changes)
    and ``ip_count`` (distinct IP addresses seen); one query per page of results.
    """
    return (
        Attempt.objects.filter(assessment=assessment, is_trial=False)
        .select_related("participant")
        .annotate(
            focus_lost=Count("events", filter=Q(events__kind=AttemptEventKind.FOCUS_LOST)),
            takeovers=Count("events", filter=Q(events__kind=AttemptEventKind.TAKEOVER)),
            ip_count=Count("events__ip_address", distinct=True),
        )
        .order_by("participant__name", "participant_id", "number")
    )


@dataclass(frozen=True)
class ResultsSummary:
    attempts: int
    finished: int
    passed: int
    mean_score: Decimal | None


def results_summary(assessment: Assessment) -> ResultsSummary:
    rows = list(
        Attempt.objects.filter(assessment=assessment, is_trial=False)
        .exclude(status=AttemptStatus.VOIDED)
        .values_list("status", "score", "passed")
    )
    scores = [score for status, score, _passed in rows if score is not None]
    mean = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")) if scores else None
    return ResultsSummary(
        attempts=len(rows),
        finished=sum(1 for status, _s, _p in rows if status != AttemptStatus.OPEN),
        passed=sum(1 for _status, _s, passed in rows if passed),
        mean_score=mean,
    )


def duration_minutes(attempt: Attempt) -> int | None:
    """Whole minutes from start to finish of a finished attempt."""
    if attempt.submitted_at is None:
        return None
    return max(0, int((attempt.submitted_at - attempt.started_at).total_seconds() // 60))


def results_sheet(assessment: Assessment) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the results export (XLSX), every attempt of the assessment."""
    header = [
        _("NIP"),
        _("Nama"),
        _("Percobaan ke"),
        _("Status"),
        _("Mulai"),
        _("Selesai"),
        _("Durasi (menit)"),
        _("Nilai"),
        _("Benar"),
        _("Jumlah soal"),
        _("Hasil"),
        _("Meninggalkan halaman"),
        _("Pindah perangkat"),
        _("Pergantian IP"),
        _("Alasan pembatalan"),
    ]
    rows = []
    for attempt in results_for(assessment).iterator(chunk_size=500):
        finished = attempt.status in (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
        rows.append(
            [
                attempt.participant.nip,
                attempt.participant.name,
                attempt.number,
                str(attempt.get_status_display()),
                attempt.started_at,
                attempt.submitted_at,
                duration_minutes(attempt),
                float(attempt.score) if attempt.score is not None else None,
                attempt.correct,
                attempt.total,
                str(result_text(assessment.kind, bool(attempt.passed))) if finished else "",
                attempt.focus_lost,
                attempt.takeovers,
                max(0, attempt.ip_count - 1),
                attempt.voided_reason,
            ]
        )
    return header, rows


RESULT_TEXT = {
    "kompeten": gettext_lazy("Kompeten"),
    "belum_kompeten": gettext_lazy("Belum kompeten"),
    "lulus": gettext_lazy("Lulus"),
    "tidak_lulus": gettext_lazy("Tidak lulus"),
}


def result_text(kind: str, passed: bool) -> str:
    """The result in words: Kompeten/Belum kompeten for the final test, Lulus/Tidak lulus."""
    return str(RESULT_TEXT[result_label(kind, passed)])


# --- integrity log and answers -------------------------------------------------------------------


def attempt_events(attempt: Attempt) -> list[AttemptEvent]:
    return list(AttemptEvent.objects.filter(attempt=attempt).order_by("at", "pk"))


@dataclass(frozen=True)
class ReviewOption:
    letter: str
    text: str  # sanitised HTML from the bank
    chosen: bool
    is_key: bool  # a keyed option (single, multiple, true/false)
    points: int | None  # a graded option's own points (TKP style)


@dataclass(frozen=True)
class ReviewItem:
    position: int
    item_id: int
    item_type: str
    stem: str  # sanitised HTML from the bank
    options: list[ReviewOption]
    answered: bool
    earned: Decimal
    maximum: Decimal

    @property
    def is_right(self) -> bool:
        return self.maximum > 0 and self.earned == self.maximum


def attempt_review(attempt: Attempt) -> list[ReviewItem]:
    """Every item of the attempt in the order shown, with the choices and the key (3 queries).

    Only for managers, facilitators of the subject, and participants whose review is
    allowed (``review_allowed``); the caller decides.
    """
    versions = ItemVersion.objects.select_related("item").in_bulk(
        [entry["version"] for entry in attempt.form]
    )
    chosen = dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "option_ids"))
    items = []
    for entry in attempt.form:
        version = versions[entry["version"]]
        picked = set(
            decode_options(attempt.pk, entry["item"], chosen.get(entry["item"]) or []) or []
        )
        result = score_item(
            ScoredItem(
                item_type=version.item.item_type,
                options=version.options,
                chosen=frozenset(i for i in picked if i < len(version.options)),
                weight=version.weight or Decimal(1),
                partial_credit=version.partial_credit,
            )
        )
        graded = version.item.item_type == ItemType.GRADED
        options = [
            ReviewOption(
                letter=OPTION_LETTERS[shown],
                text=version.options[index]["text"],
                chosen=index in picked,
                is_key=not graded and bool(version.options[index].get("correct")),
                points=int(version.options[index].get("points") or 0) if graded else None,
            )
            for shown, index in enumerate(entry["order"])
        ]
        items.append(
            ReviewItem(
                position=entry["pos"],
                item_id=entry["item"],
                item_type=version.item.item_type,
                stem=version.stem_html,
                options=options,
                answered=bool(picked),
                earned=result.earned,
                maximum=result.maximum,
            )
        )
    return items


# --- what the participant sees after an attempt (decision 2, K4) ------------------------------


def own_attempt(pk: int, user: User) -> Attempt:
    """The user's own attempt, or NotFound (another participant's attempt is a 404)."""
    attempt = (
        Attempt.objects.select_related("assessment__offering", "assessment__subject", "enrollment")
        .filter(pk=pk, participant=user)
        .first()
    )
    if attempt is None:
        raise NotFound("not_found", _("Ujian tidak ditemukan."))
    return attempt


@dataclass(frozen=True)
class Standing:
    used: int  # attempts that count (voided ones don't)
    passed: bool

    def remaining(self, max_attempts: int) -> int:
        return max(0, max_attempts - self.used)


def standing(attempt: Attempt) -> Standing:
    """How the participant stands on this attempt's assessment: attempts used, passed."""
    rows = list(
        Attempt.objects.filter(
            assessment_id=attempt.assessment_id, enrollment_id=attempt.enrollment_id
        )
        .exclude(status=AttemptStatus.VOIDED)
        .values_list("passed", flat=True)
    )
    return Standing(used=len(rows), passed=any(rows))


def review_allowed(attempt: Attempt, *, now: datetime, standing_: Standing | None = None) -> bool:
    """May the participant see the key and their choices for this finished attempt?

    Decision 2: only when the assessment allows review, its start window has closed and no
    attempt of anyone is still running (so no key reaches a sitting in progress), and no
    attempt remains for this participant or they passed.
    """
    assessment = attempt.assessment
    if attempt.status not in (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED):
        return False
    if not assessment.allow_review or assessment.closes_at is None or now <= assessment.closes_at:
        return False
    still_running = Attempt.objects.filter(
        assessment=assessment, status=AttemptStatus.OPEN, deadline__gte=now - grace_period()
    ).exists()
    if still_running:
        return False
    mine = standing_ or standing(attempt)
    return mine.passed or mine.remaining(assessment.max_attempts) == 0


@dataclass(frozen=True)
class SubjectScore:
    title: str
    score: Decimal


def breakdown_of(attempt: Attempt) -> list[SubjectScore]:
    """The attempt's score per subject, in curriculum order; items without one come last."""
    raw = attempt.breakdown or {}
    ids = [int(key) for key in raw if key.isdigit()]
    subjects = Subject.objects.filter(pk__in=ids).order_by("order").values_list("pk", "title")
    rows = [SubjectScore(title, Decimal(raw[str(pk)])) for pk, title in subjects]
    other = raw.get("None")
    if other is not None and rows:
        rows.append(SubjectScore(_("Umum"), Decimal(other)))
    return rows


def review_opens_hint(attempt: Attempt) -> str:
    """Why the key is not shown (participant's result page)."""
    assessment = attempt.assessment
    if not assessment.allow_review:
        return _("Pembahasan soal tidak ditampilkan untuk ujian ini.")
    return _(
        "Pembahasan soal ditampilkan setelah jadwal ujian ditutup dan Anda tidak mempunyai "
        "kesempatan lagi atau sudah lulus."
    )


def answered_count(attempt: Attempt) -> tuple[int, int]:
    """(answered, total) of one attempt."""
    return _answered_counts([attempt.pk]).get(attempt.pk, (0, 0))


def latest_attempts_by_assessment(enrollment: Enrollment) -> dict[int, list[Attempt]]:
    """The enrolment's attempts per assessment id, oldest first (one query)."""
    grouped: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in Attempt.objects.filter(enrollment=enrollment).order_by(
        "assessment_id", "number"
    ):
        grouped[attempt.assessment_id].append(attempt)
    return grouped

"""The attempt lifecycle: start (or resume), save an answer, submit, expire, void.

ARCHITECTURE.md "Exam engine" and RELIABILITY.md controls 1–3:
- the server owns time: the deadline is stored at start; answers are accepted until the
  deadline plus a grace period (decision 1: 15 s) and refused after (409 attempt_closed);
- "at most one open attempt" and the attempt limit are database constraints
  (``assessments_one_open_attempt``, ``assessments_attempt_slot``), so no interleaving of
  parallel requests can exceed them; state changes are conditional updates;
- saving is one conditional UPDATE that checks ownership, the deadline and ``client_seq``
  together (the answer rows exist from the start), so a save costs one statement.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from bangkom.accounts.models import User
from bangkom.assessments.assembly import BlueprintRow, draw_form
from bangkom.assessments.choices import AttemptEventKind, AttemptStatus
from bangkom.assessments.errors import (
    AssessmentErrorCode,
    AttemptClosed,
    AttemptNotFound,
    InvalidAnswer,
    StartRefused,
)
from bangkom.assessments.gates import start_refusal
from bangkom.assessments.grading import finalise_attempt
from bangkom.assessments.models import Answer, Assessment, Attempt, AttemptEvent, Item, ItemVersion
from bangkom.assessments.option_ids import decode_options
from bangkom.assessments.pool import note_drawn, pool_for
from bangkom.audit.log import record
from bangkom.learning.models import Enrollment

logger = logging.getLogger(__name__)


def grace_period() -> timedelta:
    return timedelta(seconds=settings.EXAM_GRACE_SECONDS)


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    client_seq: int


@dataclass(frozen=True)
class ClientInfo:
    ip_address: str | None = None
    user_agent: str = ""
    device_token: str = ""


def start_attempt(
    assessment: Assessment,
    *,
    enrollment: Enrollment,
    participant: User,
    now: datetime,
    client: ClientInfo | None = None,
) -> tuple[Attempt, bool]:
    """Open an attempt, or return the participant's open one (API: 200 resume).

    Raises StartRefused with the API's refusal code. Returns (attempt, created).
    """
    client = client or ClientInfo()
    if (
        enrollment.participant_id != participant.pk
        or enrollment.offering_id != assessment.offering_id
    ):
        raise StartRefused(AssessmentErrorCode.NOT_ENROLLED)
    existing = open_attempt_for(assessment, enrollment, now=now)
    if existing is not None:
        log_event(existing, AttemptEventKind.RESUMED, client, now=now)
        return existing, False
    refusal = start_refusal(assessment, enrollment, now=now)
    if refusal is not None:
        raise StartRefused(refusal)
    try:
        with transaction.atomic():
            attempt = _create_attempt(assessment, enrollment, now=now, client=client)
    except IntegrityError:
        # A parallel request opened an attempt or took the last slot first.
        existing = open_attempt_for(assessment, enrollment, now=now)
        if existing is not None:
            return existing, False
        raise StartRefused(AssessmentErrorCode.ATTEMPTS_EXHAUSTED) from None
    transaction.on_commit(lambda: _count_exposure(attempt))
    return attempt, True


def open_attempt_for(
    assessment: Assessment, enrollment: Enrollment, *, now: datetime
) -> Attempt | None:
    """The open attempt, finalising it first if its time ran out (lazy expiry)."""
    attempt = Attempt.objects.filter(
        assessment=assessment, enrollment=enrollment, status=AttemptStatus.OPEN
    ).first()
    if attempt is not None and attempt.deadline + grace_period() < now:
        finalise_attempt(attempt, status=AttemptStatus.EXPIRED, now=now)
        return None
    return attempt


def _create_attempt(
    assessment: Assessment, enrollment: Enrollment, *, now: datetime, client: ClientInfo
) -> Attempt:
    previous = list(
        Attempt.objects.filter(assessment=assessment, enrollment=enrollment).values(
            "number", "slot", "status", "form"
        )
    )
    used_slots = {p["slot"] for p in previous if p["slot"] is not None}
    slot = next(s for s in range(1, assessment.max_attempts + 2) if s not in used_slots)
    seen = {entry["item"]: p["number"] for p in previous for entry in p["form"]}
    seed = secrets.randbits(62)
    pool, exposure = pool_for(assessment)
    drawn = draw_form(
        pool,
        _blueprint(assessment),
        seed=seed,
        seen=seen,
        exposure=exposure,
        shuffle_options=assessment.shuffle_options,
    )
    note_drawn(entry.item_id for entry in drawn.entries)
    if drawn.repeats or drawn.shortfall:
        logger.warning(
            "assessment %s: form with %s repeated and %s missing items (bank too small)",
            assessment.pk,
            drawn.repeats,
            drawn.shortfall,
        )
    attempt = Attempt.objects.create(
        assessment=assessment,
        enrollment=enrollment,
        participant_id=enrollment.participant_id,
        number=max((p["number"] for p in previous), default=0) + 1,
        slot=slot,
        seed=seed,
        form=[entry.as_json() for entry in drawn.entries],
        passing_score=assessment.passing_score,
        max_attempts=assessment.max_attempts,
        duration_minutes=assessment.duration_minutes,
        started_at=now,
        deadline=now + timedelta(minutes=assessment.duration_minutes),
        device_token=client.device_token,
        is_trial=enrollment.is_trial,
    )
    Answer.objects.bulk_create(
        Answer(attempt=attempt, item_id=e.item_id, position=e.position) for e in drawn.entries
    )
    version_ids = [e.version_id for e in drawn.entries]
    ItemVersion.objects.filter(pk__in=version_ids, is_locked=False).update(is_locked=True)
    log_event(attempt, AttemptEventKind.STARTED, client, now=now)
    return attempt


def _blueprint(assessment: Assessment) -> list[BlueprintRow]:
    rows = [
        BlueprintRow(
            count=int(row["count"]),
            subject_id=row.get("subject"),
            competency_id=row.get("competency"),
            difficulty=row.get("difficulty"),
        )
        for row in assessment.blueprint or []
        if int(row.get("count") or 0) > 0
    ]
    return rows or [BlueprintRow(count=assessment.item_count)]


def _count_exposure(attempt: Attempt) -> None:
    # After commit, in item order, so concurrent starts don't hold these row locks long or
    # take them in different orders.
    item_ids = sorted(entry["item"] for entry in attempt.form)
    with transaction.atomic():  # one commit, row locks taken in item order (no deadlock)
        list(
            Item.objects.select_for_update(no_key=True)
            .filter(pk__in=item_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Item.objects.filter(pk__in=item_ids).update(exposure_count=F("exposure_count") + 1)


def log_event(
    attempt: Attempt,
    kind: str,
    client: ClientInfo | None = None,
    *,
    now: datetime,
    **detail: object,
) -> None:
    client = client or ClientInfo()
    AttemptEvent.objects.create(
        attempt=attempt,
        kind=kind,
        at=now,
        ip_address=client.ip_address or None,
        user_agent=client.user_agent[:300],
        detail=detail,
    )


# --- Saving answers (the hot path) ------------------------------------------------------------

_SAVE_SQL = """
UPDATE assessments_answer SET option_ids = {json}, client_seq = %s, saved_at = %s
WHERE attempt_id = %s AND item_id = %s AND client_seq < %s AND EXISTS (
    SELECT 1 FROM assessments_attempt t {auth_join}
    WHERE t.id = %s AND t.status = 'open' AND t.deadline >= %s AND {auth_where}{lock}
)
"""
_BY_TOKEN = (
    "JOIN accounts_apitoken k ON k.user_id = t.participant_id "
    "JOIN accounts_user u ON u.id = t.participant_id",
    "k.token_hash = %s AND k.revoked_at IS NULL AND k.expires_at > %s AND u.is_active",
)
_BY_USER = ("", "t.participant_id = %s")


def _save_statement(by_token: bool) -> str:
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    auth_join, auth_where = _BY_TOKEN if by_token else _BY_USER
    # FOR SHARE OF t: a save waits for a finalisation in progress (it holds the attempt row)
    # and then sees the attempt closed; a finalisation waits for a save in progress and then
    # scores it. Without it a save could land between the scoring and the commit, stored but
    # not scored (tests/assessments/test_reliability_races.py). SQLite serialises writers.
    lock = " FOR SHARE OF t" if connection.vendor == "postgresql" else ""
    return _SAVE_SQL.format(json=json_param, auth_join=auth_join, auth_where=auth_where, lock=lock)


def save_answer(
    *,
    attempt_id: int,
    item_id: int,
    option_ids: list[str],
    client_seq: int,
    now: datetime,
    user_id: int | None = None,
    token_hash: str | None = None,
) -> SaveResult:
    """Store an answer if it is newer than the stored one (idempotent by ``client_seq``).

    The caller is identified either by ``user_id`` (browser session) or by the API token's
    hash; the one UPDATE checks that the attempt is theirs, still open and within the
    deadline plus grace. Only when it changes nothing do we look closer to say why: an older
    ``client_seq`` (saved False), a late answer (AttemptClosed), a foreign item or option
    (InvalidAnswer) or someone else's attempt (AttemptNotFound).
    """
    if decode_options(attempt_id, item_id, option_ids) is None:
        _raise_for_foreign(attempt_id, user_id=user_id, token_hash=token_hash)
        raise InvalidAnswer()
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    cutoff = ops.adapt_datetimefield_value(now - grace_period())
    payload = _json(option_ids)
    params: list[object] = [
        payload,
        client_seq,
        stamp,
        attempt_id,
        item_id,
        client_seq,
        attempt_id,
        cutoff,
    ]
    params += [token_hash, stamp] if token_hash is not None else [user_id]
    with connection.cursor() as cursor:
        cursor.execute(_save_statement(token_hash is not None), params)
        updated = cursor.rowcount
    if updated == 1:
        return SaveResult(saved=True, client_seq=client_seq)
    return _explain_unsaved(attempt_id, item_id, now=now, user_id=user_id, token_hash=token_hash)


def _json(option_ids: list[str]) -> str:
    return json.dumps(sorted(set(option_ids)))


def _owner_id(user_id: int | None, token_hash: str | None, *, now: datetime) -> int | None:
    if user_id is not None:
        return user_id
    from bangkom.accounts.models import ApiToken

    return (
        ApiToken.objects.filter(token_hash=token_hash, revoked_at__isnull=True, expires_at__gt=now)
        .values_list("user_id", flat=True)
        .first()
    )


def _raise_for_foreign(attempt_id: int, *, user_id: int | None, token_hash: str | None) -> None:
    from django.utils import timezone

    owner = _owner_id(user_id, token_hash, now=timezone.now())
    if not Attempt.objects.filter(pk=attempt_id, participant_id=owner).exists():
        raise AttemptNotFound()


def _explain_unsaved(
    attempt_id: int, item_id: int, *, now: datetime, user_id: int | None, token_hash: str | None
) -> SaveResult:
    owner = _owner_id(user_id, token_hash, now=now)
    attempt = Attempt.objects.filter(pk=attempt_id, participant_id=owner).first()
    if attempt is None:
        raise AttemptNotFound()
    stored = (
        Answer.objects.filter(attempt_id=attempt_id, item_id=item_id)
        .values_list("client_seq", flat=True)
        .first()
    )
    if stored is None:
        raise InvalidAnswer()
    if attempt.status != AttemptStatus.OPEN or attempt.deadline + grace_period() < now:
        # refuse, don't clamp: a late answer must change nothing (API.md), but log it
        log_event(attempt, AttemptEventKind.LATE_ANSWER, now=now, item=item_id)
        if attempt.status == AttemptStatus.OPEN:
            finalise_attempt(attempt, status=AttemptStatus.EXPIRED, now=now)
        raise AttemptClosed()
    return SaveResult(saved=False, client_seq=stored)


# --- Submitting, expiring, voiding ---------------------------------------------------------------


def submit_attempt(attempt: Attempt, *, now: datetime) -> Attempt:
    """Finalise and score the attempt; submitting again returns the same result.

    After the deadline plus grace the attempt is finalised as expired with its saved answers.
    A voided attempt cannot be submitted (AttemptClosed).
    """
    if attempt.status == AttemptStatus.OPEN:
        expired = attempt.deadline + grace_period() < now
        status = AttemptStatus.EXPIRED if expired else AttemptStatus.SUBMITTED
        finalise_attempt(attempt, status=status, now=now)
    attempt.refresh_from_db()
    if attempt.status == AttemptStatus.VOIDED:
        raise AttemptClosed()
    return attempt


def expire_overdue_attempts(*, now: datetime, limit: int = 500) -> int:
    """Finalise open attempts whose deadline plus grace has passed; returns how many."""
    overdue = Attempt.objects.filter(
        status=AttemptStatus.OPEN, deadline__lt=now - grace_period()
    ).order_by("deadline")[:limit]
    finalised = 0
    for attempt in overdue:
        finalised += finalise_attempt(attempt, status=AttemptStatus.EXPIRED, now=now)
    return finalised


def void_attempt(attempt: Attempt, *, by: User, reason: str, now: datetime) -> Attempt:
    """Void an attempt with a reason: it no longer counts toward the limit (slot freed)."""
    from bangkom.common.errors import InvalidInput

    if not reason.strip():
        raise InvalidInput("reason_required", "Alasan pembatalan wajib diisi.")
    with transaction.atomic():
        changed = (
            Attempt.objects.filter(pk=attempt.pk)
            .exclude(status=AttemptStatus.VOIDED)
            .update(
                status=AttemptStatus.VOIDED, slot=None, voided_reason=reason.strip(), voided_by=by
            )
        )
        attempt.refresh_from_db()
        if changed:
            log_event(attempt, AttemptEventKind.VOIDED, now=now, by=by.pk, reason=reason.strip())
            record(
                "attempt.voided",
                actor=by,
                target=attempt,
                subject=attempt.participant,
                summary=reason.strip(),
                data={"assessment_id": attempt.assessment_id, "score": attempt.score},
            )
    return attempt

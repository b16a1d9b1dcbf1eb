"""API endpoints of the exam engine, exactly as API.md's "Assessments" section.

Saving an answer is the hot path: it skips the generic authenticators and lets one SQL
statement check the token (or session user), ownership, the deadline and ``client_seq``.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status
from ninja.utils import check_csrf

from bangkom.accounts.errors import Unauthenticated
from bangkom.accounts.schemas import ErrorOut
from bangkom.accounts.tokens import hash_token
from bangkom.assessments.attempts import (
    ClientInfo,
    log_event,
    open_attempt_for,
    save_answer,
    start_attempt,
    submit_attempt,
)
from bangkom.assessments.choices import AttemptEventKind, AttemptStatus
from bangkom.assessments.errors import AssessmentErrorCode, StartRefused
from bangkom.assessments.grading import result_label
from bangkom.assessments.models import Assessment, Attempt
from bangkom.assessments.queries import (
    assessments_for_enrollment,
    attempt_answers,
    attempt_items,
    remaining_seconds,
)
from bangkom.assessments.schemas import (
    AnswerIn,
    AnswerOut,
    AssessmentOut,
    AttemptOut,
    AttemptStartOut,
    EventIn,
    StartIn,
    SubmitOut,
)
from bangkom.learning.models import Enrollment

router = Router(tags=["assessments"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _client(request: HttpRequest) -> ClientInfo:
    return ClientInfo(
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", ""),
        device_token=request.headers.get("X-Bangkom-Device", "")[:64],
    )


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    return get_object_or_404(
        Attempt.objects.select_related("assessment"), pk=attempt_id, participant=request.auth
    )


@router.get(
    "/enrollments/{enrollment_id}/assessments",
    url_name="enrollment-assessments",
    response={200: list[AssessmentOut], **ERRORS},
)
def list_assessments(request: HttpRequest, enrollment_id: int) -> list[AssessmentOut]:
    enrollment = get_object_or_404(Enrollment, pk=enrollment_id, participant=request.auth)
    return [
        AssessmentOut(
            id=s.assessment.pk,
            kind=s.assessment.kind,
            title=s.assessment.title,
            subject_id=s.assessment.subject_id,
            passing_score=s.assessment.passing_score,
            max_attempts=s.assessment.max_attempts,
            attempts_used=s.attempts_used,
            best_score=s.best_score,
            passed=s.passed,
            available=s.available,
            locked_code=s.locked_code,
        )
        for s in assessments_for_enrollment(enrollment, now=timezone.now())
    ]


@router.post(
    "/assessments/{assessment_id}/attempts",
    url_name="assessment-attempts",
    response={200: AttemptStartOut, 201: AttemptStartOut, **ERRORS},
)
def start(request: HttpRequest, assessment_id: int, payload: StartIn) -> Status:
    now = timezone.now()
    assessment = get_object_or_404(Assessment, pk=assessment_id, is_published=True)
    enrollment = (
        Enrollment.objects.select_related("offering")  # the journey gate needs its program
        .filter(pk=payload.enrollment_id, participant=request.auth)
        .first()
    )
    if enrollment is None:
        raise StartRefused(AssessmentErrorCode.NOT_ENROLLED)
    attempt, created = start_attempt(
        assessment,
        enrollment=enrollment,
        participant=request.auth,
        now=now,
        client=_client(request),
    )
    body = AttemptStartOut(
        attempt_id=attempt.pk,
        number=attempt.number,
        deadline=attempt.deadline,
        remaining_seconds=remaining_seconds(attempt, now=now),
        items=attempt_items(attempt),
    )
    return Status(201 if created else 200, body)


@router.put(
    "/attempts/{attempt_id}/answers/{item_id}",
    url_name="attempt-answer",
    auth=None,
    response={200: AnswerOut, **ERRORS},
)
def save(request: HttpRequest, attempt_id: int, item_id: int, payload: AnswerIn) -> AnswerOut:
    token_hash, user_id = _caller(request)
    result = save_answer(
        attempt_id=attempt_id,
        item_id=item_id,
        option_ids=payload.option_ids,
        client_seq=payload.client_seq,
        now=timezone.now(),
        user_id=user_id,
        token_hash=token_hash,
    )
    return AnswerOut(saved=result.saved, client_seq=result.client_seq)


def _caller(request: HttpRequest) -> tuple[str | None, int | None]:
    """The save endpoint's own authentication: a Bearer token or a CSRF-checked session."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated()
        return hash_token(token.strip()), None
    if request.user.is_authenticated:
        refusal = check_csrf(request)
        if refusal is not None:
            raise Unauthenticated()
        return None, request.user.pk
    raise Unauthenticated()


@router.get(
    "/attempts/{attempt_id}", url_name="attempt-detail", response={200: AttemptOut, **ERRORS}
)
def detail(request: HttpRequest, attempt_id: int) -> AttemptOut:
    now = timezone.now()
    attempt = _own_attempt(request, attempt_id)
    if attempt.status == AttemptStatus.OPEN:
        open_attempt_for(attempt.assessment, attempt.enrollment, now=now)  # lazy expiry
        attempt.refresh_from_db()
    return AttemptOut(
        attempt_id=attempt.pk,
        status=attempt.status,
        deadline=attempt.deadline,
        remaining_seconds=remaining_seconds(attempt, now=now),
        answers=attempt_answers(attempt),
    )


@router.post(
    "/attempts/{attempt_id}/submit", url_name="attempt-submit", response={200: SubmitOut, **ERRORS}
)
def submit(request: HttpRequest, attempt_id: int) -> SubmitOut:
    attempt = submit_attempt(_own_attempt(request, attempt_id), now=timezone.now())
    return SubmitOut(
        attempt_id=attempt.pk,
        score=attempt.score,
        passed=bool(attempt.passed),
        result=result_label(attempt.assessment.kind, bool(attempt.passed)),
        correct=attempt.correct or 0,
        total=attempt.total or 0,
        breakdown=attempt.breakdown or {},
    )


@router.post(
    "/attempts/{attempt_id}/events",
    url_name="attempt-events",
    response={204: None, **ERRORS},
)
def event(request: HttpRequest, attempt_id: int, payload: EventIn) -> Status:
    """Integrity log from the exam page: the participant left the page (focus lost)."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.status == AttemptStatus.OPEN:
        log_event(
            attempt,
            AttemptEventKind.FOCUS_LOST,
            _client(request),
            now=timezone.now(),
            **payload.detail,
        )
    return Status(204, None)

"""Enrolment requests, supervisor decisions, withdrawals and direct enrolments (DOMAIN.md S-1
R1, R2; API.md: Catalogue and enrolment).

One row per (offering, participant) whatever happens: a rejected or withdrawn enrolment is
reused when the person asks again. Every path goes through ``check_eligibility``; capacity is
enforced race-free by locking the offering row before counting (``select_for_update``; on
SQLite the IMMEDIATE transaction already serialises writers). Decisions are conditional
updates, so two supervisors cannot both decide the same request.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.accounts.permissions import sees_whole_registry, supervised_institution_ids
from bangkom.audit.log import record
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentSource, EnrollmentStatus
from bangkom.learning.eligibility import ACTIVE_STATUSES, check_eligibility
from bangkom.learning.errors import (
    AlreadyDecided,
    DecisionNotAllowed,
    EnrollmentRefused,
    NotWithdrawable,
    ReasonRequired,
    TrialConflict,
)
from bangkom.learning.models import Enrollment
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify, notify_many

MAX_MOTIVATION_CHARS = 2000
MAX_REASON_CHARS = 2000


def request_enrollment(
    user: User, offering: Offering, *, now: datetime, motivation: str = ""
) -> tuple[Enrollment, bool]:
    """Ask to join an offering; returns ``(enrollment, created)``.

    A pending or enrolled row is returned unchanged with ``created=False`` (API.md: "already
    enrolled: 200"). Otherwise eligibility decides; a refusal raises ``EnrollmentRefused``
    whose code is the reason. Without ``requires_supervisor_approval`` the person is enrolled
    at once, else the request waits for the supervisors, who are notified.
    """
    with transaction.atomic():
        locked = _locked(offering)
        existing = Enrollment.objects.filter(offering=locked, participant=user).first()
        if existing is not None and existing.status in ACTIVE_STATUSES:
            return existing, False
        _ensure_eligible(user, locked, now=now, ignore_window=False)
        needs_approval = locked.requires_supervisor_approval
        enrollment, created = _store(
            existing,
            locked,
            user,
            status=EnrollmentStatus.PENDING if needs_approval else EnrollmentStatus.ENROLLED,
            source=EnrollmentSource.SELF,
            now=now,
            decided_by=None,
            motivation=motivation.strip()[:MAX_MOTIVATION_CHARS],
        )
    if created and enrollment.status == EnrollmentStatus.PENDING:
        _notify_supervisors(enrollment, user)
    return enrollment, created


def can_decide_enrollment(user: User, enrollment: Enrollment) -> bool:
    """A pengelola or admin decides any request; a pimpinan only their institution's."""
    if sees_whole_registry(user):
        return True
    if not user.has_role(Role.PIMPINAN):
        return False
    employee = enrollment.participant.employee
    return employee is not None and employee.institution_id in supervised_institution_ids(user)


def decide_enrollment(
    enrollment: Enrollment, *, approve: bool, reason: str, by: User, now: datetime
) -> Enrollment:
    """Approve or reject a pending request and notify the participant.

    Refuses a decider who is neither a supervisor of the participant's institution nor a
    manager (``DecisionNotAllowed``), a rejection without a reason (``ReasonRequired``) and a
    request that is no longer pending (``AlreadyDecided``: the update is conditional, so of
    two concurrent deciders exactly one wins).
    """
    if not can_decide_enrollment(by, enrollment):
        raise DecisionNotAllowed()
    reason = (reason or "").strip()[:MAX_REASON_CHARS]
    if not approve and not reason:
        raise ReasonRequired()
    status = EnrollmentStatus.ENROLLED if approve else EnrollmentStatus.REJECTED
    with transaction.atomic():
        pending = Enrollment.objects.filter(pk=enrollment.pk, status=EnrollmentStatus.PENDING)
        updated = pending.update(
            status=status, decided_at=now, decided_by=by, decision_reason=reason, updated_at=now
        )
        if not updated:
            raise AlreadyDecided()
        enrollment.refresh_from_db()
        _audit_enrollment(
            "enrollment.approved" if approve else "enrollment.rejected", enrollment, by, reason
        )
    _notify_decision(enrollment)
    return enrollment


def withdraw_enrollment(enrollment: Enrollment, *, by: User, now: datetime) -> Enrollment:
    """Withdraw a pending or enrolled enrolment (the participant's own, or by a manager)."""
    if by.pk != enrollment.participant_id and not sees_whole_registry(by):
        raise DecisionNotAllowed()
    with transaction.atomic():
        updated = Enrollment.objects.filter(pk=enrollment.pk, status__in=ACTIVE_STATUSES).update(
            status=EnrollmentStatus.WITHDRAWN, decided_at=now, updated_at=now
        )
        if not updated:
            raise NotWithdrawable()
        enrollment.refresh_from_db()
        _audit_enrollment("enrollment.withdrawn", enrollment, by)
    return enrollment


def enroll_by_manager(
    user: User,
    offering: Offering,
    *,
    by: User,
    now: datetime,
    source: str = EnrollmentSource.MANAGER,
    is_trial: bool = False,
) -> tuple[Enrollment, bool]:
    """Enrol someone at once on a manager's authority; returns ``(enrollment, created)``.

    Every eligibility reason applies except ``window_closed``: a pengelola may enrol people
    before the window opens or after it closes. A trial tester (``is_trial``) skips
    eligibility altogether but cannot take the place of a real enrolment (``TrialConflict``).
    """
    if is_trial:
        return _enroll_tester(user, offering, by=by, now=now)
    return enroll_directly(user, offering, by=by, now=now, source=source, ignore_window=True)


def enroll_directly(
    user: User,
    offering: Offering,
    *,
    by: User,
    now: datetime,
    source: str,
    ignore_window: bool,
) -> tuple[Enrollment, bool]:
    """Enrol without a supervisor's approval (manager, nomination); ``created`` as above.

    An enrolled row is returned as it is; a pending request is approved by ``by``;
    otherwise ``check_eligibility`` decides and refusals raise ``EnrollmentRefused``.
    """
    with transaction.atomic():
        locked = _locked(offering)
        existing = Enrollment.objects.filter(offering=locked, participant=user).first()
        if existing is not None and existing.status == EnrollmentStatus.ENROLLED:
            return existing, False
        if existing is not None and existing.status == EnrollmentStatus.PENDING:
            Enrollment.objects.filter(pk=existing.pk, status=EnrollmentStatus.PENDING).update(
                status=EnrollmentStatus.ENROLLED, decided_at=now, decided_by=by, updated_at=now
            )
            existing.refresh_from_db()
            _audit_enrollment("enrollment.approved", existing, by)
            return existing, False
        _ensure_eligible(user, locked, now=now, ignore_window=ignore_window)
        enrollment, created = _store(
            existing,
            locked,
            user,
            status=EnrollmentStatus.ENROLLED,
            source=source,
            now=now,
            decided_by=by,
        )
        if created:
            _audit_enrollment("enrollment.enrolled", enrollment, by)
        return enrollment, created


def _enroll_tester(
    user: User, offering: Offering, *, by: User, now: datetime
) -> tuple[Enrollment, bool]:
    with transaction.atomic():
        locked = _locked(offering)
        existing = Enrollment.objects.filter(offering=locked, participant=user).first()
        if existing is not None and not existing.is_trial:
            raise TrialConflict(
                _("%(name)s sudah memiliki pendaftaran sungguhan pada angkatan ini.")
                % {"name": user.name}
            )
        if existing is not None and existing.status == EnrollmentStatus.ENROLLED:
            return existing, False
        return _store(
            existing,
            locked,
            user,
            status=EnrollmentStatus.ENROLLED,
            source=EnrollmentSource.TRIAL,
            now=now,
            decided_by=by,
            is_trial=True,
        )


def _audit_enrollment(action: str, enrollment: Enrollment, by: User, reason: str = "") -> None:
    record(
        action,
        actor=by,
        target=enrollment,
        subject=enrollment.participant,
        data={
            "offering_id": enrollment.offering_id,
            "status": enrollment.status,
            "source": enrollment.source,
            "reason": reason,
        },
    )


def _locked(offering: Offering) -> Offering:
    # The lock makes "count places, then insert" one step for concurrent requests.
    return Offering.objects.select_for_update().get(pk=offering.pk)


def _ensure_eligible(user: User, offering: Offering, *, now: datetime, ignore_window: bool) -> None:
    verdict = check_eligibility(user, offering, now=now, ignore_window=ignore_window)
    if not verdict.ok:
        raise EnrollmentRefused(verdict.reason, verdict.message)


def _store(
    existing: Enrollment | None,
    offering: Offering,
    user: User,
    *,
    status: str,
    source: str,
    now: datetime,
    decided_by: User | None,
    motivation: str = "",
    is_trial: bool = False,
) -> tuple[Enrollment, bool]:
    """Create the row, or reuse a rejected/withdrawn one as a fresh request."""
    values = {
        "status": status,
        "source": source,
        "is_trial": is_trial,
        "requested_at": now,
        "decided_at": None if status == EnrollmentStatus.PENDING else now,
        "decided_by": decided_by,
        "decision_reason": "",
        "motivation": motivation,
    }
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        return existing, True
    try:
        with transaction.atomic():
            return Enrollment.objects.create(offering=offering, participant=user, **values), True
    except IntegrityError:
        # Another request for the same person won the race; the unique constraint held.
        return Enrollment.objects.get(offering=offering, participant=user), False


def _event_stamp(enrollment: Enrollment) -> str:
    # A re-request reuses the row, so the request time keeps each round's events distinct.
    return f"{int(enrollment.requested_at.timestamp())}"


def _notify_supervisors(enrollment: Enrollment, participant: User) -> None:
    employee = participant.employee
    if employee is None:
        return
    supervisors = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.PIMPINAN,
        role_assignments__institution_id=employee.institution_id,
    ).distinct()
    notify_many(
        supervisors,
        event_key=f"enrollment:{enrollment.pk}:requested:{_event_stamp(enrollment)}",
        title=_("Permohonan pendaftaran pelatihan baru"),
        body=_("%(name)s mengajukan pendaftaran pada %(offering)s.")
        % {"name": participant.name, "offering": enrollment.offering},
        url=reverse("learning:approval-inbox"),
    )


def _notify_decision(enrollment: Enrollment) -> None:
    approved = enrollment.status == EnrollmentStatus.ENROLLED
    decision = "approved" if approved else "rejected"
    if approved:
        title = _("Pendaftaran Anda disetujui")
        body = _("Anda terdaftar sebagai peserta %(offering)s.") % {"offering": enrollment.offering}
    else:
        title = _("Pendaftaran Anda ditolak")
        body = _("Pendaftaran pada %(offering)s ditolak. Alasan: %(reason)s") % {
            "offering": enrollment.offering,
            "reason": enrollment.decision_reason,
        }
    notify(
        enrollment.participant,
        event_key=f"enrollment:{enrollment.pk}:{decision}:{_event_stamp(enrollment)}",
        title=title,
        body=body,
        url=reverse("learning:my-enrollments"),
        kind=NotificationKind.ENROLLMENT_DECISION,
    )

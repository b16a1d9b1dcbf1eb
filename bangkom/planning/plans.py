"""Program plans (DOMAIN.md S-1 "Phases": perencanaan → persiapan): objectives and targets,
committee, schedule, budget from the cost model, approval, the preparation checklist, and
the offering an approved plan creates.

Rules implemented here:
- a plan is edited only while it is a draft or returned;
- draft/returned → submitted by the plan's creator or any pengelola, only with objectives
  and the three targets (participants, pass rate, JP); the budget is frozen at submission;
- submitted → approved / returned by a pengelola other than the one who submitted it
  (separation of duties); returning needs a comment;
- every transition records a PlanComment (from → to, with the comment) and is a
  conditional update, so two clicks cannot both move the plan;
- an approved plan creates exactly one offering (angkatan): enrolment opens 14 days before
  the plan's start, learning runs from the start date to the end date;
- a new plan gets one checklist item per persiapan step, due a number of days before start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.audit.log import record
from bangkom.common.errors import DomainError
from bangkom.common.timezones import DEFAULT_ZONE
from bangkom.notifications.service import notify
from bangkom.planning.budget import (
    budget_snapshot,
    check_cost_parameters,
    cost_template_of,
    plan_budget,
    template_exists,
)
from bangkom.planning.choices import STANDARD_PREPARATION, PlanStatus, PreparationKind
from bangkom.planning.errors import (
    PlanningConflict,
    PlanningErrorCode,
    PlanningForbidden,
    PlanningInvalid,
)
from bangkom.planning.models import (
    PlanComment,
    PlanCommitteeMember,
    PreparationItem,
    ProgramPlan,
)

ENROLMENT_LEAD = timedelta(days=14)  # issue "planning" item 5: enrolment opens 14 days before
LEARNING_DAY_START = time(0, 0)
LEARNING_DAY_END = time(23, 59)
MIN_YEAR, MAX_YEAR = 2000, 2100
TITLE_MAX, TASK_MAX, ITEM_TITLE_MAX = 200, 200, 200
# Days before the start by which each persiapan step should be done [U]: a schedule a
# manager can change per item, not a regulation.
PREPARATION_LEAD_DAYS: dict[str, int] = {
    PreparationKind.CURRICULUM: 42,
    PreparationKind.RULES: 28,
    PreparationKind.MANAGER_TASKS: 28,
    PreparationKind.FACILITATORS_CONFIRMED: 21,
    PreparationKind.PLACEMENT_QUESTIONS: 14,
    PreparationKind.SUBJECT_QUESTIONS: 14,
    PreparationKind.FINAL_QUESTIONS: 14,
    PreparationKind.MODULES: 14,
    PreparationKind.SLIDES: 14,
    PreparationKind.VIDEOS: 10,
    PreparationKind.FACILITIES_STUDIO: 21,
    PreparationKind.FACILITIES_INTERNET: 7,
}
EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)


@dataclass(frozen=True)
class PlanData:
    """What a manager enters for a plan. ``program`` is a ``curriculum.Program``."""

    title: str
    program: object
    year: int
    objectives: str = ""
    target_participants: int | None = None
    target_pass_rate: int | None = None
    target_jp: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    cost_template_id: int | None = None


def _invalid(message: str, field_name: str | None = None) -> PlanningInvalid:
    return PlanningInvalid(PlanningErrorCode.INVALID_PLAN, message, field=field_name)


def is_manager(user: User) -> bool:
    return user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN)


def require_manager(user: User) -> None:
    if not is_manager(user):
        raise PlanningForbidden(
            PlanningErrorCode.NOT_A_MANAGER, _("Hanya pengelola program yang dapat melakukannya.")
        )


def _clean(data: PlanData) -> dict:
    title = data.title.strip()
    if not title or len(title) > TITLE_MAX:
        raise _invalid(
            _("Judul wajib diisi, paling banyak %(n)s karakter.") % {"n": TITLE_MAX}, "title"
        )
    if data.program is None:
        raise _invalid(_("Pilih program pelatihan."), "program")
    if not MIN_YEAR <= int(data.year) <= MAX_YEAR:
        raise _invalid(_("Tahun tidak sah."), "year")
    if data.target_pass_rate is not None and not 0 <= data.target_pass_rate <= 100:
        raise _invalid(_("Sasaran kelulusan harus 0–100 %."), "target_pass_rate")
    if data.target_participants is not None and data.target_participants < 1:
        raise _invalid(_("Sasaran peserta paling sedikit 1."), "target_participants")
    if data.target_jp is not None and data.target_jp <= 0:
        raise _invalid(_("Sasaran JP harus lebih dari 0."), "target_jp")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise _invalid(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), "ends_on")
    if data.cost_template_id is not None and not template_exists(data.cost_template_id):
        raise _invalid(_("Templat biaya tidak ditemukan."), "cost_template")
    return {
        "title": title,
        "program": data.program,
        "year": int(data.year),
        "objectives": data.objectives.strip(),
        "target_participants": data.target_participants,
        "target_pass_rate": data.target_pass_rate,
        "target_jp": data.target_jp,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "cost_template_id": data.cost_template_id,
    }


def create_plan(data: PlanData, *, by: User, now: datetime) -> ProgramPlan:
    """Create a draft plan with the standard persiapan checklist (one item per step)."""
    require_manager(by)
    fields = _clean(data)
    with transaction.atomic():
        plan = ProgramPlan.objects.create(created_by=by, status=PlanStatus.DRAFT, **fields)
        PreparationItem.objects.bulk_create(
            PreparationItem(
                plan=plan,
                kind=kind,
                title=str(PreparationKind(kind).label),
                due_on=_due_on(plan.starts_on, kind),
            )
            for kind in STANDARD_PREPARATION
        )
        PlanComment.objects.create(
            plan=plan,
            author=by,
            body=_("Rencana dibuat."),
            to_status=PlanStatus.DRAFT,
            created_at=now,
        )
    return plan


def _due_on(starts_on: date | None, kind: str) -> date | None:
    if starts_on is None or kind not in PREPARATION_LEAD_DAYS:
        return None
    return starts_on - timedelta(days=PREPARATION_LEAD_DAYS[kind])


def _not_editable() -> PlanningConflict:
    return PlanningConflict(
        PlanningErrorCode.PLAN_NOT_EDITABLE,
        _("Rencana yang sudah diajukan atau disetujui tidak dapat diubah."),
    )


def update_plan(plan: ProgramPlan, data: PlanData, *, by: User) -> ProgramPlan:
    """Change a draft or returned plan; refuse once it is submitted or approved.

    Checklist items without a due date get one when a start date is first set.
    """
    require_manager(by)
    fields = _clean(data)
    with transaction.atomic():
        locked = ProgramPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status not in EDITABLE:
            raise _not_editable()
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.status = locked.status
        plan.save()
        if plan.starts_on:
            for item in plan.preparation_items.filter(due_on__isnull=True, done_at__isnull=True):
                due = _due_on(plan.starts_on, item.kind)
                if due:
                    item.due_on = due
                    item.save(update_fields=["due_on"])
    return plan


def set_cost_parameters(plan: ProgramPlan, params: Mapping[str, object], *, by: User) -> None:
    """Store the cost parameters (validated by the cost model) of an editable plan."""
    require_manager(by)
    if plan.status not in EDITABLE:
        raise _not_editable()
    cleaned = {code: str(value) for code, value in params.items() if value not in (None, "")}
    template = cost_template_of(plan)
    if template is not None:
        check_cost_parameters(template, cleaned)
    plan.cost_parameters = cleaned
    plan.save(update_fields=["cost_parameters", "updated_at"])


# --- transitions ----------------------------------------------------------------------------

SUBMIT, APPROVE, RETURN = "submit", "approve", "return"
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    SUBMIT: ((PlanStatus.DRAFT, PlanStatus.RETURNED), PlanStatus.SUBMITTED),
    APPROVE: ((PlanStatus.SUBMITTED,), PlanStatus.APPROVED),
    RETURN: ((PlanStatus.SUBMITTED,), PlanStatus.RETURNED),
}
AUDIT_ACTIONS = {SUBMIT: "plan.submitted", APPROVE: "plan.approved", RETURN: "plan.returned"}


def missing_for_submission(plan: ProgramPlan) -> list[str]:
    """Labels of what a plan still needs before it can be submitted."""
    missing = []
    if not plan.objectives.strip():
        missing.append(_("tujuan"))
    if not plan.target_participants:
        missing.append(_("sasaran peserta"))
    if plan.target_pass_rate is None:
        missing.append(_("sasaran kelulusan"))
    if not plan.target_jp:
        missing.append(_("sasaran JP"))
    return missing


def can_submit(user: User, plan: ProgramPlan) -> bool:
    return plan.status in EDITABLE and (
        user.pk == plan.created_by_id or user.has_role(Role.PENGELOLA)
    )


def can_decide(user: User, plan: ProgramPlan) -> bool:
    """A pengelola other than the submitter may approve or return a submitted plan."""
    return (
        plan.status == PlanStatus.SUBMITTED
        and user.has_role(Role.PENGELOLA)
        and user.pk != plan.submitted_by_id
    )


def available_actions(user: User, plan: ProgramPlan) -> list[str]:
    """The transitions the user may start now (for the buttons)."""
    actions = []
    if can_submit(user, plan):
        actions.append(SUBMIT)
    if can_decide(user, plan):
        actions.extend([APPROVE, RETURN])
    return actions


def _check_actor(plan: ProgramPlan, action: str, user: User) -> None:
    if action == SUBMIT:
        if not (user.pk == plan.created_by_id or user.has_role(Role.PENGELOLA)):
            raise PlanningForbidden(
                PlanningErrorCode.NOT_A_MANAGER,
                _("Hanya pembuat rencana atau pengelola program yang dapat mengajukannya."),
            )
        return
    if not user.has_role(Role.PENGELOLA):
        raise PlanningForbidden(
            PlanningErrorCode.NOT_A_MANAGER,
            _("Hanya pengelola program yang dapat menyetujui atau mengembalikan rencana."),
        )
    if user.pk == plan.submitted_by_id:
        raise PlanningForbidden(
            PlanningErrorCode.SEPARATION_OF_DUTIES,
            _("Rencana yang Anda ajukan sendiri harus diputuskan oleh pengelola lain."),
        )


def transition_plan(
    plan: ProgramPlan, action: str, *, by: User, now: datetime, comment: str = ""
) -> ProgramPlan:
    """Move the plan by ``action`` (submit, approve, return); see the module rules.

    ``plan.status`` is the status the user saw: if it changed meanwhile nothing happens
    and ``status_changed`` (409) is raised.
    """
    if action not in TRANSITIONS:
        raise _invalid(_("Tindakan tidak dikenal."))
    sources, target = TRANSITIONS[action]
    comment = comment.strip()
    seen = plan.status
    if seen not in sources:
        message = (
            _("Hanya rencana draf atau yang dikembalikan yang dapat diajukan.")
            if action == SUBMIT
            else _("Hanya rencana yang sudah diajukan yang dapat disetujui atau dikembalikan.")
        )
        raise PlanningConflict(PlanningErrorCode.TRANSITION_NOT_ALLOWED, message)
    _check_actor(plan, action, by)
    if action == RETURN and not comment:
        raise PlanningInvalid(
            PlanningErrorCode.COMMENT_REQUIRED,
            _("Tuliskan alasan pengembalian agar pembuat rencana dapat memperbaikinya."),
            field="comment",
        )
    if action == SUBMIT and (missing := missing_for_submission(plan)):
        raise PlanningInvalid(
            PlanningErrorCode.PLAN_INCOMPLETE,
            _("Lengkapi dulu sebelum diajukan: %(fields)s.") % {"fields": ", ".join(missing)},
        )
    values = _transition_values(plan, action, by=by, now=now)
    with transaction.atomic():
        changed = ProgramPlan.objects.filter(pk=plan.pk, status=seen).update(**values)
        if not changed:
            raise PlanningConflict(
                PlanningErrorCode.STATUS_CHANGED,
                _("Status rencana baru saja diubah orang lain. Muat ulang halaman."),
            )
        PlanComment.objects.create(
            plan=plan, author=by, body=comment, from_status=seen, to_status=target, created_at=now
        )
        record(
            AUDIT_ACTIONS[action],
            actor=by,
            target=plan,
            summary=comment,
            data={"from": seen, "to": target, "title": plan.title},
        )
    for name, value in values.items():
        setattr(plan, name, value)
    _notify(plan, action, by=by, now=now)
    return plan


def _transition_values(plan: ProgramPlan, action: str, *, by: User, now: datetime) -> dict:
    target = TRANSITIONS[action][1]
    values: dict[str, object] = {"status": target, "updated_at": now}
    if action == SUBMIT:
        values.update(
            submitted_by=by,
            submitted_at=now,
            decided_by=None,
            decided_at=None,
            budget_snapshot=budget_snapshot(plan_budget(plan), now=now),
        )
    else:
        values.update(decided_by=by, decided_at=now)
    return values


def _notify(plan: ProgramPlan, action: str, *, by: User, now: datetime) -> None:
    url = reverse("planning:plan-detail", args=[plan.pk])
    stamp = int(now.timestamp())
    if action == SUBMIT:
        from bangkom.accounts.models import RoleAssignment

        deciders = User.objects.filter(
            pk__in=RoleAssignment.objects.filter(role=Role.PENGELOLA).values("user_id"),
            is_active=True,
        ).exclude(pk=by.pk)
        for user in deciders:
            notify(
                user,
                event_key=f"planning:plan-submitted:{plan.pk}:{stamp}",
                title=_("Rencana menunggu keputusan: %(title)s") % {"title": plan.title},
                url=url,
            )
        return
    if plan.submitted_by_id and plan.submitted_by_id != by.pk:
        notify(
            plan.submitted_by,
            event_key=f"planning:plan-{action}:{plan.pk}:{stamp}",
            title=_("Rencana %(title)s: %(status)s")
            % {"title": plan.title, "status": PlanStatus(plan.status).label},
            url=url,
        )


def add_plan_comment(plan: ProgramPlan, *, by: User, body: str, now: datetime) -> PlanComment:
    """Add a comment (without a status change) to the plan's discussion."""
    require_manager(by)
    body = body.strip()
    if not body:
        raise PlanningInvalid(
            PlanningErrorCode.COMMENT_REQUIRED, _("Komentar tidak boleh kosong."), field="body"
        )
    return PlanComment.objects.create(plan=plan, author=by, body=body, created_at=now)


# --- committee ------------------------------------------------------------------------------


def add_committee_member(
    plan: ProgramPlan, *, user: User, task: str, by: User
) -> PlanCommitteeMember:
    """Put a pengelola on the plan's committee with a named task (not twice the same)."""
    require_manager(by)
    task = task.strip()
    if not task or len(task) > TASK_MAX:
        raise _invalid(_("Tugas panitia wajib diisi."), "task")
    if not user.has_role(Role.PENGELOLA):
        raise _invalid(_("Hanya pengelola program yang dapat menjadi panitia."), "user")
    try:
        with transaction.atomic():
            return PlanCommitteeMember.objects.create(plan=plan, user=user, task=task)
    except IntegrityError:
        raise PlanningConflict(
            PlanningErrorCode.DUPLICATE_COMMITTEE_TASK,
            _("Pengguna ini sudah memegang tugas tersebut."),
            field="task",
        ) from None


def remove_committee_member(member: PlanCommitteeMember, *, by: User) -> None:
    require_manager(by)
    member.delete()


# --- the offering ---------------------------------------------------------------------------


def offering_schedule(plan: ProgramPlan, *, zone: str = DEFAULT_ZONE) -> dict[str, datetime]:
    """The offering windows a plan implies, as aware instants in ``zone``."""
    if plan.starts_on is None or plan.ends_on is None:
        raise _invalid(_("Isi tanggal mulai dan selesai rencana dulu."), "starts_on")
    tz = ZoneInfo(zone)
    starts_at = datetime.combine(plan.starts_on, LEARNING_DAY_START, tzinfo=tz)
    return {
        "enrollment_opens_at": starts_at - ENROLMENT_LEAD,
        "enrollment_closes_at": starts_at,
        "starts_at": starts_at,
        "ends_at": datetime.combine(plan.ends_on, LEARNING_DAY_END, tzinfo=tz),
    }


def create_offering_from_plan(
    plan: ProgramPlan, *, code: str, name: str, by: User, now: datetime
) -> object:
    """Create the plan's offering (draft angkatan) and link it; only once, only if approved.

    Uses ``curriculum.offerings.create_offering`` (its schedule and code rules apply);
    the plan's committee joins the offering's committee. Refused: a plan that is not
    approved (409), one that already has its offering (409).
    """
    require_manager(by)
    if plan.status != PlanStatus.APPROVED:
        raise PlanningConflict(
            PlanningErrorCode.PLAN_NOT_APPROVED,
            _("Hanya rencana yang disetujui dapat dibuatkan angkatan."),
        )
    schedule = offering_schedule(plan)
    with transaction.atomic():
        locked = ProgramPlan.objects.select_for_update().select_related("program").get(pk=plan.pk)
        if locked.offering_id is not None:
            raise _offering_exists()
        offering = _create_offering(locked, code=code, name=name, by=by, schedule=schedule)
        linked = ProgramPlan.objects.filter(
            pk=plan.pk, offering__isnull=True, status=PlanStatus.APPROVED
        ).update(offering=offering, updated_at=now)
        if not linked:
            raise _offering_exists()
        _copy_committee(locked, offering, by=by)
        PlanComment.objects.create(
            plan=plan,
            author=by,
            body=_("Angkatan %(code)s dibuat dari rencana ini.") % {"code": offering.code},
            created_at=now,
        )
    plan.offering = offering
    return offering


def _offering_exists() -> PlanningConflict:
    return PlanningConflict(
        PlanningErrorCode.OFFERING_EXISTS, _("Rencana ini sudah memiliki angkatan.")
    )


def _create_offering(
    plan: ProgramPlan, *, code: str, name: str, by: User, schedule: dict[str, datetime]
) -> object:
    try:
        from bangkom.curriculum.offerings import OfferingData, create_offering
    except ImportError:  # an older curriculum app without the offerings module
        from bangkom.curriculum.models import Offering

        if not code.strip() or not name.strip():
            raise _invalid(_("Kode dan nama angkatan wajib diisi."), "code") from None
        return Offering.objects.create(
            program=plan.program, code=code.strip(), name=name.strip(), created_by=by, **schedule
        )
    data = OfferingData(code=code, name=name, time_zone=DEFAULT_ZONE, **schedule)
    return create_offering(plan.program, data, by=by)


def _copy_committee(plan: ProgramPlan, offering: object, *, by: User) -> None:
    try:
        from bangkom.curriculum.offerings import add_committee_member as add_to_offering
    except ImportError:
        return
    for member in plan.committee.select_related("user"):
        try:
            add_to_offering(offering, user=member.user, task=member.task, by=by)
        except DomainError:
            continue  # e.g. the member lost the pengelola role; the plan keeps them


def plans_for_list(*, status: str = "", year: int | None = None) -> QuerySet[ProgramPlan]:
    queryset = ProgramPlan.objects.select_related("program", "created_by", "offering")
    if status in PlanStatus.values:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(year=year)
    return queryset

"""The persiapan checklist of a plan (DOMAIN.md S-1 "Phases": curriculum, rules, question
sets, modules, slides, videos, facilities, facilitators, managers' tasks): items with an
owner and a due date, open until ticked off; overdue items are flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.planning.choices import PreparationKind
from bangkom.planning.errors import PlanningErrorCode, PlanningInvalid
from bangkom.planning.models import PreparationItem, ProgramPlan
from bangkom.planning.plans import ITEM_TITLE_MAX, require_manager


def add_preparation_item(
    plan: ProgramPlan,
    *,
    kind: str,
    title: str,
    owner: User | None,
    due_on: date | None,
    note: str = "",
    by: User,
) -> PreparationItem:
    """Add a checklist item with an owner and a due date."""
    require_manager(by)
    if kind not in PreparationKind.values:
        raise PlanningInvalid(
            PlanningErrorCode.INVALID_ITEM, _("Jenis persiapan tidak dikenal."), field="kind"
        )
    title = title.strip() or str(PreparationKind(kind).label)
    if len(title) > ITEM_TITLE_MAX:
        raise PlanningInvalid(
            PlanningErrorCode.INVALID_ITEM, _("Uraian terlalu panjang."), field="title"
        )
    return PreparationItem.objects.create(
        plan=plan, kind=kind, title=title, owner=owner, due_on=due_on, note=note.strip()
    )


def update_preparation_item(
    item: PreparationItem, *, owner: User | None, due_on: date | None, note: str, by: User
) -> PreparationItem:
    """Change who owns an item, when it is due and its note."""
    require_manager(by)
    item.owner, item.due_on, item.note = owner, due_on, note.strip()
    item.save(update_fields=["owner", "due_on", "note"])
    return item


def set_item_done(item: PreparationItem, *, done: bool, by: User, now: datetime) -> None:
    """Tick an item off (or open it again); ticking twice keeps the first time."""
    require_manager(by)
    if done:
        PreparationItem.objects.filter(pk=item.pk, done_at__isnull=True).update(done_at=now)
        item.done_at = item.done_at or now
    else:
        PreparationItem.objects.filter(pk=item.pk).update(done_at=None)
        item.done_at = None


def open_items(plan: ProgramPlan) -> QuerySet[PreparationItem]:
    """The checklist items not yet done, earliest due first (undated last)."""

    return (
        plan.preparation_items.filter(done_at__isnull=True)
        .select_related("owner")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


@dataclass(frozen=True)
class ChecklistSummary:
    total: int
    done: int
    overdue: int

    @property
    def open(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def checklist(plan: ProgramPlan, *, today: date) -> tuple[list[PreparationItem], ChecklistSummary]:
    """All items (open first, by due date) with an ``is_overdue`` flag, and the counts."""

    items = list(
        plan.preparation_items.select_related("owner").order_by(
            F("done_at").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "id"
        )
    )
    overdue = 0
    for item in items:
        item.is_overdue = item.done_at is None and item.due_on is not None and item.due_on < today
        overdue += item.is_overdue
    done = sum(1 for item in items if item.done_at is not None)
    return items, ChecklistSummary(total=len(items), done=done, overdue=overdue)

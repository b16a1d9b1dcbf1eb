"""Who may write, review and see the item bank (issue: item bank; RELIABILITY.md K8).

Items and their keys are visible only to the people who write and review them: the
facilitators (widyaiswara) of the bank's subject — or of any subject of the bank's program
for a program-level bank — and managers (pengelola, admin). Everyone else, participants,
coaches and supervisors included, gets 404 from the lookups below, so a bank's existence
does not leak. Views and templates call these predicates; nothing re-derives them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.assessments.choices import ItemStatus
from bangkom.assessments.models import Item, ItemBank
from bangkom.common.errors import NotFound
from bangkom.curriculum.models import Program, Subject

_FACILITATES = Subject.facilitators.through


def is_bank_manager(user: User) -> bool:
    """Pengelola and admins may author and review in every bank."""
    return user.is_authenticated and (user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN))


def _is_facilitator(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.WIDYAISWARA)


def can_author_items(user: User, bank: ItemBank) -> bool:
    """True for managers and for facilitators of the bank's subject (or program's subjects)."""
    if is_bank_manager(user):
        return True
    if not _is_facilitator(user):
        return False
    links = _FACILITATES.objects.filter(user_id=user.pk)
    if bank.subject_id:
        return links.filter(subject_id=bank.subject_id).exists()
    return links.filter(subject__program_id=bank.program_id).exists()


def can_create_bank(user: User, program: Program, subject: Subject | None) -> bool:
    """Managers anywhere; a facilitator for their own subject or their subjects' programs."""
    return can_author_items(user, ItemBank(program=program, subject=subject))


def is_item_author(user: User, item: Item) -> bool:
    """The item's author or the writer of its current content."""
    version = item.current_version
    writers = {item.author_id, version.created_by_id if version else None} - {None}
    return user.pk in writers


def can_review_item(user: User, item: Item) -> bool:
    """An item waiting for review may be reviewed by another author of its bank, not its own."""
    return (
        item.status == ItemStatus.IN_REVIEW
        and can_author_items(user, item.bank)
        and not is_item_author(user, item)
    )


def authorable_banks(user: User) -> QuerySet[ItemBank]:
    """Banks the user may author and review in: all for managers, own subjects' for others."""
    banks = ItemBank.objects.select_related("program", "subject")
    if is_bank_manager(user):
        return banks
    if not _is_facilitator(user):
        return banks.none()
    own_subjects = _FACILITATES.objects.filter(user_id=user.pk)
    return banks.filter(
        Q(subject_id__in=own_subjects.values("subject_id"))
        | Q(subject__isnull=True, program_id__in=own_subjects.values("subject__program_id"))
    )


def authorable_bank(user: User, bank_pk: int) -> ItemBank:
    """The bank if the user may author in it; NotFound otherwise (existence stays private)."""
    bank = authorable_banks(user).filter(pk=bank_pk).first()
    if bank is None:
        raise NotFound("bank_not_found", _("Bank soal tidak ditemukan."))
    return bank


def authorable_item(user: User, item_pk: int) -> Item:
    """The item (with bank and current version) if the user may author in its bank."""
    item = (
        Item.objects.select_related(
            "bank__program", "bank__subject", "current_version", "author", "reviewer"
        )
        .filter(pk=item_pk)
        .first()
    )
    if item is None or not can_author_items(user, item.bank):
        raise NotFound("item_not_found", _("Butir soal tidak ditemukan."))
    return item


def bank_targets(user: User) -> tuple[QuerySet[Program], QuerySet[Subject]]:
    """Programs and subjects the user may create a bank for (program-level, subject-level)."""
    programs = Program.objects.filter(is_active=True).order_by("title")
    subjects = Subject.objects.select_related("program").filter(program__is_active=True)
    subjects = subjects.order_by("program__title", "order")
    if is_bank_manager(user):
        return programs, subjects
    if not _is_facilitator(user):
        return programs.none(), subjects.none()
    own = _FACILITATES.objects.filter(user_id=user.pk)
    return (
        programs.filter(pk__in=own.values("subject__program_id")),
        subjects.filter(pk__in=own.values("subject_id")),
    )

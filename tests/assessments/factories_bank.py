"""Helpers of the item-bank tests: banks a facilitator authors in, items written through the
domain functions (so the setup *is* the behaviour), valid options of every type."""

from __future__ import annotations

from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.assessments.access.bank import ROUTES
from bangkom.assessments.choices import ItemType
from bangkom.assessments.items import create_item
from tests.assessments.factories import ItemBankFactory
from tests.curriculum.factories import SubjectFactory


def subject_bank(facilitator=None, *, subject=None, **kwargs):
    """A bank of one subject; ``facilitator`` (if given) teaches that subject."""
    subject = subject or SubjectFactory()
    if facilitator is not None:
        subject.facilitators.add(facilitator)
    return ItemBankFactory(program=subject.program, subject=subject, **kwargs)


def program_bank(facilitator=None, *, program=None, **kwargs):
    """A program-level bank; ``facilitator`` (if given) teaches one of its subjects."""
    subject = SubjectFactory(**({"program": program} if program else {}))
    if facilitator is not None:
        subject.facilitators.add(facilitator)
    return ItemBankFactory(program=subject.program, **kwargs)


def options_for(item_type, *, texts=None):
    """Valid options of an item type (the first option is the key or has 5 points)."""
    if item_type == ItemType.TRUE_FALSE:
        return [{"text": "Benar", "correct": True}, {"text": "Salah", "correct": False}]
    texts = texts or ["Jakarta", "Bandung", "Surabaya", "Medan"]
    if item_type == ItemType.GRADED:
        return [{"text": t, "points": 5 - i} for i, t in enumerate(texts)]
    if item_type == ItemType.MULTIPLE:
        return [{"text": t, "correct": i < 2} for i, t in enumerate(texts)]
    return [{"text": t, "correct": i == 0} for i, t in enumerate(texts)]


def write_item(
    bank, by=None, *, item_type=ItemType.SINGLE, stem="<p>Ibu kota Indonesia?</p>", **kwargs
):
    """A draft item written through ``items.create_item``."""
    kwargs.setdefault("options", options_for(item_type))
    return create_item(
        bank, item_type=item_type, stem_html=stem, by=by, now=timezone.now(), **kwargs
    )


def bank_route_samples(personas):
    """URL arguments of every bank route, for the policy matrix (tests/accounts/test_policy):
    a bank and an item the persona widyaiswara authors, so authors get 200 and others 404."""
    facilitator = personas[Role.WIDYAISWARA]
    bank = subject_bank(facilitator)
    item = write_item(bank, facilitator)
    samples = {}
    for name, rule in ROUTES.items():
        if not rule.object_route:
            continue
        is_item_route = name.startswith("assessments:item-") and name != "assessments:item-create"
        samples[name] = [item.pk] if is_item_route else [bank.pk]
    return samples

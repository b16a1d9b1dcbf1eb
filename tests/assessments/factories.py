"""Factories of the assessments context: banks with active items, published assessments."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from bangkom.assessments.choices import AssessmentKind, ItemStatus, ItemType
from bangkom.assessments.models import Assessment, Item, ItemBank, ItemVersion
from tests.curriculum.factories import OfferingFactory, ProgramFactory


class ItemBankFactory(DjangoModelFactory):
    class Meta:
        model = ItemBank

    code = factory.Sequence(lambda n: f"BANK-{n}")
    title = factory.Sequence(lambda n: f"Bank soal {n}")
    program = factory.SubFactory(ProgramFactory)


def single_choice_options(correct: int = 0, count: int = 4) -> list[dict]:
    return [
        {"text": f"<p>Pilihan {chr(65 + i)}</p>", "correct": i == correct, "points": 0}
        for i in range(count)
    ]


def make_item(
    bank,
    *,
    item_type=ItemType.SINGLE,
    options=None,
    subject=None,
    difficulty="sedang",
    stem=None,
    partial=False,
):
    """An active item with one version (its current version)."""
    item = Item.objects.create(
        bank=bank,
        item_type=item_type,
        status=ItemStatus.ACTIVE,
        subject=subject,
        difficulty=difficulty,
    )
    version = ItemVersion.objects.create(
        item=item,
        number=1,
        stem_html=stem or f"<p>Pertanyaan nomor {item.pk}?</p>",
        options=options if options is not None else single_choice_options(),
        partial_credit=partial,
    )
    item.current_version = version
    item.save(update_fields=["current_version"])
    return item


def make_bank(program, *, size=20, subject=None, code=None):
    bank = ItemBankFactory(program=program, subject=subject, **({"code": code} if code else {}))
    for _index in range(size):
        make_item(bank, subject=subject)
    return bank


class AssessmentFactory(DjangoModelFactory):
    """A published subject-less assessment (kind given by the caller) on an offering."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    offering = factory.SubFactory(OfferingFactory, running=True)
    kind = AssessmentKind.FINAL
    title = factory.LazyAttribute(lambda o: f"Ujian {o.kind}")
    passing_score = Decimal("70")
    max_attempts = 3
    duration_minutes = 30
    item_count = 5
    is_published = True

    @factory.post_generation
    def banks(self, create, extracted, **kwargs):
        if create and extracted:
            self.banks.set(extracted)

"""The in-memory pool of each process (assessments/pool.py) stays exact; exposure stays close.

The pool is keyed by each bank's latest ``PoolChange``, which database triggers write; these
tests change the bank in every way that matters to a start, by the service functions and by
bare queryset updates (as the admin or a script would), and check the next start sees it.
"""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import timezone

from bangkom.assessments import pool
from bangkom.assessments.attempts import start_attempt
from bangkom.assessments.choices import AttemptStatus, ItemStatus
from bangkom.assessments.items import retire_item
from bangkom.assessments.models import Attempt, Item, ItemBank, ItemVersion, PoolChange
from tests.assessments.factories import AssessmentFactory, make_bank, make_item
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering():
    return OfferingFactory(running=True)


@pytest.fixture
def bank(offering):
    return make_bank(offering.program, size=6)


@pytest.fixture
def exam(offering, bank):
    return AssessmentFactory(offering=offering, banks=[bank], item_count=3)


def revision(bank: ItemBank) -> int:
    """The id of the bank's latest logged change (0 if none)."""
    latest = PoolChange.objects.filter(bank_id=bank.pk).order_by("-pk").first()
    return latest.pk if latest else 0


def drawable(exam) -> set[int]:
    items, _exposure = pool.pool_for(exam)
    return {p.item_id for p in items}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda item: make_item(item.bank), id="item added"),
        pytest.param(lambda item: item.delete(), id="item deleted"),
        pytest.param(
            lambda item: Item.objects.filter(pk=item.pk).update(status=ItemStatus.RETIRED),
            id="status",
        ),
        pytest.param(
            lambda item: Item.objects.filter(pk=item.pk).update(difficulty="sulit"),
            id="difficulty tag",
        ),
        pytest.param(
            lambda item: Item.objects.filter(pk=item.pk).update(current_version=None),
            id="current version",
        ),
        pytest.param(
            lambda item: ItemVersion.objects.filter(pk=item.current_version_id).update(
                options=item.current_version.options[:2]
            ),
            id="options edited",
        ),
    ],
)
def test_every_change_a_start_depends_on_is_logged_for_the_bank(bank, change):
    item = bank.items.first()
    before = revision(bank)
    change(item)
    assert revision(bank) > before


def test_what_every_start_writes_logs_nothing(bank):
    before = revision(bank)
    Item.objects.filter(bank=bank).update(exposure_count=F("exposure_count") + 1)
    ItemVersion.objects.filter(item__bank=bank).update(is_locked=True)
    assert revision(bank) == before


def test_moving_an_item_is_logged_for_both_banks(bank, offering):
    other = make_bank(offering.program, size=0)
    before, other_before = revision(bank), revision(other)
    Item.objects.filter(pk=bank.items.first().pk).update(bank=other)
    assert revision(bank) > before
    assert revision(other) > other_before


def test_an_unchanged_bank_is_read_once(exam, django_assert_num_queries):
    drawable(exam)
    with django_assert_num_queries(1):  # only the banks' latest changes
        drawable(exam)


def test_a_retired_item_is_not_drawn_once_the_pool_was_cached(exam, bank):
    item = bank.items.first()
    assert item.pk in drawable(exam)

    retire_item(item)
    assert item.pk not in drawable(exam)

    Item.objects.filter(pk=item.pk).update(status=ItemStatus.ACTIVE)  # as the admin would
    assert item.pk in drawable(exam)


def test_a_new_active_item_and_a_changed_option_count_are_seen(exam, bank):
    drawable(exam)
    added = make_item(bank)
    assert added.pk in drawable(exam)

    version = added.current_version
    ItemVersion.objects.filter(pk=version.pk).update(options=version.options[:3])
    items, _exposure = pool.pool_for(exam)
    assert next(p for p in items if p.item_id == added.pk).option_count == 3


def test_own_draws_count_at_once_other_processes_after_the_refresh(exam, bank, settings):
    settings.EXAM_EXPOSURE_REFRESH_SECONDS = 3600
    first, second = bank.items.order_by("pk")[:2]
    _items, exposure = pool.pool_for(exam)
    assert exposure[first.pk] == 0

    pool.note_drawn([first.pk])
    Item.objects.filter(pk=second.pk).update(exposure_count=5)  # another process's draws
    _items, exposure = pool.pool_for(exam)
    assert (exposure[first.pk], exposure[second.pk]) == (1, 0)

    settings.EXAM_EXPOSURE_REFRESH_SECONDS = 0
    _items, exposure = pool.pool_for(exam)
    assert (exposure[first.pk], exposure[second.pk]) == (0, 5)  # the database's counts now


def test_starts_spread_over_the_bank_through_the_cached_exposure(exam, settings):
    settings.EXAM_EXPOSURE_REFRESH_SECONDS = 3600  # only this process's own counting
    drawn: list[int] = []
    for _n in range(2):
        enrollment = EnrollmentFactory(offering=exam.offering)
        attempt, created = start_attempt(
            exam, enrollment=enrollment, participant=enrollment.participant, now=timezone.now()
        )
        assert created
        drawn += [entry["item"] for entry in attempt.form]
    assert len(set(drawn)) == 6  # 2 forms of 3 from 6 items: the second avoids the first
    assert Attempt.objects.filter(status=AttemptStatus.OPEN).count() == 2


def test_a_bulk_statement_logs_each_bank_once_on_postgresql(bank, offering):
    """Imports and bulk updates touch thousands of items in one statement; PostgreSQL's
    statement-level triggers log one change per bank, never one per item."""
    from django.db import connection

    other = make_bank(offering.program, size=3)
    before = PoolChange.objects.count()
    Item.objects.filter(bank__in=[bank, other]).update(difficulty="sulit")
    logged = PoolChange.objects.count() - before
    items = Item.objects.filter(bank__in=[bank, other]).count()
    assert logged == (2 if connection.vendor == "postgresql" else items)


def test_a_bank_with_items_can_be_deleted(bank, exam):
    exam.delete()
    bank.delete()  # its items' deletions log changes as they go: no constraint to trip
    assert not ItemBank.objects.filter(pk=bank.pk).exists()

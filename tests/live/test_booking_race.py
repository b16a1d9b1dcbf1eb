"""Simultaneous bookings cannot overbook a slot (real threads against PostgreSQL).

The in-memory SQLite test database cannot be shared by threads, so there these are skipped;
the conditional UPDATE they exercise is the same SQL on both databases.
"""

from __future__ import annotations

from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.live.choices import BookingStatus
from bangkom.live.coaching import book_slot
from bangkom.live.errors import AlreadyBooked, SlotFull
from bangkom.live.models import CoachingBooking, CoachingSlot
from tests.accounts.factories import UserFactory
from tests.concurrency import POSTGRES_ONLY, run_in_parallel
from tests.live.factories import CoachingSlotFactory

pytestmark = POSTGRES_ONLY


def test_ten_parallel_bookings_of_a_one_to_one_slot_give_exactly_one_booking():
    slot = CoachingSlotFactory(capacity=1)
    participants = [UserFactory(roles=[Role.PESERTA]) for _ in range(10)]

    results = run_in_parallel(
        10,
        lambda i: (
            book_slot(
                CoachingSlot.objects.get(pk=slot.pk),
                participant=participants[i],
                now=timezone.now(),
            ).pk
        ),
    )

    winners = [r for r in results if isinstance(r, int)]
    assert len(winners) == 1
    assert all(isinstance(r, SlotFull) for r in results if not isinstance(r, int))
    slot.refresh_from_db()
    assert slot.booked_count == 1
    assert CoachingBooking.objects.filter(slot=slot, status=BookingStatus.BOOKED).count() == 1


def test_one_participant_clicking_ten_times_on_a_group_slot_holds_one_seat():
    slot = CoachingSlotFactory(capacity=5)
    participant = UserFactory(roles=[Role.PESERTA])

    results = run_in_parallel(
        10,
        lambda _i: (
            book_slot(
                CoachingSlot.objects.get(pk=slot.pk), participant=participant, now=timezone.now()
            ).pk
        ),
    )

    assert len([r for r in results if isinstance(r, int)]) == 1
    assert all(isinstance(r, AlreadyBooked) for r in results if not isinstance(r, int))
    slot.refresh_from_db()
    assert slot.booked_count == 1

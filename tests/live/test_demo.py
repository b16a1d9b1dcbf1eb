"""The live demo (issue 7 item 6): sessions across zones, a Friday-noon warning, slots and
bookings, idempotent."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bangkom.accounts.demo import seed_demo_world
from bangkom.learning.demo import ENROLLED_NIP
from bangkom.live.choices import BookingStatus
from bangkom.live.demo import seed_live_demo
from bangkom.live.models import CoachingBooking, LiveSession
from bangkom.live.scheduling import FRIDAY_PRAYER
from tests.conftest import logged_in_client

NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # a Wednesday, 11.00 WIB
STEP = "bangkom.live.demo.seed_live_demo"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One seeded world for the module, rolled back after."""
    with django_db_blocker.unblock():
        from django.db import connection, transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield seed_demo_world(employees=300, now=NOW)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


@pytest.mark.django_db
def test_demo_world_runs_the_live_step_and_it_is_idempotent(world):
    summary = world.later[STEP]
    assert summary["sessions"] >= 3
    assert summary["slots"] == 4
    assert summary["bookings"] >= 2
    assert seed_live_demo(now=NOW) == {"sessions": 0, "slots": 0, "bookings": 0}


@pytest.mark.django_db
def test_demo_friday_noon_session_shows_the_friday_warning(world):
    session = LiveSession.objects.filter(title__contains="Jumat").first()
    local = session.starts_at.astimezone(ZoneInfo("Asia/Jakarta"))
    assert (local.weekday(), local.hour, local.minute) == (4, 11, 45)
    page = logged_in_client(session.host).get(reverse("live:session-detail", args=[session.pk]))
    assert f'data-warning="{FRIDAY_PRAYER}"' in page.content.decode()


@pytest.mark.django_db
def test_demo_has_a_wit_participant_with_a_booking(world):
    wit = [
        b
        for b in CoachingBooking.objects.filter(status=BookingStatus.BOOKED).select_related(
            "participant__employee__institution"
        )
        if b.participant.time_zone_name == "Asia/Jayapura"
    ]
    assert wit
    assert CoachingBooking.objects.filter(participant__nip=ENROLLED_NIP).count() == 2

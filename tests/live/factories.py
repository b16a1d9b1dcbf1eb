"""Factories of the live context: sessions, coaching slots and bookings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bangkom.accounts.choices import Role
from bangkom.live.choices import BookingStatus, CoachingKind, SessionStatus
from bangkom.live.models import CoachingBooking, CoachingSlot, LiveSession
from tests.accounts.factories import InstitutionFactory, UserFactory
from tests.curriculum.factories import OfferingFactory, SubjectFactory

# Province codes by zone (DOMAIN.md §5.1): Jawa Barat WIB, Sulawesi Selatan WITA, Papua WIT.
WIB_PROVINCE, WITA_PROVINCE, WIT_PROVINCE = "32", "73", "91"


def utc(*args: int) -> datetime:
    """An aware UTC instant: utc(2026, 11, 27, 4, 30)."""
    return datetime(*args, tzinfo=UTC)


def participant_in(province_code: str, **kwargs: object):
    institution = InstitutionFactory(
        code=f"inst-prov-{province_code}",
        name=f"Pemerintah Provinsi Kode {province_code}",
        province_code=province_code,
    )
    return UserFactory(institution=institution, roles=[Role.PESERTA], **kwargs)


class LiveSessionFactory(DjangoModelFactory):
    class Meta:
        model = LiveSession

    offering = factory.SubFactory(OfferingFactory)
    subject = factory.SubFactory(
        SubjectFactory, program=factory.SelfAttribute("..offering.program")
    )
    title = factory.Sequence(lambda n: f"Sesi tanya jawab {n}")
    status = SessionStatus.CONFIRMED
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    meeting_url = "https://zoom.us/j/123456789"
    host = factory.SubFactory(UserFactory, roles=[Role.PENGELOLA])
    facilitator = None


class CoachingSlotFactory(DjangoModelFactory):
    class Meta:
        model = CoachingSlot

    coach = factory.SubFactory(UserFactory, roles=[Role.COACH])
    kind = CoachingKind.COACHING
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    capacity = 1
    meeting_url = "https://meet.example.go.id/coaching"


class CoachingBookingFactory(DjangoModelFactory):
    """A booking row; use ``coaching.book_slot`` where the seat count matters."""

    class Meta:
        model = CoachingBooking

    slot = factory.SubFactory(CoachingSlotFactory, booked_count=1)
    participant = factory.SubFactory(UserFactory, roles=[Role.PESERTA])
    status = BookingStatus.BOOKED
    booked_at = factory.LazyFunction(timezone.now)

"""Coaching and mentoring: publishing, booking rules, cancelling, notes, learning activity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.live.choices import BookingStatus, CoachingKind
from bangkom.live.coaching import book_slot, cancel_booking
from bangkom.live.errors import AlreadyBooked, BookingClosed, SlotFull
from bangkom.live.models import CoachingBooking, CoachingSlot
from bangkom.live.queries import coaching_activities_for
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory
from tests.live.factories import WIT_PROVINCE, CoachingSlotFactory, participant_in, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot(coach):
    return CoachingSlotFactory(coach=coach)


def another_participant():
    return UserFactory(roles=[Role.PESERTA])


def test_coach_publishes_a_slot_in_their_own_zone(coach):
    client = logged_in_client(coach)
    response = client.post(
        reverse("live:slot-create"),
        {
            "kind": CoachingKind.MENTORING,
            "starts_at": "2030-03-04T09:00",
            "ends_at": "2030-03-04T10:00",
            "capacity": 3,
            "offering": "",
            "location": "Ruang 2",
            "meeting_url": "https://meet.example.go.id/m",
        },
    )
    slot = CoachingSlot.objects.get()
    assert response.status_code == 302
    assert slot.starts_at == utc(2030, 3, 4, 2)  # 09.00 WIB
    assert slot.form_code == "NKL02"
    assert slot.capacity == 3


def slot_post(offering, subject):
    return {
        "kind": CoachingKind.COACHING,
        "starts_at": "2030-03-04T09:00",
        "ends_at": "2030-03-04T10:00",
        "capacity": 1,
        "offering": offering.pk,
        "subject": subject.pk,
    }


def test_a_slot_is_published_for_a_subject_of_its_offering_only(coach):
    from tests.curriculum.factories import SubjectFactory

    offering = OfferingFactory(running=True)
    subject = SubjectFactory(program=offering.program, title="Kepemimpinan Pancasila")
    foreign = SubjectFactory(title="Subjek program lain")
    client = logged_in_client(coach)

    form_page = client.get(reverse("live:slot-create")).content.decode()
    refused = client.post(reverse("live:slot-create"), slot_post(offering, foreign))
    published = client.post(reverse("live:slot-create"), slot_post(offering, subject))

    assert f"{offering.program.title} — Kepemimpinan Pancasila" in form_page
    assert 'data-field-error="subject"' in refused.content.decode()
    assert published.status_code == 302
    assert CoachingSlot.objects.get().subject == subject


def test_a_slot_in_the_past_is_refused(coach):
    response = logged_in_client(coach).post(
        reverse("live:slot-create"),
        {
            "kind": CoachingKind.COACHING,
            "starts_at": "2020-03-04T09:00",
            "ends_at": "2020-03-04T10:00",
            "capacity": 1,
        },
    )
    assert response.status_code == 200
    assert 'data-field-error="starts_at"' in response.content.decode()
    assert not CoachingSlot.objects.exists()


def test_participant_books_and_both_sides_are_notified(slot, peserta, coach):
    response = logged_in_client(peserta).post(
        reverse("live:slot-book", args=[slot.pk]), {"topic": "Rencana aksi perubahan"}
    )
    booking = CoachingBooking.objects.get()
    slot.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("live:booking-detail", args=[booking.pk])
    assert slot.booked_count == 1
    assert booking.topic == "Rencana aksi perubahan"
    kinds = set(Notification.objects.values_list("user_id", "kind"))
    assert kinds == {
        (peserta.pk, NotificationKind.COACHING_BOOKING),
        (coach.pk, NotificationKind.COACHING_BOOKING),
    }


def test_a_full_one_to_one_slot_refuses_a_second_participant_with_a_message(slot, peserta):
    book_slot(slot, participant=another_participant(), now=timezone.now())
    client = logged_in_client(peserta)

    response = client.post(reverse("live:slot-book", args=[slot.pk]), follow=True)

    assert "Slot ini sudah penuh" in response.content.decode()
    assert CoachingBooking.objects.count() == 1
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_the_same_participant_cannot_book_a_slot_twice(coach, peserta):
    group = CoachingSlotFactory(coach=coach, capacity=3)
    client = logged_in_client(peserta)
    client.post(reverse("live:slot-book", args=[group.pk]))

    response = client.post(reverse("live:slot-book", args=[group.pk]), follow=True)

    assert "Anda sudah memesan slot ini" in response.content.decode()
    group.refresh_from_db()
    assert group.booked_count == 1
    with pytest.raises(AlreadyBooked):
        book_slot(group, participant=peserta, now=timezone.now())


def test_the_database_refuses_a_second_active_booking_of_one_participant(slot, peserta):
    book_slot(CoachingSlotFactory(capacity=2), participant=peserta, now=timezone.now())
    booking = CoachingBooking.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingBooking.objects.create(
            slot=booking.slot, participant=peserta, booked_at=timezone.now()
        )


def test_the_database_refuses_overbooking(slot):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingSlot.objects.filter(pk=slot.pk).update(booked_count=2)


def test_group_slot_takes_exactly_its_capacity(coach):
    group = CoachingSlotFactory(coach=coach, capacity=3)
    now = timezone.now()
    for _ in range(3):
        book_slot(group, participant=another_participant(), now=now)
    with pytest.raises(SlotFull):
        book_slot(group, participant=another_participant(), now=now)
    group.refresh_from_db()
    assert group.booked_count == 3


def test_cancel_before_the_start_frees_the_seat_and_tells_the_coach(slot, peserta, coach):
    booking = book_slot(slot, participant=peserta, now=timezone.now())
    response = logged_in_client(peserta).post(reverse("live:booking-cancel", args=[booking.pk]))
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert response.status_code == 302
    assert booking.status == BookingStatus.CANCELLED
    assert slot.booked_count == 0
    assert Notification.objects.filter(user=coach, event_key__endswith=":cancelled").exists()
    # the seat can be booked again, by the same participant too
    book_slot(slot, participant=peserta, now=timezone.now())


def test_cancel_after_the_start_is_refused(slot, peserta):
    booking = book_slot(slot, participant=peserta, now=timezone.now())
    with pytest.raises(BookingClosed):
        cancel_booking(booking, by=peserta, now=slot.starts_at + timedelta(minutes=1))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_cancelling_twice_frees_only_one_seat(coach, peserta):
    group = CoachingSlotFactory(coach=coach, capacity=2)
    book_slot(group, participant=another_participant(), now=timezone.now())
    booking = book_slot(group, participant=peserta, now=timezone.now())
    cancel_booking(booking, by=peserta, now=timezone.now())
    with pytest.raises(BookingClosed):
        cancel_booking(booking, by=peserta, now=timezone.now())
    group.refresh_from_db()
    assert group.booked_count == 1


def test_coach_cancelling_a_slot_cancels_and_notifies_its_participants(slot, peserta, coach):
    booking = book_slot(slot, participant=peserta, now=timezone.now())
    logged_in_client(coach).post(reverse("live:slot-cancel", args=[slot.pk]))
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert slot.is_cancelled
    assert Notification.objects.filter(user=peserta, event_key__endswith=":cancelled").exists()


def test_past_slot_cannot_be_booked(coach, peserta):
    past = CoachingSlotFactory(coach=coach, starts_at=timezone.now() - timedelta(hours=2))
    response = logged_in_client(peserta).post(
        reverse("live:slot-book", args=[past.pk]), follow=True
    )
    assert "tidak dapat dipesan" in response.content.decode()
    assert not CoachingBooking.objects.exists()


def test_offering_slot_is_only_for_its_participants(coach, peserta):
    offering = OfferingFactory()
    restricted = CoachingSlotFactory(coach=coach, offering=offering)
    client = logged_in_client(peserta)

    assert 'data-testid="slot"' not in client.get(reverse("live:slot-list")).content.decode()
    assert client.post(reverse("live:slot-book", args=[restricted.pk])).status_code == 404

    EnrollmentFactory(participant=peserta, offering=offering)
    assert 'data-testid="slot"' in client.get(reverse("live:slot-list")).content.decode()
    assert client.post(reverse("live:slot-book", args=[restricted.pk])).status_code == 302


def test_others_bookings_are_404(slot, peserta, peserta_lain, widyaiswara):
    booking = book_slot(slot, participant=peserta, now=timezone.now())
    for outsider in (peserta_lain, widyaiswara):
        client = logged_in_client(outsider)
        assert client.get(reverse("live:booking-detail", args=[booking.pk])).status_code == 404
        assert client.post(reverse("live:booking-cancel", args=[booking.pk])).status_code == 404
        assert client.get(reverse("live:booking-ics", args=[booking.pk])).status_code == 404
    assert (
        logged_in_client(widyaiswara)
        .post(reverse("live:booking-notes", args=[booking.pk]), {"notes": "x"})
        .status_code
        == 404
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_another_coach_cannot_see_or_cancel_my_slot(slot):
    other_coach = UserFactory(roles=[Role.COACH])
    client = logged_in_client(other_coach)
    assert client.get(reverse("live:slot-detail", args=[slot.pk])).status_code == 404
    assert client.post(reverse("live:slot-cancel", args=[slot.pk])).status_code == 404


def test_coach_notes_are_shown_to_the_participant_and_notified_once(slot, peserta, coach):
    booking = book_slot(slot, participant=peserta, now=timezone.now())
    coach_client = logged_in_client(coach)
    data = {"notes": "Fokus pada **indikator kinerja**.", "follow_up": "Kirim draf rencana aksi."}

    coach_client.post(reverse("live:booking-notes", args=[booking.pk]), data)
    coach_client.post(reverse("live:booking-notes", args=[booking.pk]), data)  # a retry

    page = logged_in_client(peserta).get(reverse("live:booking-detail", args=[booking.pk]))
    body = page.content.decode()
    assert "<strong>indikator kinerja</strong>" in body
    assert "Kirim draf rencana aksi." in body
    assert "Simpan catatan" not in body  # the participant cannot edit them
    assert Notification.objects.filter(user=peserta, event_key__contains=":notes:").count() == 1


def test_notes_are_sanitised(slot, peserta, coach):
    booking = book_slot(slot, participant=peserta, now=timezone.now())
    logged_in_client(coach).post(
        reverse("live:booking-notes", args=[booking.pk]),
        {"notes": "<script>alert(1)</script>Baik", "follow_up": ""},
    )
    booking.refresh_from_db()
    assert "<script" not in booking.notes_html


def test_booking_page_shows_the_time_in_the_participants_zone(coach):
    participant = participant_in(WIT_PROVINCE)
    slot = CoachingSlotFactory(coach=coach, starts_at=utc(2030, 3, 4, 3))  # 10.00 WIB
    booking = book_slot(slot, participant=participant, now=timezone.now())
    page = logged_in_client(participant).get(reverse("live:booking-detail", args=[booking.pk]))
    assert "04-03-2030 12.00 WIT" in page.content.decode()


def test_held_bookings_count_as_nkl01_and_nkl02_learning_activities(coach, peserta):
    now = timezone.now()
    coaching = CoachingSlotFactory(coach=coach, starts_at=now + timedelta(hours=1))
    mentoring = CoachingSlotFactory(
        coach=coach, kind=CoachingKind.MENTORING, starts_at=now + timedelta(hours=3)
    )
    future = CoachingSlotFactory(coach=coach, starts_at=now + timedelta(days=3))
    cancelled = CoachingSlotFactory(coach=coach, starts_at=now + timedelta(hours=5))
    for s in (coaching, mentoring, future, cancelled):
        book_slot(s, participant=peserta, now=now)
    cancel_booking(CoachingBooking.objects.get(slot=cancelled), by=peserta, now=now)

    later = now + timedelta(days=1)
    activities = coaching_activities_for(peserta, now=later)

    assert [(a.form_code, a.duration_minutes, a.coach_name) for a in activities] == [
        ("NKL01", 60, coach.name),
        ("NKL02", 60, coach.name),
    ]


def test_slot_list_queries_stay_flat(coach, peserta, django_assert_max_num_queries):
    for hour in range(10):
        CoachingSlotFactory(coach=coach, starts_at=timezone.now() + timedelta(hours=hour + 1))
    client = logged_in_client(peserta)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("live:slot-list"))
    assert response.content.decode().count('data-testid="slot"') == 10

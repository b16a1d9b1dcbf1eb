"""Browser: a participant in a WIT institution (Papua) sees a 10.00 WIB live session as
12.00 WIT, books a coaching slot, and finds the booking's notification in the notification
centre (issue 7)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bangkom.accounts.choices import Role
from bangkom.live.choices import BookingStatus
from bangkom.live.models import CoachingBooking
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.curriculum.factories import SubjectFactory
from tests.learning.factories import EnrollmentFactory
from tests.live.factories import (
    WIB_PROVINCE,
    WIT_PROVINCE,
    CoachingSlotFactory,
    LiveSessionFactory,
    participant_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIB = ZoneInfo("Asia/Jakarta")


def next_monday_at_10_wib():
    today = timezone.now().astimezone(WIB).date()
    monday = today + timedelta(days=(7 - today.weekday()) or 7)
    return datetime.combine(monday, time(10), tzinfo=WIB)


def test_wit_participant_sees_wit_time_books_coaching_and_is_notified(page):
    participant = participant_in(WIT_PROVINCE, name="Yohana Wenda")
    enrollment = EnrollmentFactory(participant=participant)
    starts_at = next_monday_at_10_wib()
    session = LiveSessionFactory(
        offering=enrollment.offering,
        title="Sesi tanya jawab kebijakan daerah",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )
    coach = UserFactory(roles=[Role.COACH], name="Dewi Lestari")
    CoachingSlotFactory(coach=coach, starts_at=starts_at + timedelta(days=1))

    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(participant.nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Selamat datang").wait_for()

    # the home page links to the sessions; the session shows in the participant's WIT time
    page.get_by_role("link", name="Sesi & coaching").first.click()
    row = page.get_by_test_id("session-row").filter(has_text=session.title)
    expect(row).to_contain_text("12.00 WIT")
    row.get_by_role("link", name=session.title).click()
    expect(page.get_by_test_id("session-time")).to_contain_text("12.00 WIT")

    # book the coach's slot
    page.goto("/sesi/")
    page.get_by_test_id("coaching-link").click()
    slot_card = page.get_by_test_id("slot").filter(has_text="Dewi Lestari")
    expect(slot_card).to_contain_text("WIT")
    slot_card.get_by_label("Topik yang ingin dibahas").fill("Rencana aksi perubahan")
    slot_card.get_by_test_id("book-slot").click()
    expect(page.get_by_test_id("booking-status")).to_have_text("Dipesan")
    expect(page.get_by_test_id("booking-time")).to_contain_text("WIT")
    booking = CoachingBooking.objects.get(participant=participant)
    assert booking.status == BookingStatus.BOOKED

    # the notification centre has the booking confirmation, counted in the header badge
    expect(page.get_by_test_id("notification-count")).to_have_text("1")
    page.get_by_test_id("nav-notifications").click()
    notification = page.get_by_test_id("notification").first
    expect(notification).to_contain_text("Pemesanan Coaching terkonfirmasi")


def test_manager_sees_the_friday_warning_and_takes_the_suggested_time(page):
    manager = UserFactory(roles=[Role.PENGELOLA], name="Siti Pengelola")
    enrollment = EnrollmentFactory(participant=participant_in(WIB_PROVINCE))
    offering = enrollment.offering
    subject = SubjectFactory(program=offering.program, title="Kepemimpinan Pancasila")
    today = timezone.now().astimezone(WIB).date()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)

    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(manager.nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Selamat datang").wait_for()

    page.goto(f"/sesi/angkatan/{offering.pk}/baru/")
    page.get_by_label("Mata pelatihan").select_option(str(subject.pk))
    page.get_by_label("Judul sesi").fill("Klinik Jumat")
    page.get_by_label("Tautan rapat daring (Zoom atau lainnya)").fill("https://zoom.us/j/1")
    page.get_by_label("Mulai", exact=True).fill(f"{friday:%Y-%m-%d}T11:45")
    page.get_by_label("Selesai", exact=True).fill(f"{friday:%Y-%m-%d}T12:45")
    page.get_by_label("Selesai", exact=True).dispatch_event("change")

    check = page.get_by_test_id("schedule-check")
    expect(check.get_by_test_id("zone-WIB")).to_contain_text("12.45 WIB")
    expect(check.locator('[data-warning="friday_prayer"]')).to_be_visible()
    page.get_by_test_id("use-suggestion").click()
    expect(page.get_by_label("Mulai", exact=True)).to_have_value(f"{friday:%Y-%m-%d}T13:00")
    expect(page.get_by_label("Selesai", exact=True)).to_have_value(f"{friday:%Y-%m-%d}T14:00")
    expect(check).to_contain_text("Tidak ada peringatan")

    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("session-time")).to_contain_text("13.00 WIB")

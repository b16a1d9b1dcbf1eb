"""Browser: the header badge counts unread notifications; opening one marks it read and goes
to its page; "tandai semua dibaca" clears the badge (issue 7 item 5)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import DEFAULT_PASSWORD
from tests.notifications.factories_notifications import NotificationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_participant_reads_notifications_and_the_badge_follows(page, peserta):
    NotificationFactory(
        user=peserta, title="Pendaftaran Anda disetujui", url="/notifikasi/preferensi/"
    )
    NotificationFactory.create_batch(2, user=peserta)

    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(peserta.nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("notification-count")).to_have_text("3")

    page.get_by_test_id("nav-notifications").click()
    expect(page.get_by_test_id("notification")).to_have_count(3)
    page.get_by_role("link", name="Pendaftaran Anda disetujui").click()
    page.wait_for_url("**/notifikasi/preferensi/")
    expect(page.get_by_test_id("notification-count")).to_have_text("2")

    page.get_by_test_id("nav-notifications").click()
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_test_id("nav-notifications")).to_be_visible()
    expect(page.get_by_test_id("notification-count")).to_have_count(0)
    expect(page.locator('[data-testid="notification"][data-unread="1"]')).to_have_count(0)

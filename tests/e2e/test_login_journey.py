"""Browser: open the site, log in as the demo participant, read the Indonesian home page,
switch to English, log out (foundation issue)."""

from __future__ import annotations

import pytest

from bangkom.accounts.demo import DEMO_ACCOUNTS, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_participant_logs_in_switches_language_and_logs_out(page):
    from django.utils import timezone

    seed_demo(employees=30, now=timezone.now())
    participant = next(a for a in DEMO_ACCOUNTS if a.role == "peserta")

    page.goto("/")
    assert page.url.endswith("/akun/masuk/?next=/")
    page.get_by_label("NIP").fill(participant.nip)
    page.get_by_label("Kata sandi").fill(participant.password)
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("heading", name="Selamat datang").wait_for()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_text("Profil saya").first.is_visible()

    page.get_by_test_id("language-en").click()
    page.get_by_role("heading", name="Welcome").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_test_id("logout").click()
    page.wait_for_url("**/akun/masuk/")
    page.goto("/")
    assert "/akun/masuk/" in page.url

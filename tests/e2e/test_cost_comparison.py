"""Browser: a manager opens the cost comparison, changes participants to 300, and sees
both totals and the chart update without a page reload (finance issue)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bangkom.accounts.choices import Role
from bangkom.finance.builtin import ensure_builtin_template
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_changes_participants_and_totals_and_chart_update(page):
    # live_server with transaction=True empties the tables, data migration rows included.
    ensure_builtin_template()
    manager = UserFactory(roles=[Role.PENGELOLA])

    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(manager.nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Selamat datang").wait_for()
    page.get_by_role("link", name="Perbandingan biaya SMART vs konvensional").click()

    page.get_by_role("heading", name="Perbandingan biaya SMART vs konvensional").wait_for()
    conventional = page.get_by_test_id("total-conventional")
    smart_per_participant = page.get_by_test_id("per-participant-smart")
    canvas = page.get_by_test_id("cost-chart")
    assert conventional.inner_text() == "Rp 91.829.000"
    assert page.get_by_test_id("total-smart").inner_text() == "Rp 13.731.988"
    assert smart_per_participant.inner_text() == "Rp 457.733"
    expect(canvas).to_have_attribute("data-participants", "30")  # drawn by cost_chart.js
    url_before = page.url
    page.evaluate("() => { window.__notReloaded = true; }")

    participants = page.get_by_label(re.compile("^Jumlah peserta"))
    participants.fill("")
    participants.press_sequentially("300")  # keyup events, as a person typing

    expect(conventional).to_have_text("Rp 576.479.000")  # waits for the HTMX swap
    assert page.get_by_test_id("total-smart").inner_text() == "Rp 13.731.988"
    assert page.get_by_test_id("per-participant-conventional").inner_text() == "Rp 1.921.597"
    assert smart_per_participant.inner_text() == "Rp 45.773"
    expect(canvas).to_have_attribute("data-participants", "300")  # the chart was redrawn
    assert page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas.cost-chart')) !== undefined"
    )
    assert page.evaluate("() => window.__notReloaded") is True  # swapped by HTMX, not reloaded
    assert "participants=300" in page.url  # hx-push-url: the address can be shared
    assert page.url != url_before

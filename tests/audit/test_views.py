"""Audit pages: admins browse, filter and export the log; a person sees the entries about
themselves; nobody else reads it and no route changes it."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts import policy
from bangkom.accounts.choices import Role
from bangkom.audit.log import record
from bangkom.audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

LOG = reverse("audit:log")
XLSX = reverse("audit:log-xlsx")
MINE = reverse("audit:mine")


@pytest.fixture
def entries(peserta, peserta_lain, pengelola, admin_user):
    return {
        "graded": record(
            "assignment.graded", actor=pengelola, target=peserta, subject=peserta, data={"s": 1}
        ),
        "revoked": record(
            "certificate.revoked",
            actor=admin_user,
            target=peserta_lain,
            subject=peserta_lain,
            summary="<script>alert(1)</script>",
        ),
        "login": record("auth.login", actor=peserta, target=peserta, subject=peserta),
    }


def seqs_on_page(response) -> list[int]:
    return [entry.seq for entry in response.context["page"]]


def test_admin_sees_the_newest_entries_first(admin_user, entries):
    response = logged_in_client(admin_user).get(LOG)

    assert response.status_code == 200
    shown = seqs_on_page(response)
    assert shown == sorted(shown, reverse=True)
    assert {e.seq for e in entries.values()} <= set(shown)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "certificate.revoked"}, ["revoked"]),
        ({"target_type": "accounts.user", "action": "certificate.revoked"}, ["revoked"]),
        ({"action": "assignment.graded"}, ["graded"]),
    ],
)
def test_admin_filters_by_action_and_target_type(admin_user, entries, query, expected):
    response = logged_in_client(admin_user).get(LOG, query)

    assert seqs_on_page(response) == [entries[name].seq for name in expected]


def test_admin_filters_by_actor_and_subject_nip(admin_user, pengelola, peserta, entries):
    client = logged_in_client(admin_user)

    by_actor = client.get(LOG, {"actor_nip": pengelola.nip})
    about = client.get(LOG, {"subject_nip": peserta.nip, "action": "assignment.graded"})

    assert seqs_on_page(by_actor) == [entries["graded"].seq]
    assert seqs_on_page(about) == [entries["graded"].seq]


def test_admin_filters_by_date_range_in_their_own_zone(admin_user, entries):
    client = logged_in_client(admin_user)
    today = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(7 * 60)).date()

    todays = client.get(LOG, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    tomorrow = client.get(LOG, {"date_from": (today + timedelta(days=1)).isoformat()})

    assert set(seqs_on_page(todays)) >= {e.seq for e in entries.values()}
    assert seqs_on_page(tomorrow) == []


def test_a_reversed_date_range_is_shown_as_a_form_error(admin_user, entries):
    response = logged_in_client(admin_user).get(
        LOG, {"date_from": "2026-11-29", "date_to": "2026-11-01"}
    )

    assert response.status_code == 200
    assert "Tanggal akhir tidak boleh sebelum tanggal awal" in response.content.decode()


def test_text_in_entries_is_escaped(admin_user, entries):
    html = logged_in_client(admin_user).get(LOG).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_log_page_costs_a_fixed_number_of_queries(
    admin_user, entries, django_assert_max_num_queries
):
    client = logged_in_client(admin_user)
    for i in range(30):
        record("test.event", actor=admin_user, summary=f"#{i}")

    with django_assert_max_num_queries(12):
        client.get(LOG)


def test_the_export_holds_the_same_entries_as_the_screen(admin_user, pengelola, entries):
    client = logged_in_client(admin_user)
    query = {"actor_nip": pengelola.nip}

    screen = client.get(LOG, query)
    export = client.get(XLSX, query)

    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Waktu (UTC)", "Tindakan")
    assert [row[0] for row in rows[1:]] == seqs_on_page(screen)
    graded = entries["graded"]
    assert rows[1][2] == "assignment.graded"
    assert rows[1][4] == pengelola.nip
    assert rows[1][-1] == graded.entry_hash


def test_the_export_cannot_be_turned_into_a_formula(admin_user):
    record("test.event", actor=admin_user, summary='=HYPERLINK("http://x")')

    export = logged_in_client(admin_user).get(XLSX, {"action": ""})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    summaries = [row[11] for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert '\'=HYPERLINK("http://x")' in summaries


def test_a_participant_sees_only_the_entries_about_themselves(peserta, entries):
    response = logged_in_client(peserta).get(MINE)

    assert response.status_code == 200
    shown = seqs_on_page(response)
    assert entries["graded"].seq in shown
    assert entries["login"].seq in shown
    assert entries["revoked"].seq not in shown
    assert all(AuditEntry.objects.get(seq=s).subject_id == peserta.pk for s in shown)


@pytest.mark.parametrize(
    "role", [Role.PESERTA, Role.PIMPINAN, Role.WIDYAISWARA, Role.COACH, Role.PENGELOLA]
)
def test_only_admins_open_the_log_and_its_export(role):
    client = logged_in_client(UserFactory(roles=[role]))

    assert client.get(LOG).status_code == 403
    assert client.get(XLSX).status_code == 403


def test_every_role_opens_its_own_page(personas):
    for user in personas.values():
        assert logged_in_client(user).get(MINE).status_code == 200


def test_anonymous_visitors_are_sent_to_login():
    from django.test import Client

    for url in (LOG, XLSX, MINE):
        assert Client().get(url).status_code == 302


def test_no_route_changes_the_log(admin_user, entries):
    client = logged_in_client(admin_user)
    before = list(AuditEntry.objects.values_list("seq", "entry_hash"))

    for url in (LOG, XLSX, MINE):
        assert client.post(url, {"summary": "x"}).status_code in (403, 405)

    assert list(AuditEntry.objects.values_list("seq", "entry_hash")) == before


def test_home_pages_link_the_log_for_admins_and_my_entries_for_participants(admin_user, peserta):
    assert LOG in logged_in_client(admin_user).get(reverse("home")).content.decode()
    assert MINE in logged_in_client(peserta).get(reverse("home")).content.decode()


def test_the_routes_are_in_the_policy_table():
    for name in ("audit:log", "audit:log-xlsx", "audit:mine"):
        assert policy.rule_for(name) is not None

"""Live sessions through their pages: time zones, scoping, join, planning, cancelling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.learning.choices import EnrollmentStatus
from bangkom.live.choices import HostMark, SessionStatus
from bangkom.live.models import LiveSession, SessionAttendance
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.learning.factories import EnrollmentFactory
from tests.live.factories import (
    WIB_PROVINCE,
    WIT_PROVINCE,
    WITA_PROVINCE,
    CoachingBookingFactory,
    LiveSessionFactory,
    participant_in,
    utc,
)

pytestmark = pytest.mark.django_db

# Monday 11 January 2027, 03.00 UTC = 10.00 WIB = 11.00 WITA = 12.00 WIT.
MONDAY_10_WIB = utc(2027, 1, 11, 3)
FRIDAY_1145_WIB = utc(2027, 1, 8, 4, 45)


@pytest.fixture
def offering():
    return OfferingFactory()


@pytest.fixture
def session(offering):
    return LiveSessionFactory(
        offering=offering,
        starts_at=MONDAY_10_WIB,
        ends_at=MONDAY_10_WIB + timedelta(hours=1),
        title="Sesi tanya jawab kebijakan",
    )


def enrol(user, offering):
    return EnrollmentFactory(participant=user, offering=offering)


@pytest.mark.parametrize(
    ("province", "shown"),
    [(WIB_PROVINCE, "10.00 WIB"), (WITA_PROVINCE, "11.00 WITA"), (WIT_PROVINCE, "12.00 WIT")],
)
def test_the_same_session_is_shown_in_each_participants_own_zone(session, province, shown):
    user = participant_in(province)
    enrol(user, session.offering)
    client = logged_in_client(user)

    detail = client.get(reverse("live:session-detail", args=[session.pk])).content.decode()
    listing = client.get(reverse("live:my-sessions")).content.decode()

    assert f"11-01-2027 {shown}" in detail
    assert "Senin" in detail  # the day name, in the participant's zone
    assert shown in listing


def test_a_participants_own_zone_choice_overrides_the_institutions(session):
    user = participant_in(WIB_PROVINCE, time_zone="Asia/Jayapura")
    enrol(user, session.offering)
    detail = logged_in_client(user).get(reverse("live:session-detail", args=[session.pk]))
    assert "12.00 WIT" in detail.content.decode()


def test_session_page_shows_every_participant_zone(session):
    for province in (WIB_PROVINCE, WIT_PROVINCE):
        enrol(participant_in(province), session.offering)
    viewer = participant_in(WITA_PROVINCE)
    enrol(viewer, session.offering)
    page = logged_in_client(viewer).get(reverse("live:session-detail", args=[session.pk]))
    body = page.content.decode()
    assert 'data-testid="zone-WIB"' in body
    assert 'data-testid="zone-WITA"' in body
    assert 'data-testid="zone-WIT"' in body


def test_participant_not_enrolled_gets_404(session, peserta):
    client = logged_in_client(peserta)
    assert client.get(reverse("live:session-detail", args=[session.pk])).status_code == 404
    assert client.post(reverse("live:session-join", args=[session.pk])).status_code == 404
    assert client.get(reverse("live:session-ics", args=[session.pk])).status_code == 404
    assert session.title not in client.get(reverse("live:my-sessions")).content.decode()


def test_pending_enrolment_does_not_show_the_session(session, peserta):
    EnrollmentFactory(
        participant=peserta, offering=session.offering, status=EnrollmentStatus.PENDING
    )
    client = logged_in_client(peserta)
    assert client.get(reverse("live:session-detail", args=[session.pk])).status_code == 404


def test_facilitator_sees_the_sessions_they_facilitate_only(session, widyaiswara):
    session.facilitator = widyaiswara
    session.save()
    other = LiveSessionFactory(title="Sesi fasilitator lain")
    client = logged_in_client(widyaiswara)

    listing = client.get(reverse("live:my-sessions")).content.decode()

    assert session.title in listing
    assert other.title not in listing
    assert client.get(reverse("live:session-detail", args=[other.pk])).status_code == 404


def test_join_records_the_first_click_and_redirects_to_the_meeting(session, peserta):
    enrol(peserta, session.offering)
    client = logged_in_client(peserta)

    first = client.post(reverse("live:session-join", args=[session.pk]))
    client.post(reverse("live:session-join", args=[session.pk]))

    assert first.status_code == 302
    assert first["Location"] == session.meeting_url
    attendance = SessionAttendance.objects.get(session=session, participant=peserta)
    assert attendance.joined_at is not None
    assert attendance.join_count == 2


def test_join_of_a_cancelled_session_is_refused(session, peserta):
    enrol(peserta, session.offering)
    session.status = SessionStatus.CANCELLED
    session.save()
    response = logged_in_client(peserta).post(reverse("live:session-join", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("live:session-detail", args=[session.pk])
    assert not SessionAttendance.objects.exists()


def test_join_by_get_changes_nothing(session, peserta):
    enrol(peserta, session.offering)
    response = logged_in_client(peserta).get(reverse("live:session-join", args=[session.pk]))
    assert response.status_code == 405
    assert not SessionAttendance.objects.exists()


def _form(offering, pengelola, **overrides):
    subject = SubjectFactory(program=offering.program)
    data = {
        "subject": subject.pk,
        "title": "Klinik kebijakan daerah",
        "status": SessionStatus.CONFIRMED,
        "starts_at": "2027-01-08T11:45",  # typed in the manager's zone (WIB)
        "ends_at": "2027-01-08T12:45",
        "meeting_url": "https://zoom.us/j/987654321",
        "host": pengelola.pk,
        "facilitator": "",
        "agenda_markdown": "1. Pembukaan\n2. **Tanya jawab**",
        "recording_url": "",
    }
    data.update(overrides)
    return data


def test_manager_plans_a_friday_noon_session_warned_but_not_blocked(offering, pengelola):
    participant = participant_in(WIT_PROVINCE)
    enrol(participant, offering)
    enrol(participant_in(WIB_PROVINCE), offering)
    client = logged_in_client(pengelola)

    response = client.post(
        reverse("live:session-create", args=[offering.pk]), _form(offering, pengelola)
    )

    session = LiveSession.objects.get()
    assert response.status_code == 302
    assert session.starts_at == FRIDAY_1145_WIB
    assert "<strong>Tanya jawab</strong>" in session.agenda_html
    detail = client.get(reverse("live:session-detail", args=[session.pk])).content.decode()
    assert 'data-warning="friday_prayer"' in detail
    assert "Jumat, 08-01-2027 13.45 WIT" in detail
    # the participant heard of the confirmed session once
    assert (
        Notification.objects.filter(user=participant, kind=NotificationKind.LIVE_SESSION).count()
        == 1
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.go.id/x"])
def test_meeting_url_must_be_http_or_https(offering, pengelola, url):
    response = logged_in_client(pengelola).post(
        reverse("live:session-create", args=[offering.pk]),
        _form(offering, pengelola, meeting_url=url),
    )
    assert response.status_code == 200
    assert 'data-field-error="meeting_url"' in response.content.decode()
    assert not LiveSession.objects.exists()


def test_host_must_be_a_manager(offering, pengelola, peserta):
    response = logged_in_client(pengelola).post(
        reverse("live:session-create", args=[offering.pk]),
        _form(offering, pengelola, host=peserta.pk),
    )
    assert response.status_code == 200
    assert not LiveSession.objects.exists()


def test_session_must_end_after_it_starts(offering, pengelola):
    response = logged_in_client(pengelola).post(
        reverse("live:session-create", args=[offering.pk]),
        _form(offering, pengelola, ends_at="2027-01-08T11:00"),
    )
    assert 'data-field-error="ends_at"' in response.content.decode()
    assert not LiveSession.objects.exists()


def test_subject_of_another_program_is_refused(offering, pengelola):
    foreign = SubjectFactory()
    response = logged_in_client(pengelola).post(
        reverse("live:session-create", args=[offering.pk]),
        _form(offering, pengelola, subject=foreign.pk),
    )
    assert response.status_code == 200
    assert not LiveSession.objects.exists()


def test_manager_edits_time_and_adds_a_recording(session, pengelola):
    client = logged_in_client(pengelola)
    data = _form(
        session.offering,
        pengelola,
        subject=session.subject_id,
        starts_at="2027-01-11T13:00",
        ends_at="2027-01-11T14:00",
        recording_url="https://video.example.go.id/rekaman-1",
    )
    response = client.post(reverse("live:session-edit", args=[session.pk]), data)
    session.refresh_from_db()
    assert response.status_code == 302
    assert session.starts_at == utc(2027, 1, 11, 6)
    assert session.recording_url == "https://video.example.go.id/rekaman-1"


def test_cancel_notifies_participants_once_and_is_idempotent(session, pengelola, peserta):
    enrol(peserta, session.offering)
    client = logged_in_client(pengelola)
    url = reverse("live:session-cancel", args=[session.pk])

    client.post(url, {"reason": "Narasumber berhalangan"})
    client.post(url, {"reason": "Klik ganda"})

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.cancellation_reason == "Narasumber berhalangan"
    assert Notification.objects.filter(user=peserta, event_key__contains="cancelled").count() == 1


def test_host_confirms_attendance_of_enrolled_participants_only(session, pengelola, peserta):
    enrol(peserta, session.offering)
    outsider = UserFactory(roles=[Role.PESERTA])
    client = logged_in_client(pengelola)

    page = client.get(reverse("live:session-attendance", args=[session.pk]))
    client.post(
        reverse("live:session-attendance", args=[session.pk]),
        {f"mark-{peserta.pk}": HostMark.PRESENT, f"mark-{outsider.pk}": HostMark.PRESENT},
    )

    assert peserta.name in page.content.decode()
    attendance = SessionAttendance.objects.get(session=session, participant=peserta)
    assert attendance.host_mark == HostMark.PRESENT
    assert attendance.marked_by == pengelola
    assert not SessionAttendance.objects.filter(participant=outsider).exists()


def test_participant_cannot_manage_sessions(session, peserta):
    enrol(peserta, session.offering)
    client = logged_in_client(peserta)
    assert client.get(reverse("live:session-edit", args=[session.pk])).status_code == 404
    assert client.post(reverse("live:session-cancel", args=[session.pk])).status_code == 404
    assert client.get(reverse("live:manage-sessions")).status_code == 403
    assert client.get(reverse("live:schedule-check")).status_code == 403


def test_my_sessions_page_queries_stay_flat(offering, peserta, django_assert_max_num_queries):
    enrol(peserta, offering)
    for hour in range(8):
        LiveSessionFactory(offering=offering, starts_at=timezone.now() + timedelta(hours=hour + 1))
    CoachingBookingFactory(participant=peserta)
    client = logged_in_client(peserta)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("live:my-sessions"))
    assert response.content.decode().count('data-testid="session-row"') == 8


# --- the assistant through the manager's pages ----------------------------------------------


def test_schedule_partial_lists_zones_and_suggests_a_clean_time(offering, pengelola):
    enrol(participant_in(WIB_PROVINCE), offering)
    enrol(participant_in(WIT_PROVINCE), offering)
    response = logged_in_client(pengelola).get(
        reverse("live:schedule-check"),
        {"offering": offering.pk, "starts_at": "2027-01-08T11:45", "ends_at": "2027-01-08T12:45"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # the partial only
    assert "Jumat, 08-01-2027 11.45 WIB" in body
    assert "Jumat, 08-01-2027 13.45 WIT" in body
    assert 'data-warning="friday_prayer"' in body
    assert 'data-use-start="' in body


def test_schedule_check_of_a_deadline_near_midnight_shows_the_next_day_in_wit(offering, pengelola):
    enrol(participant_in(WIT_PROVINCE), offering)
    enrol(participant_in(WIB_PROVINCE), offering)
    response = logged_in_client(pengelola).get(
        reverse("live:schedule-check"), {"offering": offering.pk, "starts_at": "2027-01-11T23:30"}
    )
    body = response.content.decode()
    assert "Senin, 11-01-2027 23.30 WIB" in body
    assert "Selasa, 12-01-2027 01.30 WIT" in body
    assert 'data-warning="outside_hours"' in body


def test_schedule_check_warns_of_a_clash_with_another_offering_of_the_same_participant(
    offering, pengelola
):
    shared = participant_in(WIB_PROVINCE)
    enrol(shared, offering)
    other_offering = OfferingFactory()
    enrol(shared, other_offering)
    LiveSessionFactory(
        offering=other_offering,
        title="Sesi angkatan lain",
        starts_at=MONDAY_10_WIB,
        ends_at=MONDAY_10_WIB + timedelta(hours=1),
    )
    LiveSessionFactory(  # an unrelated offering: no shared participant, no clash
        title="Sesi tanpa peserta bersama",
        starts_at=MONDAY_10_WIB,
        ends_at=MONDAY_10_WIB + timedelta(hours=1),
    )
    response = logged_in_client(pengelola).get(
        reverse("live:schedule-check"),
        {"offering": offering.pk, "starts_at": "2027-01-11T10:30", "ends_at": "2027-01-11T11:30"},
    )
    body = response.content.decode()
    assert 'data-warning="clash"' in body
    assert "Sesi angkatan lain" in body
    assert "Sesi tanpa peserta bersama" not in body


def test_session_form_partial_waits_for_the_end_of_a_span(offering, pengelola):
    response = logged_in_client(pengelola).get(
        reverse("live:schedule-check"),
        {"span": "1", "offering": offering.pk, "starts_at": "2027-01-08T11:45", "ends_at": ""},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Isi waktu mulai dan selesai" in body
    assert "data-warning" not in body


def test_session_form_page_opens_for_a_manager(offering, pengelola):
    response = logged_in_client(pengelola).get(reverse("live:session-create", args=[offering.pk]))
    assert response.status_code == 200
    assert 'hx-get="/sesi/kelola/cek-jadwal/?span=1' in response.content.decode()


def test_api_lists_my_sessions_with_local_times(session):
    from django.test import Client

    from bangkom.accounts.tokens import issue_token

    user = participant_in(WIT_PROVINCE)
    enrol(user, session.offering)
    LiveSessionFactory(title="Sesi orang lain")
    raw, _token = issue_token(user, now=timezone.now())
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/live/sessions")
    assert response.status_code == 200
    (row,) = response.json()
    assert row["id"] == session.pk
    assert row["starts_local"] == "11-01-2027 12.00 WIT"
    assert row["time_zone"] == "Asia/Jayapura"


def test_home_page_links_to_sessions_and_calendar(peserta):
    body = logged_in_client(peserta).get(reverse("home")).content.decode()
    assert reverse("live:my-sessions") in body
    assert reverse("live:calendar") in body


def test_attendance_exports_to_xlsx_with_formula_text_neutralised(session, pengelola):
    from io import BytesIO

    from openpyxl import load_workbook

    participant = participant_in(WIB_PROVINCE, name="=SUM(A1:A2)")
    enrol(participant, session.offering)
    logged_in_client(participant).post(reverse("live:session-join", args=[session.pk]))

    response = logged_in_client(pengelola).get(
        reverse("live:session-attendance-xlsx", args=[session.pk])
    )

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "Nama")
    assert rows[1][1] == "'=SUM(A1:A2)"
    assert rows[1][3] is not None  # the join click


def test_attendance_sheet_pages_and_saving_returns_to_the_same_page(
    session, pengelola, monkeypatch
):
    from bangkom.live.views import sessions as session_views

    monkeypatch.setattr(session_views, "ATTENDANCE_PAGE_SIZE", 2)
    names = ["Ani", "Budi", "Citra", "Dedi", "Eka"]
    people = {name: UserFactory(name=name, roles=[Role.PESERTA]) for name in names}
    for user in people.values():
        enrol(user, session.offering)
    client = logged_in_client(pengelola)
    url = reverse("live:session-attendance", args=[session.pk])

    second = client.get(url, {"page": 2}).content.decode()
    last = client.get(url, {"page": 99}).content.decode()  # out of range: the last page
    saved = client.post(f"{url}?page=2", {f"mark-{people['Citra'].pk}": HostMark.PRESENT})

    assert "Citra" in second
    assert "Dedi" in second
    assert "Ani" not in second
    assert "Eka" not in second
    assert "Halaman 2 dari 3" in second
    assert "Eka" in last
    assert "Dedi" not in last
    assert saved.status_code == 302
    assert saved.url.endswith("?page=2")
    marked = SessionAttendance.objects.get(session=session, participant=people["Citra"])
    assert marked.host_mark == HostMark.PRESENT

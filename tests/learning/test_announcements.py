"""Announcements from managers to an offering's participants: sanitised, and notified to
approved non-trial participants only, once (RELIABILITY.md B14)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.learning.announcements import AnnouncementRejected, post_announcement
from bangkom.learning.models import Announcement
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_study import AnnouncementFactory, running_offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering():
    return running_offering()


def test_enrolled_participants_are_notified_and_no_one_else(offering, pengelola, peserta_lain):
    approved = EnrollmentFactory(offering=offering).participant
    pending = EnrollmentFactory(offering=offering, status="pending").participant
    withdrawn = EnrollmentFactory(offering=offering, status="withdrawn").participant
    tester = EnrollmentFactory(offering=offering, is_trial=True).participant
    elsewhere = EnrollmentFactory(participant=peserta_lain).participant

    announcement = post_announcement(
        offering, title="Jadwal Zoom", body_markdown="Sesi **Kamis** 09.00 WIB", by=pengelola,
        now=timezone.now(),
    )  # fmt: skip

    notified = set(
        Notification.objects.filter(event_key=f"announcement:{announcement.pk}").values_list(
            "user_id", flat=True
        )
    )
    assert notified == {approved.pk}
    for user in (pending, withdrawn, tester, elsewhere, pengelola):
        assert user.pk not in notified
    note = Notification.objects.get(user=approved)
    assert note.title == "Jadwal Zoom"
    assert note.url == reverse("learning:offering-room", args=[offering.pk])


def test_body_is_rendered_and_sanitised(offering, pengelola):
    announcement = post_announcement(
        offering,
        title="Info",
        body_markdown="**Penting** <script>alert(1)</script> [x](javascript:alert(1))",
        by=pengelola,
        now=timezone.now(),
    )
    assert "<strong>Penting</strong>" in announcement.body_html
    assert "<script" not in announcement.body_html
    assert "javascript:" not in announcement.body_html


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "isi", "title"),
        ("  ", "isi", "title"),
        ("Judul", "   ", "body"),
        ("x" * 201, "isi", "title"),
    ],
)
def test_empty_or_overlong_input_is_refused_and_nothing_is_sent(
    offering, pengelola, title, body, field
):
    EnrollmentFactory(offering=offering)
    with pytest.raises(AnnouncementRejected) as refused:
        post_announcement(
            offering, title=title, body_markdown=body, by=pengelola, now=timezone.now()
        )
    assert refused.value.field == field
    assert not Announcement.objects.exists()
    assert not Notification.objects.exists()


def test_manager_posts_from_the_page(offering, pengelola):
    participant = EnrollmentFactory(offering=offering).participant
    client = logged_in_client(pengelola)
    response = client.post(
        reverse("learning:announcements", args=[offering.pk]),
        {"title": "Libur nasional", "body": "Tidak ada sesi hari Jumat."},
        follow=True,
    )
    assert response.status_code == 200
    assert "Libur nasional" in response.content.decode()
    assert Notification.objects.filter(user=participant).count() == 1


def test_page_shows_form_errors_instead_of_failing(offering, pengelola):
    response = logged_in_client(pengelola).post(
        reverse("learning:announcements", args=[offering.pk]), {"title": "", "body": ""}
    )
    assert response.status_code == 200
    assert not Announcement.objects.exists()


def test_participants_cannot_post(offering, peserta):
    EnrollmentFactory(offering=offering, participant=peserta)
    response = logged_in_client(peserta).post(
        reverse("learning:announcements", args=[offering.pk]), {"title": "x", "body": "y"}
    )
    assert response.status_code == 404
    assert not Announcement.objects.exists()


def test_participant_sees_announcements_in_the_learning_room(offering, peserta):
    enrollment = EnrollmentFactory(offering=offering, participant=peserta)
    AnnouncementFactory(offering=offering, title="Pengumuman penting")
    AnnouncementFactory(title="Pengumuman angkatan lain")
    page = logged_in_client(peserta).get(reverse("learning:study", args=[enrollment.pk]))
    assert "Pengumuman penting" in page.content.decode()
    assert "Pengumuman angkatan lain" not in page.content.decode()


def test_offering_room_link_leads_a_participant_to_their_own_room(offering, peserta):
    enrollment = EnrollmentFactory(offering=offering, participant=peserta)
    client = logged_in_client(peserta)
    response = client.get(reverse("learning:offering-room", args=[offering.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:study", args=[enrollment.pk])
    outsider = logged_in_client(UserFactory())
    assert outsider.get(reverse("learning:offering-room", args=[offering.pk])).status_code == 404

"""The notification centre, opening a notification, marking read, the header badge,
email preferences and the JSON API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.notifications.models import Notification
from bangkom.notifications.preferences import email_settings
from tests.conftest import logged_in_client
from tests.notifications.factories_notifications import NotificationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/notifikasi/"


def test_header_badge_shows_the_unread_count(peserta):
    NotificationFactory.create_batch(3, user=peserta)
    NotificationFactory(user=peserta, read_at=timezone.now())
    NotificationFactory()  # someone else's

    page = logged_in_client(peserta).get(reverse("home")).content.decode()

    assert 'data-testid="notification-count">3<' in page


def test_header_has_no_badge_when_everything_is_read(peserta):
    NotificationFactory(user=peserta, read_at=timezone.now())

    page = logged_in_client(peserta).get(reverse("home")).content.decode()

    assert 'data-testid="nav-notifications"' in page
    assert 'data-testid="notification-count"' not in page


def test_header_count_costs_one_query(peserta, django_assert_num_queries):
    from django.test import RequestFactory

    from bangkom.notifications.context_processors import unread_notifications

    NotificationFactory.create_batch(2, user=peserta)
    request = RequestFactory().get("/")
    request.user = peserta
    count = unread_notifications(request)["notification_unread_count"]
    with django_assert_num_queries(1):
        assert count() == 2
        assert count() == 2  # remembered for the rest of the page


def test_centre_lists_own_notifications_newest_first_with_unread_marked(peserta, peserta_lain):
    old = NotificationFactory(
        user=peserta, title="Lama", created_at=timezone.now() - timezone.timedelta(days=1)
    )
    NotificationFactory(user=peserta, title="Baru")
    NotificationFactory(user=peserta_lain, title="Milik orang lain")
    Notification.objects.filter(pk=old.pk).update(read_at=timezone.now())

    page = logged_in_client(peserta).get(LIST_URL).content.decode()

    assert page.count('data-testid="notification"') == 2
    assert page.index("Baru") < page.index("Lama")
    assert "Milik orang lain" not in page
    assert page.count('data-unread="1"') == 1


def test_centre_is_paginated_with_bounded_queries(peserta, django_assert_max_num_queries):
    NotificationFactory.create_batch(25, user=peserta)
    client = logged_in_client(peserta)

    with django_assert_max_num_queries(12):
        first = client.get(LIST_URL).content.decode()
    second = client.get(LIST_URL + "?page=2").content.decode()

    assert first.count('data-testid="notification"') == 20
    assert second.count('data-testid="notification"') == 5


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(peserta):
    notification = NotificationFactory(user=peserta, url="/belajar/saya/")

    response = logged_in_client(peserta).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/belajar/saya/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_404_and_stays_unread(peserta, peserta_lain):
    notification = NotificationFactory(user=peserta_lain)

    response = logged_in_client(peserta).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_foreign_url_is_never_followed(peserta):
    notification = NotificationFactory(user=peserta, url="https://evil.example.com/")

    response = logged_in_client(peserta).get(reverse("notifications:open", args=[notification.pk]))

    assert response["Location"] == LIST_URL


def test_mark_all_read_touches_only_own_notifications(peserta, peserta_lain):
    NotificationFactory.create_batch(2, user=peserta)
    foreign = NotificationFactory(user=peserta_lain)

    response = logged_in_client(peserta).post(reverse("notifications:mark-all-read"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=peserta, read_at__isnull=True).exists()
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_mark_all_read_refuses_get(peserta):
    NotificationFactory(user=peserta)

    response = logged_in_client(peserta).get(reverse("notifications:mark-all-read"))

    assert response.status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_centre_is_for_signed_in_users_only():
    from django.test import Client

    response = Client().get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_preferences_page_shows_defaults_and_saves_choices(peserta):
    client = logged_in_client(peserta)

    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'data-testid="email_exam_result" checked' in page
    assert 'data-testid="email_announcement" checked' not in page

    response = client.post(
        reverse("notifications:preferences"),
        {"language": "en", "email_announcement": "on", "email_certificate_issued": "on"},
    )

    assert response.status_code == 302
    language, kinds = email_settings(peserta)
    assert language == "en"
    assert kinds["announcement"] is True
    assert kinds["certificate_issued"] is True
    assert kinds["exam_result"] is False


def test_preferences_refuse_an_unknown_language(peserta):
    response = logged_in_client(peserta).post(
        reverse("notifications:preferences"), {"language": "fr"}
    )

    assert response.status_code == 200
    assert email_settings(peserta)[0] == "id"


def test_api_lists_only_my_notifications_paginated(peserta, peserta_lain):
    url = reverse("api:notifications-list")
    NotificationFactory.create_batch(21, user=peserta)
    NotificationFactory(user=peserta_lain)
    client = logged_in_client(peserta)

    first = client.get(url).json()
    second = client.get(url, {"page": 2}).json()

    assert (first["count"], first["unread"], first["pages"]) == (21, 21, 2)
    assert len(first["results"]) == 20
    assert len(second["results"]) == 1


def test_api_read_all_marks_mine_read(peserta, peserta_lain):
    url = reverse("api:notifications-read-all")
    NotificationFactory.create_batch(2, user=peserta)
    foreign = NotificationFactory(user=peserta_lain)

    response = logged_in_client(peserta).post(url)

    assert response.json() == {"marked_read": 2}
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_api_needs_authentication():
    from django.test import Client

    assert Client().get(reverse("api:notifications-list")).status_code == 401

"""notify/notify_many: one in-app notification and at most one email per user per event,
whatever is retried; the email follows the user's kind preference and language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import DeliveryStatus, EmailDelivery, Notification
from bangkom.notifications.preferences import save_preferences
from bangkom.notifications.service import notify, notify_many
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify_result(user, key="attempt:1:result", **kwargs):
    return notify(
        user,
        event_key=key,
        title="Hasil Ujian Akhir: nilai 80, lulus",
        body="Nilai lulus 70.",
        url="/ujian/hasil/1/",
        kind=kwargs.pop("kind", NotificationKind.EXAM_RESULT),
        **kwargs,
    )


def test_retried_event_creates_one_notification_and_sends_one_email(
    peserta, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify_result(peserta)
    with django_capture_on_commit_callbacks(execute=True):
        second = _notify_result(peserta)

    assert first is not None
    assert second is None
    assert Notification.objects.filter(user=peserta).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [peserta.email]
    assert mail.outbox[0].subject == "[Bangkom] Hasil Ujian Akhir: nilai 80, lulus"
    assert EmailDelivery.objects.get().status == DeliveryStatus.SENT


def test_notify_many_retried_emails_each_user_once(django_capture_on_commit_callbacks):
    users = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_many(
            users, event_key="sanction:9", title="Sanksi", kind=NotificationKind.SANCTION
        )
    with django_capture_on_commit_callbacks(execute=True):
        again = notify_many(
            users, event_key="sanction:9", title="Sanksi", kind=NotificationKind.SANCTION
        )

    assert (created, again) == (3, 0)
    assert Notification.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


def test_notify_many_adds_only_the_users_not_notified_before(django_capture_on_commit_callbacks):
    first, second = UserFactory.create_batch(2)
    kind = NotificationKind.ENROLLMENT_DECISION
    with django_capture_on_commit_callbacks(execute=True):
        notify_many([first], event_key="e:1", title="Keputusan", kind=kind)
        created = notify_many([first, second], event_key="e:1", title="Keputusan", kind=kind)

    assert created == 1
    assert [m.to[0] for m in mail.outbox] == [first.email, second.email]


def test_kind_with_email_off_by_default_stays_in_app_only(
    peserta, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(peserta, event_key="announcement:1", title="Pengumuman", kind="announcement")

    assert Notification.objects.filter(user=peserta, kind="announcement").exists()
    assert mail.outbox == []
    assert not EmailDelivery.objects.exists()


def test_email_turned_off_by_the_user_sends_nothing_but_keeps_the_notification(
    peserta, django_capture_on_commit_callbacks
):
    save_preferences(peserta, language="id", email_kinds={"exam_result": False}, now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        _notify_result(peserta)

    assert Notification.objects.filter(user=peserta).count() == 1
    assert mail.outbox == []


def test_email_turned_on_for_a_default_off_kind_is_sent(
    peserta, django_capture_on_commit_callbacks
):
    save_preferences(peserta, language="id", email_kinds={"announcement": True}, now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        notify(peserta, event_key="announcement:2", title="Libur", kind="announcement")

    assert len(mail.outbox) == 1
    assert "Pengumuman baru di pelatihan Anda" in mail.outbox[0].body


def test_email_is_written_in_indonesian_by_default(peserta, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify_result(peserta)

    body = mail.outbox[0].body
    assert f"Yth. {peserta.name}," in body
    assert "Hasil ujian Anda sudah keluar:" in body
    assert f"{settings.SITE_URL}/ujian/hasil/1/" in body


def test_email_follows_a_user_who_chose_english(peserta, django_capture_on_commit_callbacks):
    save_preferences(peserta, language="en", email_kinds={"exam_result": True}, now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        _notify_result(peserta)

    body = mail.outbox[0].body
    assert f"Dear {peserta.name}," in body
    # the rest of the English text comes with the compiled catalogue (bangkom/locale)
    assert "Yth." not in body


def test_user_without_an_address_gets_the_notification_and_no_email(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify_result(user)

    assert Notification.objects.filter(user=user).exists()
    assert mail.outbox == []


def test_rolled_back_action_sends_no_email(peserta, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _notify_result(peserta)
                raise RuntimeError("the action failed after notifying")
        except RuntimeError:
            pass

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []

"""PostgreSQL races: parallel notifications of one event, and parallel senders of one
delivery, still give one notification and one email."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone

from bangkom.notifications.delivery import deliver
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import EmailDelivery, Notification
from bangkom.notifications.service import notify, notify_many
from tests.concurrency import POSTGRES_ONLY, run_in_parallel
from tests.notifications.factories_notifications import NotificationFactory

pytestmark = POSTGRES_ONLY


def test_ten_parallel_notifications_of_one_event_give_one_row_and_one_email(peserta):
    def work(index: int) -> object:
        if index % 2:
            return notify_many(
                [peserta], event_key="attempt:5:result", title="Hasil", kind="exam_result"
            )
        return notify(
            peserta,
            event_key="attempt:5:result",
            title="Hasil",
            kind=NotificationKind.EXAM_RESULT,
        )

    results = run_in_parallel(10, work)

    assert not [r for r in results if isinstance(r, Exception)]
    assert Notification.objects.filter(user=peserta).count() == 1
    assert EmailDelivery.objects.count() == 1
    assert len(mail.outbox) == 1


def test_ten_parallel_senders_of_one_delivery_send_it_once(peserta):
    notification = NotificationFactory(user=peserta, kind=NotificationKind.SANCTION)
    delivery = EmailDelivery.objects.create(notification=notification, to_address=peserta.email)

    results = run_in_parallel(10, lambda _i: deliver(delivery.pk, now=timezone.now()))

    assert sorted(results, key=str) == ["sent"] + ["skipped"] * 9
    assert len(mail.outbox) == 1

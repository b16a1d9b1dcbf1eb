"""PostgreSQL races: parallel notifications of one event, and parallel senders of one
delivery, still give one notification and one email."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from bangkom.notifications.delivery import deliver
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import EmailDelivery, Notification
from bangkom.notifications.service import notify, notify_many
from tests.notifications.factories_notifications import NotificationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database shared by threads"
    ),
]


def run_in_parallel(count: int, work: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # the test inspects what each thread got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


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

"""``bangkom send-pending-email [--loop] [--interval 60]``: retry notification emails.

Sends deliveries still pending, failed ones whose backoff has passed (up to 5 attempts) and
ones left "sending" by a worker that died. The task queue sends and retries them on its
own; this sweep is the safety net (cron every 5 minutes), and the only retry path when the
task backend cannot defer a task.
"""

from __future__ import annotations

from django.utils import timezone

from bangkom.notifications.delivery import send_pending_emails
from bangkom.notifications.management.commands._sweep import SweepCommand


class Command(SweepCommand):
    help = "Kirim ulang email notifikasi yang tertunda atau gagal."
    default_interval = 60.0

    def sweep(self) -> object:
        return send_pending_emails(now=timezone.now())

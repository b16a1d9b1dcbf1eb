"""``bangkom send-reminders [--loop] [--interval 300]``: deadline and exam-window reminders.

Sends every reminder that is due (24 hours before an assignment deadline, an exam window's
opening or its last start time) and not sent yet; each goes out once however often this
runs. Run it from cron every 5 minutes (``*/5 * * * * bangkom send-reminders``) or once
with ``--loop`` under systemd.
"""

from __future__ import annotations

from django.utils import timezone

from bangkom.notifications.management.commands._sweep import SweepCommand
from bangkom.notifications.reminders import send_due_reminders


class Command(SweepCommand):
    help = "Kirim pengingat tenggat penugasan dan jadwal ujian yang jatuh dalam 24 jam."

    def sweep(self) -> object:
        return send_due_reminders(now=timezone.now())

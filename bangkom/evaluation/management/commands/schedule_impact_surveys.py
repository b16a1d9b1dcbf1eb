"""``bangkom schedule-impact-surveys``: invite alumni and their supervisors to the impact
survey once their certificate is old enough, and send due reminders.

Idempotent (run it daily from cron or a worker): nobody is invited or reminded twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from bangkom.evaluation.impact import run_impact_sweep


class Command(BaseCommand):
    help = "Undang alumni dan pimpinannya ke survei dampak, lalu kirim pengingat yang jatuh tempo."

    def handle(self, *args, **options) -> None:
        self.stdout.write(str(run_impact_sweep(now=timezone.now())))

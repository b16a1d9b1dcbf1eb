"""``bangkom expire-attempts [--loop] [--interval 10]``: finalise attempts whose time ran out.

An open attempt past its deadline plus the grace period (RELIABILITY.md decision 1) is
finalised as expired and scored from its last saved answers (F13). Attempts are also
finalised lazily when someone opens them, so this sweep is what makes abandoned attempts
count on time: run it every minute from cron, or once with ``--loop`` under systemd; it
stops cleanly between sweeps on SIGTERM or SIGINT. Two sweeps at once are safe: each
attempt is finalised by one conditional update.
"""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bangkom.assessments.attempts import expire_overdue_attempts

SWEEP_BATCH = 500  # expire_overdue_attempts' default limit per call


class Command(BaseCommand):
    help = (
        "Selesaikan percobaan ujian yang waktunya sudah habis (sekali, atau terus dengan --loop)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="terus berjalan sampai dihentikan (SIGTERM/SIGINT)"
        )
        parser.add_argument(
            "--interval", type=float, default=10.0, help="jeda antar-sapuan dalam detik (--loop)"
        )

    def handle(self, *args, loop: bool, interval: float, **options) -> None:
        if interval <= 0:
            raise CommandError("--interval harus lebih dari 0 detik.")
        if not loop:
            self.stdout.write(f"{self._sweep()} percobaan diselesaikan karena waktu habis.")
            return
        stop = threading.Event()

        def request_stop(signum, frame) -> None:
            stop.set()

        previous = {
            sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        total = 0
        try:
            while not stop.is_set():
                finished = self._sweep()
                total += finished
                if finished:
                    self.stdout.write(f"{finished} percobaan diselesaikan karena waktu habis.")
                stop.wait(interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"Berhenti; {total} percobaan diselesaikan selama berjalan.")

    def _sweep(self) -> int:
        # A full batch means more may be waiting: sweep again at once rather than sleep.
        finished = 0
        while True:
            batch = expire_overdue_attempts(now=timezone.now(), limit=SWEEP_BATCH)
            finished += batch
            if batch < SWEEP_BATCH:
                return finished

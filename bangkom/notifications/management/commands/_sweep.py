"""A sweep command run once (cron) or with ``--loop`` until SIGTERM/SIGINT (systemd)."""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError


class SweepCommand(BaseCommand):
    """Subclasses define ``sweep()``: one pass, returning a summary with a readable str."""

    default_interval = 300.0
    sweep: Callable[[], object]

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="terus berjalan sampai dihentikan (SIGTERM/SIGINT)"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=self.default_interval,
            help="jeda antar-sapuan dalam detik (--loop)",
        )

    def handle(self, *args, loop: bool, interval: float, **options) -> None:
        if interval <= 0:
            raise CommandError("--interval harus lebih dari 0 detik.")
        if not loop:
            self.stdout.write(str(self.sweep()))
            return
        stop = threading.Event()

        def request_stop(signum: int, frame: object) -> None:
            stop.set()

        handlers: dict[int, Callable | int | None] = {
            sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            while not stop.is_set():
                self.stdout.write(str(self.sweep()))
                stop.wait(interval)
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

"""Run work in real threads, released together, for the PostgreSQL race tests.

Each thread uses its own database connection (closed when it ends). The in-memory SQLite
test database cannot be shared by threads, so race tests mark themselves PostgreSQL-only
with ``POSTGRES_ONLY``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

POSTGRES_ONLY = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database shared by threads"
    ),
]


def run_in_parallel(count: int, work: Callable[[int], object]) -> list[object]:
    """Call ``work(i)`` for i in range(count) in threads that start at the same moment.

    Returns what each call returned, or the exception it raised (tests inspect both).
    """
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

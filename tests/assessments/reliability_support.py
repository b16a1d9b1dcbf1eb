"""Shared pieces of the reliability tests that run a real server (RELIABILITY.md F1, F3, F7,
L1, L3): the server process, examinee clients that keep a ledger, a proxy that loses
responses, and the independent score oracle.

The server, the throwaway PostgreSQL cluster, the world seeding and the ledger check come
from ``bench/exam_load.py`` (imported, not copied), so the benchmark and these tests measure
the same thing the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.exam_load import (
    API,
    HOST,
    PG_BIN,
    ROOT,
    Conn,
    Server,
    ThrowawayPostgres,
    create_world,
    parse_server,
    percentile,
    verify_ledger,
)

__all__ = [
    "API",
    "HOST",
    "PG_BIN",
    "ROOT",
    "DroppingProxy",
    "Examinee",
    "Ledger",
    "Server",
    "ThrowawayPostgres",
    "create_world",
    "database_url",
    "independent_score",
    "percentile",
    "run_threads",
    "server_env",
    "start_server",
    "verify_ledger",
    "worker_pids",
]

RETRYABLE = {0, 502, 503, 504}  # no answer, or the server asks to come back later
HUNDRED = Decimal(100)


# --- The server under test --------------------------------------------------------------------


def database_url(settings_dict: dict) -> str:
    """postgres:// URL of a Django connection's database (the test database in a test)."""
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}" if password else user
    host = settings_dict.get("HOST") or HOST
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"


def server_env(url: str, scratch: Path, secret_key: str, **extra: str) -> dict:
    """The environment of a production-style server process (DEBUG off) on ``url``.

    ``secret_key`` must be the test process's own, so option ids it computes match.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANGKOM_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bangkom.settings",
        BANGKOM_DEBUG="0",
        BANGKOM_SECRET_KEY=secret_key,
        BANGKOM_ALLOWED_HOSTS=HOST,
        BANGKOM_SECURE_SSL_REDIRECT="0",
        BANGKOM_BENCH_ENDPOINTS="1",  # /api/v1/bench/hello tells when the server is up
        BANGKOM_DATA_DIR=str(scratch),
        BANGKOM_DB_CONN_MAX_AGE="600",
        BANGKOM_LOG_LEVEL="WARNING",
        BANGKOM_DATABASE_URL=url,
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def start_server(env: dict, scratch: Path, spec: str = "gunicorn-gthread:2x4") -> Server:
    scratch.mkdir(parents=True, exist_ok=True)
    return Server(parse_server(spec), env, scratch)


def worker_pids(master_pid: int) -> set[int]:
    """The live child processes of a gunicorn master (its workers)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == master_pid and fields[0] != "Z":
                pids.add(int(entry.name))
    return pids


# --- Examinees --------------------------------------------------------------------------------


class Ledger:
    """The append-only client ledger (RELIABILITY.md 2.0): every save sent and what came back.

    Entries are ``[attempt, item, client_seq, option id, status, held]`` — the format of
    ``bench.exam_load.verify_ledger`` — where ``held`` means the server answered that it
    holds this ``client_seq`` (saved now, or an earlier copy of this very save was).
    """

    def __init__(self) -> None:
        self.entries: list[list] = []
        self.statuses: Counter[int] = Counter()
        self.missing_retry_after = 0
        self.latencies: dict[str, list[float]] = {"start": [], "save": [], "submit": []}
        self.lock = threading.Lock()

    def dump(self, path: Path) -> Path:
        path.write_text(json.dumps(self.entries))
        return path


class Examinee:
    """One participant's client: retries what got no answer with the same request, exactly
    as the exam page's outbox does (same ``client_seq``; start resumes; submit is idempotent).
    """

    def __init__(
        self,
        port: int,
        token: str,
        enrollment_id: int,
        ledger: Ledger,
        *,
        max_tries: int = 40,
        timeout: float = 30.0,
    ) -> None:
        self.port = port
        self.token = token
        self.enrollment_id = enrollment_id
        self.ledger = ledger
        self.max_tries = max_tries
        self.conn = Conn(port, timeout)
        self.attempt_id = 0
        self.items: list[dict] = []
        self.seq = 0

    def request(self, kind: str, method: str, path: str, body: object = None) -> tuple[int, dict]:
        """Send until an answer that is not 'come back later'; returns (status, json body)."""
        status, raw = 0, b""
        for tries in range(self.max_tries):
            began = time.perf_counter()
            status, raw, retry_after = self._call(method, path, body)
            with self.ledger.lock:
                self.ledger.statuses[status] += 1
            if status not in RETRYABLE:
                if tries == 0:
                    self.ledger.latencies[kind].append(time.perf_counter() - began)
                break
            if status == 503 and retry_after is None:
                self.ledger.missing_retry_after += 1
            time.sleep(min(float(retry_after or 0.2), 1.0) * (1 + random.random()))
        try:
            return status, json.loads(raw) if raw else {}
        except ValueError:
            return status, {"raw": raw[:300].decode(errors="replace")}

    def _call(self, method: str, path: str, body: object) -> tuple[int, bytes, str | None]:
        # bench's Conn, plus the Retry-After header of a 503
        conn = self.conn.http
        headers = {"Connection": "keep-alive", "Authorization": f"Bearer {self.token}"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            return response.status, response.read(), response.getheader("Retry-After")
        except Exception as exc:  # reset, refused, timeout, bad status line: no answer
            conn.close()
            return 0, repr(exc).encode(), None

    def start(self, assessment_id: int) -> int:
        status, body = self.request(
            "start",
            "POST",
            f"{API}/assessments/{assessment_id}/attempts",
            {"enrollment_id": self.enrollment_id},
        )
        if status in (200, 201):
            self.attempt_id = body["attempt_id"]
            self.items = body["items"]
        return status

    def save(self, position: int, *, choice: int | None = None) -> tuple[int, dict]:
        """Answer the item at ``position`` (0-based) with a new ``client_seq``; retries inside."""
        item = self.items[position]
        options = item["options"]
        option_id = options[choice if choice is not None else random.randrange(len(options))][
            "option_id"
        ]
        self.seq += 1
        return self.send(item["item_id"], option_id, self.seq)

    def send(self, item_id: int, option_id: str, seq: int) -> tuple[int, dict]:
        status, body = self.request(
            "save",
            "PUT",
            f"{API}/attempts/{self.attempt_id}/answers/{item_id}",
            {"option_ids": [option_id], "client_seq": seq},
        )
        held = status == 200 and body.get("client_seq") == seq
        self.ledger.entries.append([self.attempt_id, item_id, seq, option_id, status, held])
        return status, body

    def submit(self) -> tuple[int, dict]:
        return self.request("submit", "POST", f"{API}/attempts/{self.attempt_id}/submit")

    def close(self) -> None:
        self.conn.close()


def run_threads(count: int, work: Callable[[int], object], *, timeout: float) -> list[object]:
    """Run ``work(i)`` in ``count`` threads; exceptions are returned, not raised."""
    results: list[object] = [None] * count

    def runner(index: int) -> None:
        try:
            results[index] = work(index)
        except Exception as exc:  # the test asserts on what each thread got
            results[index] = exc

    threads = [threading.Thread(target=runner, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    limit = time.monotonic() + timeout
    for thread in threads:
        thread.join(timeout=max(0.1, limit - time.monotonic()))
    return results


# --- The oracle -------------------------------------------------------------------------------


def independent_score(form: list[dict], chosen: dict[int, list[str]], attempt_id: int) -> Decimal:
    """The score recomputed from first principles, not by ``bangkom.assessments.scoring``:
    single-choice items of weight 1, right when exactly the key of the drawn version is
    chosen; 0–100 rounded half up to two places."""
    from bangkom.assessments.models import ItemVersion
    from bangkom.assessments.option_ids import option_token

    versions = ItemVersion.objects.in_bulk([entry["version"] for entry in form])
    right = 0
    for entry in form:
        options = versions[entry["version"]].options
        keys = [i for i, option in enumerate(options) if option.get("correct")]
        if chosen.get(entry["item"]) == [option_token(attempt_id, entry["item"], keys[0])]:
            right += 1
    return (HUNDRED * right / len(form)).quantize(Decimal("0.01"), ROUND_HALF_UP)


# --- A proxy that loses responses (F7) --------------------------------------------------------


def _is_save(method: str, path: str) -> bool:
    return method == "PUT" and "/answers/" in path


class DroppingProxy:
    """HTTP/1.1 proxy on loopback: forwards every request to the server and reads the whole
    response (so the server has committed), then for a share of the save requests closes
    the client's connection instead of answering — a response lost on the way back."""

    def __init__(
        self,
        upstream_port: int,
        *,
        drop_share: float = 0.3,
        seed: int = 7,
        should_drop: Callable[[str, str], bool] = _is_save,
    ) -> None:
        self.upstream_port = upstream_port
        self.drop_share = drop_share
        self.should_drop = should_drop
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.forwarded = 0
        self.dropped = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def setup(self) -> None:
                super().setup()
                self.upstream = Conn(proxy.upstream_port, 30.0).http

            def finish(self) -> None:
                with contextlib.suppress(OSError):
                    super().finish()
                self.upstream.close()

            def forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "connection", "content-length", "keep-alive")
                }
                try:
                    self.upstream.request(self.command, self.path, body=body, headers=headers)
                    response = self.upstream.getresponse()
                    data = response.read()
                except OSError:
                    self.upstream.close()
                    self.send_error(502)
                    return
                with proxy.lock:
                    proxy.forwarded += 1
                    drop = (
                        proxy.should_drop(self.command, self.path)
                        and proxy.rng.random() < proxy.drop_share
                    )
                    if drop:
                        proxy.dropped += 1
                if drop:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response_only(response.status, response.reason)
                for name, value in response.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = forward  # noqa: N815

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        yield server
    finally:
        server.stop()

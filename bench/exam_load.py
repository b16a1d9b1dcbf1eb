"""Exam load benchmark: examinees against a production-style server (RELIABILITY.md L1/L2).

    .venv/bin/python bench/exam_load.py --start-postgres --json out.json
    .venv/bin/python bench/exam_load.py --sqlite --json sqlite.json       # SQLite ceiling
    .venv/bin/python bench/exam_load.py --database-url postgres://u:p@127.0.0.1:5432/db

Everything runs on loopback (127.0.0.1) and stops by itself: every loop is bounded in
count and in time. Phases:

1. Setup, in a scratch directory: a database (a throwaway PostgreSQL cluster started with
   ``initdb``/``pg_ctl`` as the ``postgres`` user, an existing one from ``--database-url``,
   or an SQLite file), ``migrate``, then one institution, program, subject and running
   offering, a bank of 2,000 active single-choice items, a published 50-item subject exam
   and the examinees (employee, user, participant role, enrolment, API token) created with
   the ORM in a child process. The raw tokens go to a JSON file read by the clients.
2. For each server configuration (gunicorn sync/gthread, granian WSGI), on a fresh server
   with ``BANGKOM_BENCH_ENDPOINTS=1``, closed-loop saturation phases with the same number
   of keep-alive client connections: "cycle" (start an attempt, save one answer per item,
   submit, next examinee), "save" (saves only, on open attempts), "hello" (a bare JSON
   view) and "upsert" (a bare one-statement UPDATE of the same answer rows, no auth).
3. Open loop on the best configuration: every examinee starts an attempt first (timed
   separately: the start storm), then a scheduler sends saves at the target rate whatever
   the responses (latency counted from the scheduled send time, so a slow server is not
   hidden by coordinated omission), with a small share of starts and submits mixed in. The
   stored answers are then compared with the client ledger: every acknowledged answer must
   be the one stored (zero lost answers).
4. With ``--sqlite``: the same open loop against one SQLite-backed node at rising rates,
   until p99 save exceeds the limit or errors appear; the highest rate held is the SQLite
   ceiling, written as examinees at one answer per ``--think`` seconds.

Client, server and database share the machine's cores: the figures are for the whole
stack on one box, not for the server alone. The load average is printed with each phase.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import multiprocessing
import os
import queue
import random
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"  # loopback only, never anything else
API = "/api/v1"
SAVE_P99_LIMIT_MS = 200.0
START_P99_LIMIT_MS = 300.0
SUBMIT_P99_LIMIT_MS = 300.0
KOLIBRI_HIGH = 44.0  # req/s of Kolibri's answer logging (issue text): target is 10x
DEFAULT_SERVERS = "gunicorn-sync:4x1,gunicorn-gthread:2x4,gunicorn-gthread:3x4,granian:2x4"


# --- Command line ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    db = parser.add_mutually_exclusive_group()
    db.add_argument("--database-url", default="", help="an existing postgres:// database")
    db.add_argument(
        "--start-postgres",
        action="store_true",
        help="start a throwaway PostgreSQL 15 cluster on 127.0.0.1 (the default)",
    )
    db.add_argument("--sqlite", action="store_true", help="SQLite file; measures the ceiling")
    parser.add_argument(
        "--servers",
        default="",
        help=f"server configurations, e.g. {DEFAULT_SERVERS} "
        "(default that list; with --sqlite gunicorn-gthread:2x4)",
    )
    parser.add_argument("--clients", type=int, default=32, help="closed-loop connections")
    parser.add_argument("--client-procs", type=int, default=2, help="client processes")
    parser.add_argument("--cycle-duration", type=float, default=30.0)
    parser.add_argument("--save-duration", type=float, default=20.0)
    parser.add_argument("--hello-duration", type=float, default=15.0)
    parser.add_argument("--upsert-duration", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds not counted")
    parser.add_argument("--examinees", type=int, default=0, help="10000 (PG) / 1000 (SQLite)")
    parser.add_argument("--rate", type=float, default=333.0, help="open-loop saves per second")
    parser.add_argument("--duration", type=float, default=120.0, help="open-loop seconds")
    parser.add_argument("--think", type=float, default=30.0, help="s per answer per examinee")
    parser.add_argument("--open-connections", type=int, default=64)
    parser.add_argument(
        "--storm-examinees",
        type=int,
        default=400,
        help="examinees who start through the API in the timed start storm (the others' "
        "attempts are bulk-inserted by the setup, untimed)",
    )
    parser.add_argument("--start-concurrency", type=int, default=16)
    parser.add_argument("--start-timeout", type=float, default=900.0, help="start storm cap")
    parser.add_argument("--mixed-share", type=float, default=0.01, help="starts+submits mixed in")
    parser.add_argument("--bank-items", type=int, default=2000)
    parser.add_argument("--form-items", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument("--ceiling-start", type=float, default=25.0, help="first SQLite rate")
    parser.add_argument("--ceiling-factor", type=float, default=1.5)
    parser.add_argument("--ceiling-max", type=float, default=3000.0)
    parser.add_argument("--step-duration", type=float, default=30.0)
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="rising open-loop rates instead of one run (always on with --sqlite)",
    )
    parser.add_argument("--skip-saturation", action="store_true")
    parser.add_argument("--skip-open-loop", action="store_true")
    parser.add_argument("--json", default="", help="write every figure to this file")
    parser.add_argument("--keep-scratch", action="store_true")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--child-args", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.examinees:
        args.examinees = 1000 if args.sqlite else 10_000
    if not args.servers:
        args.servers = "gunicorn-gthread:2x4" if args.sqlite else DEFAULT_SERVERS
    return args


# --- Statistics --------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (0 for an empty list)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(samples: list[list], window: tuple[float, float] | None = None) -> dict:
    """Samples are [t_done, latency_s, status]; returns count, rate, errors, p50/p99 in ms."""
    if window is not None:
        lo, hi = window
        samples = [s for s in samples if lo <= s[0] <= hi]
    ok = [s[1] for s in samples if 200 <= s[2] < 300]
    errors = len(samples) - len(ok)
    statuses: dict[str, int] = {}
    for s in samples:
        if not 200 <= s[2] < 300:
            statuses[str(s[2])] = statuses.get(str(s[2]), 0) + 1
    seconds = (window[1] - window[0]) if window else 0.0
    return {
        "count": len(ok),
        "errors": errors,
        "error_statuses": statuses,
        "per_s": len(ok) / seconds if seconds > 0 else 0.0,
        "p50_ms": percentile(ok, 50) * 1000,
        "p99_ms": percentile(ok, 99) * 1000,
        "max_ms": (max(ok) * 1000) if ok else 0.0,
    }


def loadavg() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


# --- HTTP client (stdlib only) -----------------------------------------------------------------


class Conn:
    """One persistent keep-alive connection to the server under test (loopback only)."""

    def __init__(self, port: int, timeout: float) -> None:
        self.http = http.client.HTTPConnection(HOST, port, timeout=timeout)
        self.retries = 0

    def call(
        self, method: str, path: str, body: object = None, token: str = ""
    ) -> tuple[int, bytes]:
        headers = {"Connection": "keep-alive"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        for attempt in (0, 1):
            reused = self.http.sock is not None
            try:
                self.http.request(method, path, body=payload, headers=headers)
                response = self.http.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                self.http.close()
                # A keep-alive connection the server closed while idle: browsers retry once,
                # and every call here is idempotent (client_seq, resume, same submit result).
                if attempt == 0 and reused:
                    self.retries += 1
                    continue
                return 0, repr(exc).encode()
            except (OSError, http.client.HTTPException) as exc:
                self.http.close()
                return 0, repr(exc).encode()
        return 0, b"unreachable"

    def close(self) -> None:
        self.http.close()


def wait_for_server(port: int, seconds: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        conn = Conn(port, 2.0)
        status, _body = conn.call("GET", f"{API}/bench/hello")
        conn.close()
        if status == 200:
            return
        time.sleep(0.3)
    raise RuntimeError("server did not answer /api/v1/bench/hello in time")


# --- Closed-loop client processes --------------------------------------------------------------


def run_closed_phase(
    kind: str,
    *,
    port: int,
    duration: float,
    thread_jobs: list[list],
    procs: int,
    timeout: float,
    scratch: Path,
    world: dict | None = None,
    form_items: int = 50,
) -> list[dict]:
    """Run ``kind`` on len(thread_jobs) connections spread over ``procs`` processes.

    ``thread_jobs[i]`` is what thread i works on (users, or (attempt, items) pairs). Each
    process writes its result file; the merged per-thread results are returned.
    """
    ctx = multiprocessing.get_context("fork")
    procs = max(1, min(procs, len(thread_jobs)))
    barrier = ctx.Barrier(procs)
    per_proc = [thread_jobs[p::procs] for p in range(procs)]
    workers = []
    for p in range(procs):
        out = scratch / f"phase-{kind}-{p}-{secrets.token_hex(4)}.json"
        proc = ctx.Process(
            target=_closed_process,
            args=(kind, port, duration, per_proc[p], timeout, barrier, out, world, form_items),
        )
        proc.start()
        workers.append((proc, out))
    results = []
    for proc, out in workers:
        proc.join(timeout=duration + timeout * 3 + 900)
        if proc.is_alive():
            proc.kill()
            proc.join()
        if out.exists():
            results.extend(json.loads(out.read_text()))
            out.unlink()
    return results


def _closed_process(
    kind: str,
    port: int,
    duration: float,
    jobs: list,
    timeout: float,
    barrier: object,
    out: Path,
    world: dict | None,
    form_items: int,
) -> None:
    threads_ready = threading.Barrier(len(jobs) + 1)
    go = threading.Event()
    start_box: list[float] = []
    results: list[dict] = [{} for _ in jobs]

    def thread_main(index: int) -> None:
        conn = Conn(port, timeout)
        result = results[index]
        prepared = None
        try:
            prepared = _prepare(kind, conn, jobs[index], world, result)
        except Exception as exc:
            result["prepare_error"] = repr(exc)
        with contextlib.suppress(threading.BrokenBarrierError):
            threads_ready.wait(timeout=timeout * 4 + 60)
        go.wait(timeout=timeout * 4 + 120)
        if not start_box:
            return
        t0 = start_box[0]
        result["t0"] = t0
        try:
            _run(kind, conn, prepared, t0 + duration, world, result, form_items)
        except Exception as exc:
            result["exception"] = repr(exc)
        result["retries"] = conn.retries
        conn.close()

    threads = [
        threading.Thread(target=thread_main, args=(i,), daemon=True) for i in range(len(jobs))
    ]
    for thread in threads:
        thread.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        threads_ready.wait(timeout=timeout * 4 + 60)
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=timeout * 4 + 90)
    start_box.append(time.monotonic())
    go.set()
    for thread in threads:
        thread.join(timeout=duration + timeout * 2 + 900)
    out.write_text(json.dumps(results))


def _prepare(kind: str, conn: Conn, job: object, world: dict | None, result: dict) -> object:
    """Untimed preparation: the save phase opens one attempt per connection."""
    if kind != "save":
        return job
    user = world["users"][job[0]]
    status, body = conn.call(
        "POST",
        f"{API}/assessments/{world['assessment_id']}/attempts",
        {"enrollment_id": user["enrollment_id"]},
        user["token"],
    )
    if status not in (200, 201):
        result["prepare_error"] = status
        return None
    data = json.loads(body)
    items = [(item["item_id"], item["options"][0]["option_id"]) for item in data["items"]]
    result["attempt"] = {"attempt_id": data["attempt_id"], "items": items}
    return (user, data["attempt_id"], items)


def _run(
    kind: str,
    conn: Conn,
    job: object,
    deadline: float,
    world: dict | None,
    result: dict,
    form_items: int,
) -> None:
    samples: dict[str, list] = {}

    def record(op: str, started: float, status: int) -> None:
        done = time.monotonic()
        samples.setdefault(op, []).append([done, done - started, status])

    if kind == "cycle":
        _run_cycles(conn, job, deadline, world, record, result)
    elif kind == "start":
        _run_starts(conn, job, deadline, world, record, result)
    elif kind == "save" and job is not None:
        user, attempt_id, items = job
        seq = 0
        while time.monotonic() < deadline and seq < 10_000_000:
            item_id, option_id = items[seq % len(items)]
            seq += 1
            started = time.monotonic()
            status, _ = conn.call(
                "PUT",
                f"{API}/attempts/{attempt_id}/answers/{item_id}",
                {"option_ids": [option_id], "client_seq": seq},
                user["token"],
            )
            record("save", started, status)
    elif kind == "hello":
        count = 0
        while time.monotonic() < deadline and count < 10_000_000:
            count += 1
            started = time.monotonic()
            status, _ = conn.call("GET", f"{API}/bench/hello")
            record("hello", started, status)
    elif kind == "upsert" and job:
        attempt_id, items = job["attempt_id"], job["items"]
        seq = 0
        while time.monotonic() < deadline and seq < 10_000_000:
            item_id, option_id = items[seq % len(items)]
            seq += 1
            started = time.monotonic()
            status, _ = conn.call(
                "PUT",
                f"{API}/bench/upsert/{attempt_id}/{item_id}",
                {"option_ids": [option_id], "client_seq": seq},
            )
            record("upsert", started, status)
    result["samples"] = samples


def _run_cycles(conn: Conn, users: list, deadline: float, world: dict, record, result: dict):
    """Virtual examinee: start, one save per item, submit; next attempt or next user."""
    cycles = 0
    attempts_per_user = 4  # max_attempts is 5: never exhausted, nobody passes by chance
    for user_index in users:
        user = world["users"][user_index]
        for _repeat in range(attempts_per_user):
            if time.monotonic() >= deadline:
                result["cycles"] = cycles
                return
            started = time.monotonic()
            status, body = conn.call(
                "POST",
                f"{API}/assessments/{world['assessment_id']}/attempts",
                {"enrollment_id": user["enrollment_id"]},
                user["token"],
            )
            record("start", started, status)
            if status not in (200, 201):
                break
            data = json.loads(body)
            attempt_id = data["attempt_id"]
            for seq, item in enumerate(data["items"], start=1):
                if time.monotonic() >= deadline:
                    result["cycles"] = cycles
                    return
                started = time.monotonic()
                status, _ = conn.call(
                    "PUT",
                    f"{API}/attempts/{attempt_id}/answers/{item['item_id']}",
                    {"option_ids": [item["options"][0]["option_id"]], "client_seq": seq},
                    user["token"],
                )
                record("save", started, status)
            if time.monotonic() >= deadline:
                result["cycles"] = cycles
                return
            started = time.monotonic()
            status, _ = conn.call(
                "POST", f"{API}/attempts/{attempt_id}/submit", None, user["token"]
            )
            record("submit", started, status)
            cycles += 1
    result["cycles"] = cycles
    result["ran_out_of_users"] = True


def _run_starts(conn: Conn, users: list, deadline: float, world: dict, record, result: dict):
    """The start storm: open (or resume) one attempt per user, keep the form for the clients."""
    examinees = []
    for user_index in users:
        if time.monotonic() >= deadline:
            break
        user = world["users"][user_index]
        started = time.monotonic()
        status, body = conn.call(
            "POST",
            f"{API}/assessments/{world['assessment_id']}/attempts",
            {"enrollment_id": user["enrollment_id"]},
            user["token"],
        )
        record("start", started, status)
        if status in (200, 201):
            data = json.loads(body)
            examinees.append(
                {
                    "u": user_index,
                    "attempt_id": data["attempt_id"],
                    "items": [
                        [item["item_id"], [o["option_id"] for o in item["options"]]]
                        for item in data["items"]
                    ],
                }
            )
    result["examinees"] = examinees


# --- Open loop ----------------------------------------------------------------------------------


def build_schedule(
    examinees: list[dict],
    *,
    rate: float,
    duration: float,
    seq_base: int,
    late_users: list[int],
    seed: int,
) -> list[tuple]:
    """Events (t, kind, ...) for one open-loop run; saves at ``rate`` in total.

    Examinee i answers every N/rate seconds with a phase offset, so the sends are spread
    evenly; answer k goes to item (k // 2) mod form length with a varying option, so every
    item is answered and then changed (the stored answer must be the *last* one sent).
    Late users start an attempt at a random time in the first half and submit it half the
    run later: the mixed-in starts and submits.
    """
    rng = random.Random(seed)  # deterministic schedule, not security
    events: list[tuple] = []
    count = len(examinees)
    if count and rate > 0:
        interval = count / rate
        for index, examinee in enumerate(examinees):
            offset = (index / count) * interval + rng.uniform(0, interval / count)
            k = 0
            t = offset
            while t < duration and k < 100_000:
                items = examinee["items"]
                item_id, options = items[(k // 2) % len(items)]
                option_id = options[(k + index) % len(options)]
                events.append(
                    (
                        t,
                        "save",
                        examinee["u"],
                        examinee["attempt_id"],
                        item_id,
                        seq_base + k + 1,
                        option_id,
                    )
                )
                k += 1
                t = offset + k * interval
    for user_index in late_users:
        t = rng.uniform(0, duration / 2)
        events.append((t, "start", user_index))
        events.append((t + duration / 2, "submit", user_index))
    events.sort(key=lambda e: e[0])
    return events


def run_open_loop(
    *,
    port: int,
    events: list[tuple],
    duration: float,
    connections: int,
    procs: int,
    timeout: float,
    scratch: Path,
    world: dict,
) -> dict:
    """Send the events at their scheduled times on ``connections`` keep-alive connections."""
    ctx = multiprocessing.get_context("fork")
    procs = max(1, procs)
    barrier = ctx.Barrier(procs)
    # Partition by examinee so a user's start and submit stay in one process.
    parts: list[list[tuple]] = [[] for _ in range(procs)]
    for event in events:
        parts[event[2] % procs].append(event)
    per_proc_conns = max(1, connections // procs)
    workers = []
    for p in range(procs):
        out = scratch / f"open-{p}-{secrets.token_hex(4)}.json"
        proc = ctx.Process(
            target=_open_process,
            args=(port, parts[p], duration, per_proc_conns, timeout, barrier, out, world),
        )
        proc.start()
        workers.append((proc, out))
    merged: dict = {
        "samples": {},
        "ledger": [],
        "late_dispatch": 0,
        "dropped": 0,
        "retries": 0,
        "client_failures": 0,
    }
    for proc, out in workers:
        proc.join(timeout=duration + timeout * 3 + 120)
        if proc.is_alive():
            proc.kill()
            proc.join()
        if not out.exists():
            merged["client_failures"] += 1
            continue
        part = json.loads(out.read_text())
        out.unlink()
        for op, samples in part["samples"].items():
            merged["samples"].setdefault(op, []).extend(samples)
        merged["ledger"].extend(part["ledger"])
        for key in ("late_dispatch", "dropped", "retries"):
            merged[key] += part[key]
        merged.setdefault("t0", []).append(part["t0"])
    return merged


def _open_process(
    port: int,
    events: list[tuple],
    duration: float,
    connections: int,
    timeout: float,
    barrier: object,
    out: Path,
    world: dict,
) -> None:
    work: queue.Queue = queue.Queue()
    lock = threading.Lock()
    samples: dict[str, list] = {}
    ledger: list[list] = []
    attempts: dict[int, int] = {}  # late user -> attempt id
    retries = [0]
    skipped = [0]
    drain = min(timeout, 30.0)
    t0_box: list[float] = []

    def worker() -> None:
        conn = Conn(port, timeout)
        for _ in range(len(events) + 1):
            event = work.get()
            if event is None:
                break
            scheduled = t0_box[0] + event[0]
            if time.monotonic() > t0_box[0] + duration + drain:
                with lock:
                    skipped[0] += 1  # too late to send: counted as not sent (an error)
                continue
            kind, user_index = event[1], event[2]
            user = world["users"][user_index]
            if kind == "save":
                _k, _u, attempt_id, item_id, seq, option_id = event[1:]
                status, body = conn.call(
                    "PUT",
                    f"{API}/attempts/{attempt_id}/answers/{item_id}",
                    {"option_ids": [option_id], "client_seq": seq},
                    user["token"],
                )
                saved = False
                if status == 200:
                    with contextlib.suppress(ValueError):
                        saved = bool(json.loads(body).get("saved"))
                done = time.monotonic()
                with lock:
                    samples.setdefault("save", []).append([done, done - scheduled, status])
                    ledger.append([attempt_id, item_id, seq, option_id, status, saved])
            elif kind == "start":
                status, body = conn.call(
                    "POST",
                    f"{API}/assessments/{world['assessment_id']}/attempts",
                    {"enrollment_id": user["enrollment_id"]},
                    user["token"],
                )
                done = time.monotonic()
                if status in (200, 201):
                    attempts[user_index] = json.loads(body)["attempt_id"]
                with lock:
                    samples.setdefault("start", []).append([done, done - scheduled, status])
            elif kind == "submit":
                attempt_id = attempts.get(user_index)
                if attempt_id is None:
                    continue  # its start failed: counted there
                status, _ = conn.call(
                    "POST", f"{API}/attempts/{attempt_id}/submit", None, user["token"]
                )
                done = time.monotonic()
                with lock:
                    samples.setdefault("submit", []).append([done, done - scheduled, status])
        with lock:
            retries[0] += conn.retries
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=120)
    t0_box.append(time.monotonic())
    for thread in threads:
        thread.start()
    late = 0
    for event in events:
        target = t0_box[0] + event[0]
        delay = target - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        elif delay < -0.05:
            late += 1  # the dispatcher itself fell behind (client saturated)
        work.put(event)
    for _ in threads:
        work.put(None)
    for thread in threads:
        thread.join(timeout=max(1.0, t0_box[0] + duration + drain + timeout - time.monotonic()))
    dropped = work.qsize()
    with lock:
        result = {
            "samples": {op: list(values) for op, values in samples.items()},
            "ledger": list(ledger),
            "late_dispatch": late,
            "dropped": dropped + skipped[0],
            "retries": retries[0],
            "t0": t0_box[0],
        }
    out.write_text(json.dumps(result))


# --- Servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def parse_server(spec: str) -> dict:
    name, _sep, shape = spec.partition(":")
    workers, _x, threads = (shape or "2x4").partition("x")
    if name not in ("gunicorn-sync", "gunicorn-gthread", "granian"):
        raise SystemExit(f"unknown server {name!r} (gunicorn-sync, gunicorn-gthread, granian)")
    return {"name": name, "workers": int(workers), "threads": int(threads or 1), "spec": spec}


def server_command(server: dict, port: int) -> list[str]:
    bindir = Path(sys.executable).parent
    if server["name"] == "granian":
        return [
            str(bindir / "granian"),
            "--interface",
            "wsgi",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(server["workers"]),
            "--blocking-threads",
            str(server["threads"]),
            "--http",
            "1",
            "--no-ws",
            "--log-level",
            "warning",
            "bangkom.wsgi:application",
        ]
    command = [
        str(bindir / "gunicorn"),
        "bangkom.wsgi:application",
        "-b",
        f"{HOST}:{port}",
        "-w",
        str(server["workers"]),
        "--keep-alive",
        "75",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    if server["name"] == "gunicorn-gthread":
        command += ["-k", "gthread", "--threads", str(server["threads"])]
    else:
        command += ["-k", "sync"]
    return command


class Server:
    def __init__(self, server: dict, env: dict, scratch: Path) -> None:
        self.port = free_port()
        self.log_path = (
            scratch / f"server-{server['name']}-{server['workers']}x{server['threads']}.log"
        )
        self.log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            server_command(server, self.port),
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, by its id
        )
        try:
            wait_for_server(self.port, 90, self.proc)
        except Exception:
            self.stop()
            raise

    def server_errors(self) -> int:
        text = self.log_path.read_text(errors="replace")
        return text.count("Traceback") + text.count("API error")

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


# --- Database ----------------------------------------------------------------------------------


class ThrowawayPostgres:
    """initdb + pg_ctl as the postgres user, on 127.0.0.1 and a free port; deleted at stop."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise SystemExit(f"PostgreSQL 15 binaries not found in {PG_BIN}")
        self.dir = Path(tempfile.mkdtemp(prefix="bangkom-exam-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.started = False
        self._pg(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses={HOST} -p {self.port} -k {self.dir} "
            "-c max_connections=200 -c shared_buffers=256MB"
        )
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self.started = True
        self._pg("createdb", "-h", HOST, "-p", str(self.port), "-U", "postgres", "bangkom")
        self.url = f"postgres://postgres@{HOST}:{self.port}/bangkom"

    def _pg(self, tool: str, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / tool), *args],
            cwd="/tmp",
            check=True,
            capture_output=True,
            timeout=120,
        )

    def postmaster_pid(self) -> int:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return 0

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(subprocess.SubprocessError):
                self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


# --- Django children (setup, verification) -------------------------------------------------------


def run_child(mode: str, child_args: dict, env: dict) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
    command += ["--child-args", json.dumps(child_args)]
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=1800
    )
    if completed.returncode:
        raise SystemExit(f"{mode} child failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def child_main(mode: str, child_args: dict) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings")
    import django

    django.setup()
    if mode == "setup":
        print(json.dumps(create_world(**child_args)))
    elif mode == "verify":
        print(json.dumps(verify_ledger(**child_args)))
    else:
        raise SystemExit(f"unknown child mode {mode}")


def bench_nip(n: int) -> tuple[str, object]:
    """A valid 18-digit NIP for sequence number n (unique for n < 100 million)."""
    from datetime import date, timedelta

    birth = date(1970, 1, 1) + timedelta(days=n % 9000)
    month = 1 + (n // 9000) % 12
    serial = 1 + (n // 108_000) % 999
    return f"{birth:%Y%m%d}{birth.year + 22:04d}{month:02d}1{serial:03d}", birth


def create_world(
    *, users: int, bank_items: int, form_items: int, prestart: int, world_path: str
) -> dict:
    """The exam world, created directly with the ORM (bulk inserts); tokens to world_path.

    The first ``prestart`` users also get an open attempt, inserted in bulk (untimed).
    """
    from datetime import timedelta
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from bangkom.accounts.choices import EmployeeType, Gender, InstitutionKind, Role
    from bangkom.accounts.models import ApiToken, Employee, Institution, RoleAssignment, User
    from bangkom.accounts.nip import parse_nip
    from bangkom.accounts.tokens import hash_token
    from bangkom.assessments.choices import AssessmentKind, ItemStatus, ItemType
    from bangkom.assessments.models import Assessment, Item, ItemBank, ItemVersion
    from bangkom.curriculum.choices import LearningForm, OfferingStatus, ProgramType
    from bangkom.curriculum.models import Offering, Program, Subject
    from bangkom.learning.choices import EnrollmentStatus
    from bangkom.learning.models import Enrollment

    started = time.perf_counter()
    now = timezone.now()
    for n in (0, users - 1):
        parse_nip(bench_nip(n)[0])  # the generated NIPs are valid ones
    with transaction.atomic():
        institution = Institution.objects.create(
            code="bench-instansi",
            name="Instansi Uji Beban",
            kind=InstitutionKind.PEMPROV,
            province_code="32",
        )
        program = Program.objects.create(
            code="BENCH",
            title="Pelatihan Uji Beban",
            program_type=ProgramType.MANAJERIAL,
            learning_form=LearningForm.NKL03,
            total_jp=Decimal("20"),
        )
        subject = Subject.objects.create(
            program=program, order=1, title="Mata Pelatihan Uji Beban", jp=Decimal("4")
        )
        offering = Offering.objects.create(
            program=program,
            code="BENCH-1",
            name="Angkatan Uji Beban",
            status=OfferingStatus.RUNNING,
            enrollment_opens_at=now - timedelta(days=10),
            enrollment_closes_at=now + timedelta(days=10),
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=30),
            requires_supervisor_approval=False,
        )
        bank = ItemBank.objects.create(
            code="BENCH-BANK", title="Bank Uji Beban", program=program, subject=subject
        )
        items = Item.objects.bulk_create(
            [
                Item(
                    bank=bank,
                    item_type=ItemType.SINGLE,
                    status=ItemStatus.ACTIVE,
                    subject=subject,
                    difficulty="sedang",
                )
                for _ in range(bank_items)
            ],
            batch_size=1000,
        )
        versions = ItemVersion.objects.bulk_create(
            [
                ItemVersion(
                    item=item,
                    number=1,
                    stem_html=f"<p>Pertanyaan uji beban nomor {index + 1}?</p>",
                    options=[
                        {"text": f"<p>Pilihan {chr(65 + o)}</p>", "correct": o == 0, "points": 0}
                        for o in range(4)
                    ],
                )
                for index, item in enumerate(items)
            ],
            batch_size=1000,
        )
        for item, version in zip(items, versions, strict=True):
            item.current_version = version
        Item.objects.bulk_update(items, ["current_version"], batch_size=1000)
        assessment = Assessment.objects.create(
            offering=offering,
            kind=AssessmentKind.SUBJECT,
            subject=subject,
            title="Ujian Uji Beban",
            passing_score=Decimal("70"),
            max_attempts=5,
            duration_minutes=600,
            item_count=form_items,
            is_published=True,
        )
        assessment.banks.set([bank])

    tokens = [secrets.token_urlsafe(32) for _ in range(users)]
    enrollment_ids: list[int] = []
    batch = 2000
    for first in range(0, users, batch):
        numbers = range(first, min(users, first + batch))
        with transaction.atomic():
            employees = Employee.objects.bulk_create(
                [
                    Employee(
                        nip=bench_nip(n)[0],
                        name=f"Peserta Uji {n + 1}",
                        gender=Gender.MALE,
                        birth_date=bench_nip(n)[1],
                        employee_type=EmployeeType.PNS,
                        institution=institution,
                    )
                    for n in numbers
                ]
            )
            people = User.objects.bulk_create(
                [
                    User(
                        nip=employee.nip,
                        name=employee.name,
                        employee=employee,
                        password="!bench-unusable",  # noqa: S106 - unusable password marker
                        is_active=True,
                    )
                    for employee in employees
                ]
            )
            RoleAssignment.objects.bulk_create(
                [RoleAssignment(user=user, role=Role.PESERTA) for user in people]
            )
            enrollments = Enrollment.objects.bulk_create(
                [
                    Enrollment(
                        offering=offering,
                        participant=user,
                        status=EnrollmentStatus.ENROLLED,
                        decided_at=now,
                    )
                    for user in people
                ]
            )
            ApiToken.objects.bulk_create(
                [
                    ApiToken(
                        user=user,
                        token_hash=hash_token(tokens[n]),
                        created_at=now,
                        expires_at=now + timedelta(days=2),
                    )
                    for n, user in zip(numbers, people, strict=True)
                ]
            )
            enrollment_ids.extend(e.pk for e in enrollments)
    examinees = prestart_attempts(assessment, enrollment_ids[:prestart], now=now)
    world = {
        "assessment_id": assessment.pk,
        "examinees": examinees,
        "users": [
            {"token": token, "enrollment_id": enrollment_id}
            for token, enrollment_id in zip(tokens, enrollment_ids, strict=True)
        ],
    }
    Path(world_path).write_text(json.dumps(world))
    return {
        "assessment_id": assessment.pk,
        "users": users,
        "prestarted": len(examinees),
        "seconds": time.perf_counter() - started,
    }


def prestart_attempts(assessment: object, enrollment_ids: list[int], *, now: object) -> list:
    """Open attempts as the engine's start would, in bulk: drawn form, answer rows, log.

    Only to seat thousands of examinees quickly before the open loop; the start endpoint
    itself is measured by the start storm and by the starts mixed into the open loop.
    """
    from datetime import timedelta

    from django.db import transaction

    from bangkom.assessments.assembly import draw_form
    from bangkom.assessments.attempts import _blueprint
    from bangkom.assessments.choices import AttemptEventKind
    from bangkom.assessments.models import Answer, Attempt, AttemptEvent, ItemVersion
    from bangkom.assessments.option_ids import option_token
    from bangkom.assessments.pool import pool_for
    from bangkom.learning.models import Enrollment

    (pool, _exposure), blueprint = pool_for(assessment), _blueprint(assessment)
    participants = dict(
        Enrollment.objects.filter(pk__in=enrollment_ids).values_list("pk", "participant_id")
    )
    deadline = now + timedelta(minutes=assessment.duration_minutes)
    examinees: list[dict] = []
    drawn_versions: set[int] = set()
    for first in range(0, len(enrollment_ids), 500):
        attempts, forms = [], []
        for enrollment_id in enrollment_ids[first : first + 500]:
            seed = secrets.randbits(62)
            drawn = draw_form(
                pool, blueprint, seed=seed, shuffle_options=assessment.shuffle_options
            )
            drawn_versions.update(e.version_id for e in drawn.entries)
            forms.append(drawn.entries)
            attempts.append(
                Attempt(
                    assessment=assessment,
                    enrollment_id=enrollment_id,
                    participant_id=participants[enrollment_id],
                    number=1,
                    slot=1,
                    seed=seed,
                    form=[e.as_json() for e in drawn.entries],
                    passing_score=assessment.passing_score,
                    max_attempts=assessment.max_attempts,
                    duration_minutes=assessment.duration_minutes,
                    started_at=now,
                    deadline=deadline,
                )
            )
        with transaction.atomic():
            Attempt.objects.bulk_create(attempts)
            Answer.objects.bulk_create(
                [
                    Answer(attempt=attempt, item_id=e.item_id, position=e.position)
                    for attempt, entries in zip(attempts, forms, strict=True)
                    for e in entries
                ],
                batch_size=5000,
            )
            AttemptEvent.objects.bulk_create(
                [AttemptEvent(attempt=a, kind=AttemptEventKind.STARTED, at=now) for a in attempts]
            )
        for offset, (attempt, entries) in enumerate(zip(attempts, forms, strict=True)):
            examinees.append(
                {
                    "u": first + offset,
                    "attempt_id": attempt.pk,
                    "items": [
                        [
                            e.item_id,
                            [option_token(attempt.pk, e.item_id, i) for i in e.option_order],
                        ]
                        for e in entries
                    ],
                }
            )
    ItemVersion.objects.filter(pk__in=drawn_versions).update(is_locked=True)
    return examinees


def verify_ledger(*, ledger_path: str) -> dict:
    """Compare the client ledger with the stored answers (the oracle of RELIABILITY.md 2.0).

    Lost: an acknowledged answer that is not the stored one (stored older, or different),
    or a stored answer newer than the last acknowledged one that no client ever sent.
    """
    from bangkom.assessments.models import Answer

    ledger = json.loads(Path(ledger_path).read_text())
    acked: dict[tuple[int, int], tuple[int, str]] = {}
    sent: dict[tuple[int, int, int], str] = {}
    last_sent: dict[tuple[int, int], tuple[int, str]] = {}
    for attempt_id, item_id, seq, option_id, status, saved in ledger:
        key = (attempt_id, item_id)
        sent[(attempt_id, item_id, seq)] = option_id
        if key not in last_sent or last_sent[key][0] < seq:
            last_sent[key] = (seq, option_id)
        if status == 200 and saved and (key not in acked or acked[key][0] < seq):
            acked[key] = (seq, option_id)
    attempt_ids = sorted({key[0] for key in last_sent})
    stored: dict[tuple[int, int], tuple[int, list]] = {}
    for first in range(0, len(attempt_ids), 2000):
        rows = Answer.objects.filter(attempt_id__in=attempt_ids[first : first + 2000]).values_list(
            "attempt_id", "item_id", "client_seq", "option_ids"
        )
        for attempt_id, item_id, seq, option_ids in rows.iterator(chunk_size=5000):
            stored[(attempt_id, item_id)] = (seq, option_ids)
    lost, phantom, differs_from_last_sent = 0, 0, 0
    examples = []
    for key, (seq, option_id) in acked.items():
        db_seq, db_options = stored.get(key, (-1, None))
        if db_seq < seq or (db_seq == seq and db_options != [option_id]):
            lost += 1
            if len(examples) < 5:
                examples.append({"key": key, "acked": [seq, option_id], "db": [db_seq, db_options]})
        elif db_seq > seq and [sent.get((*key, db_seq))] != db_options:
            phantom += 1  # stored something newer that no client sent
    for key, (seq, option_id) in last_sent.items():
        if stored.get(key) != (seq, [option_id]):
            differs_from_last_sent += 1
    return {
        "pairs_sent": len(last_sent),
        "pairs_acked": len(acked),
        "saves_sent": len(ledger),
        "lost": lost,
        "phantom": phantom,
        "differs_from_last_sent": differs_from_last_sent,
        "examples": examples,
    }


# --- Orchestration -----------------------------------------------------------------------------


# --- CPU accounting -----------------------------------------------------------------------------
# The machine is shared (clients, server, database, and whatever else runs): besides wall-clock
# rates, each phase records the CPU seconds its server, database and clients used, so the cost
# per request can be compared between runs whatever else was running.

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu() -> list[tuple[int, int, int, float]]:
    """(pid, ppid, process group, CPU seconds incl. reaped children) of every process."""
    table = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rfind(")") + 2 :].split()
        ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        table.append((int(entry.name), int(fields[1]), int(fields[2]), ticks / CLOCK_TICKS))
    return table


class CpuMeter:
    """CPU seconds of the server (its process group), PostgreSQL (if ours) and the clients."""

    def __init__(self, bench: Bench) -> None:
        self.server_pgid = bench.server.proc.pid if bench.server else 0
        self.postmaster = bench.pg.postmaster_pid() if bench.pg else 0
        self.cpus = os.cpu_count() or 1

    def sample(self) -> tuple[float, float, float]:
        server = db = 0.0
        for pid, ppid, pgrp, seconds in process_cpu():
            if self.server_pgid and pgrp == self.server_pgid:
                server += seconds
            elif self.postmaster and self.postmaster in (pid, ppid):
                db += seconds
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return server, db, usage.ru_utime + usage.ru_stime

    def __enter__(self) -> CpuMeter:
        self.started = time.monotonic()
        self.before = self.sample()
        return self

    def __exit__(self, *exc: object) -> None:
        after = self.sample()
        self.wall = time.monotonic() - self.started
        self.server, self.db, self.client = (a - b for a, b in zip(after, self.before, strict=True))

    @property
    def share(self) -> float:
        """Share of the machine's CPUs this phase got (the rest went elsewhere or idled)."""
        return (self.server + self.db + self.client) / (self.cpus * self.wall) if self.wall else 0

    def per_request(self, requests: int) -> dict:
        total = self.server + self.db + self.client
        per = total / requests if requests else 0.0
        return {
            "requests": requests,
            "wall_s": round(self.wall, 2),
            "server_cpu_s": round(self.server, 2),
            "db_cpu_s": round(self.db, 2),
            "client_cpu_s": round(self.client, 2),
            "server_db_ms_per_req": 1000 * (self.server + self.db) / requests if requests else 0,
            "client_ms_per_req": 1000 * self.client / requests if requests else 0,
            "machine_share": round(self.share, 2),
            # if the whole machine were ours and CPU the only limit (no fsync, no lock waits)
            "cpu_bound_estimate_per_s": self.cpus / per if per else 0,
        }

    def __str__(self) -> str:
        return (
            f"[cpu server {self.server:.1f} s, db {self.db:.1f} s, clients {self.client:.1f} s; "
            f"machine share {self.share:.0%}]"
        )


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.scratch = Path(tempfile.mkdtemp(prefix="bangkom-exam-load-"))
        self.pg: ThrowawayPostgres | None = None
        self.server: Server | None = None
        self.report: dict = {
            "machine": {"cpus": os.cpu_count(), "loadavg_at_start": loadavg()},
            "args": {k: v for k, v in vars(args).items() if not k.startswith("child")},
        }
        self.next_user = 0

    # users are handed out once, in order, so no two phases share an examinee
    def take_users(self, count: int) -> list[int]:
        first = self.next_user
        self.next_user += count
        if self.next_user > self.total_users:
            raise SystemExit("internal: user pool too small")
        return list(range(first, first + count))

    def env(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("BANGKOM_", "DJANGO_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="bangkom.settings",
            BANGKOM_DEBUG="0",
            BANGKOM_SECRET_KEY=self.secret_key,
            BANGKOM_ALLOWED_HOSTS=HOST,
            BANGKOM_SECURE_SSL_REDIRECT="0",
            BANGKOM_BENCH_ENDPOINTS="1",
            BANGKOM_DATA_DIR=str(self.scratch / "data"),
            BANGKOM_DB_CONN_MAX_AGE="600",
            BANGKOM_LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
        )
        if self.database_url:
            env["BANGKOM_DATABASE_URL"] = self.database_url
        return env

    def run(self) -> None:
        args = self.args
        self.secret_key = secrets.token_urlsafe(50)
        if args.sqlite:
            self.database_url = ""  # the settings' default: SQLite in BANGKOM_DATA_DIR
            vendor = "sqlite"
        elif args.database_url:
            self.database_url = args.database_url
            vendor = "postgresql (given)"
        else:
            print("starting a throwaway PostgreSQL 15 cluster on 127.0.0.1 ...", flush=True)
            self.pg = ThrowawayPostgres()
            self.database_url = self.pg.url
            vendor = f"postgresql 15 (throwaway, port {self.pg.port})"
        self.report["database"] = vendor
        servers = [parse_server(spec) for spec in args.servers.split(",") if spec.strip()]
        users_per_thread = math.ceil(args.cycle_duration / 5) + 2
        sat_users = (
            0 if args.skip_saturation else len(servers) * args.clients * (users_per_thread + 1)
        )
        late = self.late_user_count()
        self.total_users = self.examinee_count() + late + sat_users
        print(f"scratch: {self.scratch}\ndatabase: {vendor}", flush=True)
        started = time.perf_counter()
        migrated = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
            cwd=ROOT,
            env=self.env(),
            check=False,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if migrated.returncode:
            raise SystemExit(f"migrate failed:\n{migrated.stderr[-4000:]}")
        world_path = self.scratch / "world.json"
        made = run_child(
            "setup",
            {
                "users": self.total_users,
                "bank_items": args.bank_items,
                "form_items": args.form_items,
                "prestart": self.prestart_count(),
                "world_path": str(world_path),
            },
            self.env(),
        )
        self.world = json.loads(world_path.read_text())
        self.report["setup"] = {
            "users": self.total_users,
            "prestarted_attempts": made["prestarted"],
            "bank_items": args.bank_items,
            "form_items": args.form_items,
            "seconds": round(time.perf_counter() - started, 1),
        }
        print(
            f"setup: migrate + {self.total_users:,} examinees, {args.bank_items:,} items in "
            f"{self.report['setup']['seconds']} s (world {made['seconds']:.1f} s)",
            flush=True,
        )
        self.prestarted_users = self.take_users(self.prestart_count())
        self.storm_users = self.take_users(self.examinee_count() - self.prestart_count())
        self.late_users = self.take_users(late)
        if not args.skip_saturation:
            self.report["saturation"] = [
                self.saturation(server, users_per_thread) for server in servers
            ]
            best = max(self.report["saturation"], key=lambda r: r["save"]["per_s"])
            best_server = next(s for s in servers if s["spec"] == best["server"])
        else:
            best_server = servers[0]
        self.report["open_loop_server"] = best_server["spec"]
        if not args.skip_open_loop:
            if args.sqlite or args.ceiling:
                self.report["ceiling"] = self.ceiling(best_server)
            else:
                self.report["open_loop"] = self.open_loop(best_server)
        self.report["machine"]["loadavg_at_end"] = loadavg()

    def examinee_count(self) -> int:
        return 0 if self.args.skip_open_loop else self.args.examinees

    def prestart_count(self) -> int:
        if self.args.skip_open_loop:
            return 0
        return max(0, self.args.examinees - max(0, self.args.storm_examinees))

    def late_user_count(self) -> int:
        args = self.args
        if args.skip_open_loop:
            return 0
        if args.sqlite or args.ceiling:
            total = 0
            for rate in self.ceiling_rates():
                total += self.mixed_count(rate)
            return total
        return self.mixed_count(args.rate)

    def mixed_count(self, rate: float) -> int:
        # a share of the examinees that this rate stands for, starting and submitting
        if self.args.mixed_share <= 0:
            return 0
        return max(1, math.ceil(self.args.mixed_share * rate * self.args.think))

    def ceiling_rates(self) -> list[float]:
        rates, rate = [], self.args.ceiling_start
        while rate <= self.args.ceiling_max and len(rates) < 20:
            rates.append(round(rate, 1))
            rate *= self.args.ceiling_factor
        return rates

    def start_server(self, server: dict) -> Server:
        self.server = Server(server, self.env(), self.scratch)
        return self.server

    def stop_server(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def closed(self, kind: str, duration: float, jobs: list, **extra: object) -> tuple:
        """One closed-loop phase on the running server, with the CPU it cost."""
        with CpuMeter(self) as meter:
            results = run_closed_phase(
                kind,
                port=self.server.port,
                duration=duration,
                thread_jobs=jobs,
                procs=self.args.client_procs,
                timeout=self.args.timeout,
                scratch=self.scratch,
                **extra,
            )
        return results, meter

    def saturation(self, server: dict, users_per_thread: int) -> dict:
        args = self.args
        print(
            f"\n[{server['spec']}] closed-loop saturation, {args.clients} connections, "
            f"load {loadavg()}",
            flush=True,
        )
        self.start_server(server)
        try:
            row: dict = {"server": server["spec"], "loadavg_before": loadavg(), "cpu": {}}
            jobs = [self.take_users(users_per_thread) for _ in range(args.clients)]
            results, meter = self.closed(
                "cycle", args.cycle_duration, jobs, world=self.world, form_items=args.form_items
            )
            window = self.window(results, args.cycle_duration)
            for op in ("start", "save", "submit"):
                row[f"cycle_{op}"] = summarise(self.samples(results, op), window)
            row["cpu"]["cycle"] = meter.per_request(
                sum(len(self.samples(results, op)) for op in ("start", "save", "submit"))
            )
            row["cycles"] = sum(r.get("cycles", 0) for r in results)
            row["ran_out_of_users"] = any(r.get("ran_out_of_users") for r in results)
            print(
                f"  cycle : {row['cycle_save']['per_s']:7.1f} answers/s  save p50/p99 "
                f"{ms_pair(row['cycle_save'])} ms, start p50/p99 {ms_pair(row['cycle_start'])} "
                f"ms, submit p50/p99 {ms_pair(row['cycle_submit'])} ms  {meter}",
                flush=True,
            )
            jobs = [self.take_users(1) for _ in range(args.clients)]
            results, meter = self.closed("save", args.save_duration, jobs, world=self.world)
            attempts = [r["attempt"] for r in results if "attempt" in r]
            self.record(row, "save", results, meter, args.save_duration)
            row["save"]["prepare_errors"] = sum(1 for r in results if "prepare_error" in r)
            results, meter = self.closed("hello", args.hello_duration, [None] * args.clients)
            self.record(row, "hello", results, meter, args.hello_duration)
            upsert_jobs = [attempts[i % len(attempts)] for i in range(args.clients)]
            results, meter = self.closed("upsert", args.upsert_duration, upsert_jobs or [None])
            self.record(row, "upsert", results, meter, args.upsert_duration)
            save_rate = row["save"]["per_s"]
            row["save_over_upsert"] = (
                save_rate / row["upsert"]["per_s"] if row["upsert"]["per_s"] else 0
            )
            row["save_over_hello"] = (
                save_rate / row["hello"]["per_s"] if row["hello"]["per_s"] else 0
            )
            row["server_errors_logged"] = self.server.server_errors()
            row["loadavg_after"] = loadavg()
            return row
        finally:
            self.stop_server()

    def record(self, row: dict, op: str, results: list, meter: CpuMeter, duration: float) -> None:
        samples = self.samples(results, op)
        row[op] = summarise(samples, self.window(results, duration))
        row["cpu"][op] = meter.per_request(len(samples))
        print(
            f"  {op:<6}: {row[op]['per_s']:7.1f} req/s  p50/p99 {ms_pair(row[op])} ms, "
            f"errors {row[op]['errors']}  {meter}",
            flush=True,
        )

    @staticmethod
    def samples(results: list[dict], op: str) -> list:
        return [s for r in results for s in r.get("samples", {}).get(op, [])]

    def window(self, results: list[dict], duration: float) -> tuple[float, float]:
        starts = [r["t0"] for r in results if "t0" in r]
        t0 = min(starts) if starts else 0.0
        warmup = min(self.args.warmup, duration / 3)
        return (t0 + warmup, t0 + duration)

    def start_storm(self, port: int, users: list[int]) -> tuple[list[dict], dict]:
        args = self.args
        concurrency = max(1, min(args.start_concurrency, len(users)))
        jobs = [users[i::concurrency] for i in range(concurrency)]
        t = time.perf_counter()
        results, meter = self.closed("start", args.start_timeout, jobs, world=self.world)
        seconds = time.perf_counter() - t
        examinees = [e for r in results for e in r.get("examinees", [])]
        samples = self.samples(results, "start")
        stats = summarise(samples, (0.0, float("inf")))
        stats["per_s"] = stats["count"] / seconds if seconds else 0.0
        stats["seconds"] = round(seconds, 1)
        stats["concurrency"] = concurrency
        stats["cpu"] = meter.per_request(len(samples))
        print(
            f"  start storm: {stats['count']:,} attempts in {seconds:.0f} s "
            f"({stats['per_s']:.1f}/s, {concurrency} connections), p50/p99 "
            f"{stats['p50_ms']:.0f}/{stats['p99_ms']:.0f} ms, errors {stats['errors']}  {meter}",
            flush=True,
        )
        return examinees, stats

    def one_open_run(
        self,
        port: int,
        examinees: list[dict],
        rate: float,
        duration: float,
        step: int,
        late_users: list[int],
    ) -> dict:
        args = self.args
        events = build_schedule(
            examinees,
            rate=rate,
            duration=duration,
            seq_base=(step + 1) * 1_000_000,
            late_users=late_users,
            seed=step,
        )
        before = loadavg()
        with CpuMeter(self) as meter:
            merged = run_open_loop(
                port=port,
                events=events,
                duration=duration,
                connections=args.open_connections,
                procs=args.client_procs,
                timeout=args.timeout,
                scratch=self.scratch,
                world=self.world,
            )
        window = (0.0, float("inf"))  # every answer counts, however late
        result = {
            "target_rate": rate,
            "duration": duration,
            "examinees": len(examinees),
            "equivalent_examinees": round(rate * args.think),
            "connections": args.open_connections,
            "loadavg_before": before,
            "loadavg_after": loadavg(),
            "late_dispatch": merged["late_dispatch"],
            "not_sent": merged["dropped"],
            "retries": merged["retries"],
            "client_failures": merged["client_failures"],
            "cpu": meter.per_request(len(events)),
        }
        for op in ("save", "start", "submit"):
            result[op] = summarise(merged["samples"].get(op, []), window)
            result[op]["per_s"] = result[op]["count"] / duration
        result["save"]["scheduled"] = sum(1 for e in events if e[1] == "save")
        ledger_path = self.scratch / f"ledger-{step}.json"
        ledger_path.write_text(json.dumps(merged["ledger"]))
        result["verify"] = run_child("verify", {"ledger_path": str(ledger_path)}, self.env())
        errors = sum(result[op]["errors"] for op in ("save", "start", "submit"))
        result["errors"] = errors + max(0, merged["dropped"]) + merged["client_failures"]
        result["held"] = (
            result["errors"] == 0
            and result["verify"]["lost"] == 0
            and result["save"]["p99_ms"] < SAVE_P99_LIMIT_MS
            and result["save"]["count"] >= 0.99 * result["save"]["scheduled"]
        )
        print(
            f"  open loop {rate:7.1f}/s x {duration:.0f} s ({len(examinees):,} examinees): "
            f"save {result['save']['per_s']:.1f}/s p50/p99 {result['save']['p50_ms']:.0f}/"
            f"{result['save']['p99_ms']:.0f} ms; start p99 {result['start']['p99_ms']:.0f} ms; "
            f"submit p99 {result['submit']['p99_ms']:.0f} ms; errors {result['errors']}; "
            f"lost {result['verify']['lost']}; load {result['loadavg_after']}",
            flush=True,
        )
        return result

    def open_loop(self, server: dict) -> dict:
        args = self.args
        print(
            f"\n[{server['spec']}] open loop: {args.examinees:,} examinees, {args.rate}/s, "
            f"{args.duration:.0f} s",
            flush=True,
        )
        srv = self.start_server(server)
        try:
            examinees, storm = self.start_storm(srv.port, self.storm_users)
            examinees += self.world["examinees"]
            result = self.one_open_run(
                srv.port, examinees, args.rate, args.duration, 0, self.late_users
            )
            result["start_storm"] = storm
            result["server"] = server["spec"]
            result["server_errors_logged"] = srv.server_errors()
            return result
        finally:
            self.stop_server()

    def ceiling(self, server: dict) -> dict:
        args = self.args
        print(
            f"\n[{server['spec']}] ceiling: {args.examinees:,} examinees, steps of "
            f"{args.step_duration:.0f} s",
            flush=True,
        )
        srv = self.start_server(server)
        steps = []
        try:
            examinees, storm = self.start_storm(srv.port, self.storm_users)
            examinees += self.world["examinees"]
            late_pool = list(self.late_users)
            for step, rate in enumerate(self.ceiling_rates()):
                late = [late_pool.pop() for _ in range(min(len(late_pool), self.mixed_count(rate)))]
                result = self.one_open_run(
                    srv.port, examinees, rate, args.step_duration, step, late
                )
                steps.append(result)
                if not result["held"]:
                    break
            held = [s for s in steps if s["held"]]
            best = max(held, key=lambda s: s["target_rate"]) if held else None
            return {
                "server": server["spec"],
                "start_storm": storm,
                "steps": steps,
                "highest_rate_held": best["target_rate"] if best else 0,
                "examinees_at_one_answer_per_think": best["equivalent_examinees"] if best else 0,
                "server_errors_logged": srv.server_errors(),
            }
        finally:
            self.stop_server()

    def cleanup(self) -> None:
        self.stop_server()
        if self.pg is not None:
            self.pg.stop()
            self.pg = None
        if not self.args.keep_scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)


# --- Report ------------------------------------------------------------------------------------


def print_report(report: dict) -> None:
    print("\n=== Bangkom exam load benchmark ===")
    machine = report["machine"]
    print(
        f"machine: {machine['cpus']} CPUs shared by clients, server and database; load "
        f"average {machine['loadavg_at_start']} at start, {machine.get('loadavg_at_end')} at end"
    )
    print(f"database: {report.get('database')}")
    rows = report.get("saturation") or []
    if rows:
        print("\nClosed-loop saturation (same connections for every column):")
        header = (
            f"{'server':<22} {'answers/s':>9} {'start p50/p99':>14} {'save p50/p99':>13} "
            f"{'submit p50/p99':>15} {'save/s':>7} {'upsert/s':>8} {'hello/s':>8} "
            f"{'save/ups':>8} {'save/hel':>8} {'errs':>5}"
        )
        print(header)
        for r in rows:
            errs = sum(
                r[k]["errors"]
                for k in ("cycle_start", "cycle_save", "cycle_submit", "save", "hello", "upsert")
            )
            print(
                f"{r['server']:<22} {r['cycle_save']['per_s']:>9.1f} "
                f"{ms_pair(r['cycle_start']):>14} {ms_pair(r['cycle_save']):>13} "
                f"{ms_pair(r['cycle_submit']):>15} {r['save']['per_s']:>7.1f} "
                f"{r['upsert']['per_s']:>8.1f} {r['hello']['per_s']:>8.1f} "
                f"{r['save_over_upsert']:>8.2f} {r['save_over_hello']:>8.3f} {errs:>5}"
            )
        print("answers/s: saves completed per second in the full cycle (start, 50 saves, submit);")
        print("save/s: saves only, on open attempts; ratios use save/s.")
        print(
            "\nCPU per request (server+database / clients, ms) and the rate those costs allow "
            "if all CPUs were\nthis run's (CPU-bound estimate; ignores fsync and lock waits); "
            "share = CPU share the phase got:"
        )
        print(
            f"{'server':<22} {'save ms':>11} {'est/s':>6} {'upsert ms':>11} {'est/s':>6} "
            f"{'hello ms':>11} {'est/s':>6} {'ratio':>6} {'share':>6}"
        )
        for r in rows:
            cpu = r.get("cpu") or {}
            if not {"save", "upsert", "hello"} <= set(cpu):
                continue
            cells = []
            for op in ("save", "upsert", "hello"):
                c = cpu[op]
                cells.append(
                    f"{c['server_db_ms_per_req']:>5.2f}/{c['client_ms_per_req']:<5.2f} "
                    f"{c['cpu_bound_estimate_per_s']:>6.0f}"
                )
            est_save = cpu["save"]["cpu_bound_estimate_per_s"]
            est_upsert = cpu["upsert"]["cpu_bound_estimate_per_s"]
            ratio = est_save / est_upsert if est_upsert else 0
            print(
                f"{r['server']:<22} {' '.join(cells)} {ratio:>6.2f} "
                f"{cpu['save']['machine_share']:>6.0%}"
            )
    runs = []
    if report.get("open_loop"):
        runs = [report["open_loop"]]
        storm = report["open_loop"]["start_storm"]
        print(
            f"\nStart storm ({report['open_loop_server']}): {storm['count']:,} attempts, "
            f"{storm['per_s']:.1f}/s, p50/p99 {ms_pair(storm)} ms, errors {storm['errors']}"
        )
    ceiling = report.get("ceiling") or report.get("sqlite_ceiling")
    database = str(report.get("database", "")).split(" ")[0]
    if ceiling:
        runs = ceiling["steps"]
        storm = ceiling["start_storm"]
        print(
            f"\nStart storm ({ceiling['server']}, {database}): {storm['count']:,} attempts, "
            f"{storm['per_s']:.1f}/s, p50/p99 {ms_pair(storm)} ms, errors {storm['errors']}"
        )
    if runs:
        print("\nOpen loop (latency from the scheduled send time):")
        print(
            f"{'target/s':>8} {'equiv.':>7} {'saves/s':>8} {'save p50/p99':>13} "
            f"{'start p99':>9} {'submit p99':>10} {'errors':>6} {'lost':>5} {'held':>5} {'load':>9}"
        )
        for r in runs:
            print(
                f"{r['target_rate']:>8.1f} {r['equivalent_examinees']:>7,} "
                f"{r['save']['per_s']:>8.1f} {ms_pair(r['save']):>13} "
                f"{r['start']['p99_ms']:>9.0f} {r['submit']['p99_ms']:>10.0f} "
                f"{r['errors']:>6} {r['verify']['lost']:>5} {'yes' if r['held'] else 'NO':>5} "
                f"{r['loadavg_after']:>9}"
            )
    if ceiling:
        print(
            f"\nCeiling ({database}): {ceiling['highest_rate_held']} saves/s held (p99 < "
            f"{SAVE_P99_LIMIT_MS:.0f} ms, no errors) = "
            f"{ceiling['examinees_at_one_answer_per_think']:,} examinees at one answer per "
            f"{report['args']['think']:.0f} s"
        )
    print_targets(report)


def ms_pair(stats: dict) -> str:
    return f"{stats['p50_ms']:.0f}/{stats['p99_ms']:.0f}"


def print_targets(report: dict) -> None:
    checks = []
    rows = report.get("saturation") or []
    if rows:
        best = max(rows, key=lambda r: r["save"]["per_s"])
        checks.append(
            (
                f"save >= 10x Kolibri ({10 * KOLIBRI_HIGH:.0f}/s)",
                best["save"]["per_s"] >= 10 * KOLIBRI_HIGH,
                f"{best['save']['per_s']:.0f}/s",
            )
        )
        checks.append(
            (
                "save >= 80 % of bare upsert (same run)",
                best["save_over_upsert"] >= 0.8,
                f"{100 * best['save_over_upsert']:.0f} %",
            )
        )
    run = report.get("open_loop")
    if run:
        checks.append(
            (
                f"open loop {run['target_rate']:.0f}/s: p99 save < {SAVE_P99_LIMIT_MS:.0f} ms",
                run["save"]["p99_ms"] < SAVE_P99_LIMIT_MS,
                f"{run['save']['p99_ms']:.0f} ms",
            )
        )
        checks.append(("open loop: zero errors", run["errors"] == 0, str(run["errors"])))
        checks.append(
            ("open loop: zero lost answers", run["verify"]["lost"] == 0, str(run["verify"]["lost"]))
        )
        checks.append(
            (
                f"p99 start < {START_P99_LIMIT_MS:.0f} ms under load",
                0 < run["start"]["p99_ms"] < START_P99_LIMIT_MS,
                f"{run['start']['p99_ms']:.0f} ms",
            )
        )
        checks.append(
            (
                f"p99 submit < {SUBMIT_P99_LIMIT_MS:.0f} ms under load",
                0 < run["submit"]["p99_ms"] < SUBMIT_P99_LIMIT_MS,
                f"{run['submit']['p99_ms']:.0f} ms",
            )
        )
    if checks:
        print("\nTargets:")
        for label, ok, value in checks:
            print(f"  [{'PASS' if ok else 'FAIL'}] {label}: {value}")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        child_main(args.child, json.loads(args.child_args))
        return
    bench = Bench(args)

    def on_signal(signum: int, _frame: object) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        bench.run()
    finally:
        bench.cleanup()
    print_report(bench.report)
    if args.json:
        Path(args.json).write_text(json.dumps(bench.report, indent=2, default=str))
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()

"""Reliability against a real server: gunicorn processes, PostgreSQL, clients over loopback
(RELIABILITY.md L1 CI profile, L3, F1, F3, F7). See docs/reliability-runs.md.

Each test seeds its examinees with ``bench.exam_load.create_world`` into the test database
(committed: transactional test), starts a production-style server (DEBUG off) on a free
loopback port against that same database, and drives it with examinee threads that keep an
append-only ledger of every save and its answer. The oracle is the ledger compared with the
stored answers (``bench.exam_load.verify_ledger``) and scores recomputed independently.

PostgreSQL pass only (threads and processes need a server database); F3 also needs the
PostgreSQL binaries and root (it runs its own throwaway cluster as the postgres user and
crash-restarts it).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from bangkom.assessments.attempts import expire_overdue_attempts
from bangkom.assessments.choices import AttemptEventKind, AttemptStatus
from bangkom.assessments.models import Answer, Attempt, AttemptEvent
from tests.assessments.reliability_support import (
    API,
    HOST,
    PG_BIN,
    ROOT,
    Examinee,
    Ledger,
    ThrowawayPostgres,
    create_world,
    database_url,
    independent_score,
    percentile,
    run_threads,
    server_env,
    start_server,
    verify_ledger,
    worker_pids,
)

GUNICORN = Path(sys.executable).parent / "gunicorn"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a real server needs a server database"
    ),
    pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed"),
]


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def world(scratch: Path):
    """Seeds examinees (user, enrolment, API token) and a published subject exam."""

    def make(*, users: int, items: int, bank_items: int = 0) -> dict:
        path = scratch / "world.json"
        create_world(
            users=users,
            bank_items=bank_items or items * 10,
            form_items=items,
            prestart=0,
            world_path=str(path),
        )
        import json

        return json.loads(path.read_text())

    return make


@pytest.fixture
def serve(scratch: Path):
    """Starts gunicorn on the test database; stopped before the database is flushed."""
    servers = []

    def start(spec: str = "gunicorn-gthread:2x4", **env: str):
        url = database_url(connection.settings_dict)
        server = start_server(
            server_env(url, scratch / "data", settings.SECRET_KEY, **env), scratch, spec
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def stored_answers(attempt_id: int) -> dict[int, list[str]]:
    return dict(Answer.objects.filter(attempt_id=attempt_id).values_list("item_id", "option_ids"))


def assert_scores_recompute(attempts) -> None:
    for attempt in attempts:
        expected = independent_score(attempt.form, stored_answers(attempt.pk), attempt.pk)
        assert attempt.score == expected, f"attempt {attempt.pk}"


def assert_ledger_holds(ledger: Ledger, scratch: Path) -> dict:
    check = verify_ledger(ledger_path=str(ledger.dump(scratch / "ledger.json")))
    assert check["lost"] == 0, check["examples"]
    assert check["phantom"] == 0
    # every client went on until its last answer to each item was acknowledged
    assert check["differs_from_last_sent"] == 0
    return check


def five_hundreds(ledger: Ledger) -> dict[int, int]:
    return {status: n for status, n in ledger.statuses.items() if status >= 500}


def report(name: str, figures: dict) -> None:
    """Figures go to stdout (``pytest -s``) and to BANGKOM_RELIABILITY_REPORT if set."""
    line = f"[reliability] {name}: " + ", ".join(f"{k}={v}" for k, v in figures.items())
    sys.stdout.write(line + "\n")
    target = os.environ.get("BANGKOM_RELIABILITY_REPORT")
    if target:
        with open(target, "a") as out:
            out.write(line + "\n")


# --- L1: synchronised start storm (CI profile) ------------------------------------------------

L1_EXAMINEES = 200
L1_ITEMS = 20


def test_l1_start_storm_creates_one_attempt_each_and_loses_no_answer(world, serve, scratch):
    made = world(users=L1_EXAMINEES, items=L1_ITEMS)
    server = serve()
    ledger = Ledger()
    barrier = threading.Barrier(L1_EXAMINEES)

    def examinee(index: int) -> dict:
        user = made["users"][index]
        client = Examinee(server.port, user["token"], user["enrollment_id"], ledger)
        barrier.wait(timeout=60)
        started = client.start(made["assessment_id"])
        for position in range(L1_ITEMS):
            time.sleep(random.uniform(0, 0.05))
            client.save(position)
        status, body = client.submit()
        client.close()
        return {"start": started, "attempt": client.attempt_id, "submit": status, "body": body}

    began = time.perf_counter()
    results = run_threads(L1_EXAMINEES, examinee, timeout=240)
    elapsed = time.perf_counter() - began

    p95_start = percentile(ledger.latencies["start"], 95) * 1000
    p95_save = percentile(ledger.latencies["save"], 95) * 1000
    report(
        "L1",
        {
            "examinees": L1_EXAMINEES,
            "items": L1_ITEMS,
            "saves_acked": sum(1 for entry in ledger.entries if entry[5]),
            "statuses": dict(ledger.statuses),
            "p50_start_ms": round(percentile(ledger.latencies["start"], 50) * 1000),
            "p95_start_ms": round(p95_start),
            "p50_save_ms": round(percentile(ledger.latencies["save"], 50) * 1000),
            "p95_save_ms": round(p95_save),
            "p95_submit_ms": round(percentile(ledger.latencies["submit"], 95) * 1000),
            "seconds": round(elapsed, 1),
            "loadavg": os.getloadavg()[0],
        },
    )
    assert not [r for r in results if not isinstance(r, dict)], results[:3]
    assert five_hundreds(ledger) == {}
    assert server.server_errors() == 0
    # 201 created; 200 only for a start retried after a lost connection (it resumes)
    assert {r["start"] for r in results} <= {200, 201}
    attempts = list(Attempt.objects.filter(assessment_id=made["assessment_id"]))
    assert len(attempts) == L1_EXAMINEES  # exactly N: none missing, none doubled
    assert len({a.enrollment_id for a in attempts}) == L1_EXAMINEES
    assert all(a.status == AttemptStatus.SUBMITTED for a in attempts)
    assert sum(1 for entry in ledger.entries if entry[5]) == L1_EXAMINEES * L1_ITEMS
    assert_ledger_holds(ledger, scratch)
    assert_scores_recompute(attempts)
    submitted = {r["attempt"]: Decimal(r["body"]["score"]) for r in results}
    assert submitted == {a.pk: a.score for a in attempts}  # what the examinee saw = stored
    # RELIABILITY.md's CI targets (p95 start <= 2 s, p95 save <= 500 ms) hold for an idle
    # machine; a shared one (six engineers' test runs, or CI's two cores running server,
    # PostgreSQL and 200 client threads) is judged by the figures it records, unless
    # BANGKOM_RELIABILITY_STRICT=1 asks for the targets (docs/reliability-runs.md).
    if os.environ.get("BANGKOM_RELIABILITY_STRICT") == "1":
        assert p95_start <= 2000
        assert p95_save <= 500


# --- F1: kill -9 a worker mid-autosave --------------------------------------------------------

F1_EXAMINEES = 30
F1_ITEMS = 10
F1_KILLS = 4
F1_PAUSE = 2.0  # seconds between kills (the plan's 20 s, scaled to a CI-length run)
F1_MAX_ROUNDS = 40  # examinees keep changing answers until every kill has happened


def test_f1_killing_workers_mid_autosave_loses_no_acknowledged_answer(world, serve, scratch):
    made = world(users=F1_EXAMINEES, items=F1_ITEMS)
    server = serve("gunicorn-gthread:2x4")
    master = server.proc.pid
    first_workers = worker_pids(master)
    assert len(first_workers) == 2
    ledger = Ledger()
    running = threading.Event()
    running.set()
    killed: list[int] = []

    def killer() -> None:
        """SIGKILL a worker, wait for the master to replace it, pause, again."""
        time.sleep(1.0)
        while running.is_set() and len(killed) < F1_KILLS:
            workers = sorted(worker_pids(master))
            if len(workers) == 2:
                victim = random.choice(workers)
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
                time.sleep(F1_PAUSE)
            else:
                time.sleep(0.2)

    def examinee(index: int) -> dict:
        user = made["users"][index]
        client = Examinee(server.port, user["token"], user["enrollment_id"], ledger)
        started = client.start(made["assessment_id"])
        rounds = 0
        # Answer every item, then keep changing the answers (at least twice) until all the
        # kills have happened: how long that takes depends on the server's speed, not ours.
        while rounds < 3 or (len(killed) < F1_KILLS and rounds < F1_MAX_ROUNDS):
            rounds += 1
            for position in range(F1_ITEMS):
                time.sleep(random.uniform(0.02, 0.1))
                client.save(position)
        status, body = client.submit()
        client.close()
        return {"start": started, "attempt": client.attempt_id, "submit": status, "body": body}

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    results = run_threads(F1_EXAMINEES, examinee, timeout=150)
    running.clear()
    thread.join(timeout=10)

    assert len(killed) >= 3, "the run ended before workers were killed"
    assert not [r for r in results if not isinstance(r, dict)], results[:3]
    assert five_hundreds(ledger) == {}
    assert ledger.statuses[0] > 0  # some requests really died with their worker
    assert {r["start"] for r in results} <= {200, 201}  # a retried start resumes
    assert {r["submit"] for r in results} == {200}
    attempts = list(Attempt.objects.filter(assessment_id=made["assessment_id"]))
    assert len(attempts) == F1_EXAMINEES
    assert all(a.status == AttemptStatus.SUBMITTED for a in attempts)
    for attempt in attempts:  # one row per item: a retry never adds a second version
        assert Answer.objects.filter(attempt=attempt).count() == F1_ITEMS
    check = assert_ledger_holds(ledger, scratch)
    assert_scores_recompute(attempts)
    submitted = {r["attempt"]: Decimal(r["body"]["score"]) for r in results}
    assert submitted == {a.pk: a.score for a in attempts}
    # the master respawned every killed worker and still serves
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(worker_pids(master) - set(killed)) < 2:
        time.sleep(0.3)
    assert len(worker_pids(master) - set(killed)) == 2
    assert server.proc.poll() is None
    probe = Examinee(server.port, made["users"][0]["token"], 0, Ledger())
    assert probe.request("save", "GET", f"{API}/bench/hello")[0] == 200
    report(
        "F1",
        {
            "workers_killed": len(killed),
            "requests_without_answer": ledger.statuses[0],
            "saves_acked": check["pairs_acked"],
        },
    )


# --- F7: lost responses -----------------------------------------------------------------------

F7_EXAMINEES = 30
F7_ITEMS = 10


def test_f7_lost_save_responses_are_retried_and_stored_once(world, serve, scratch):
    from tests.assessments.reliability_support import DroppingProxy

    made = world(users=F7_EXAMINEES, items=F7_ITEMS)
    server = serve()
    proxy = DroppingProxy(server.port, drop_share=0.3)
    ledger = Ledger()
    saved_true: dict[tuple[int, int, int], int] = {}
    lock = threading.Lock()

    def examinee(index: int) -> dict:
        user = made["users"][index]
        client = Examinee(proxy.port, user["token"], user["enrollment_id"], ledger)
        client.start(made["assessment_id"])
        for position in range(F7_ITEMS):
            for choice in (0, 1):  # an answer, then a change of mind
                status, body = client.save(position, choice=choice)
                if body.get("saved"):
                    key = (client.attempt_id, client.items[position]["item_id"], client.seq)
                    with lock:
                        saved_true[key] = saved_true.get(key, 0) + 1
        status, body = client.submit()
        client.close()
        return {"attempt": client.attempt_id, "submit": status, "items": client.items}

    try:
        results = run_threads(F7_EXAMINEES, examinee, timeout=120)
    finally:
        proxy.close()

    assert not [r for r in results if not isinstance(r, dict)], results[:3]
    saves_sent = F7_EXAMINEES * F7_ITEMS * 2
    assert proxy.dropped >= 0.2 * saves_sent  # about 30 % of the save responses were lost
    assert five_hundreds(ledger) == {}
    # the server deduplicated every retry: no save was reported stored twice, and a retry
    # of a committed save is acknowledged (same client_seq) rather than stored again
    assert set(saved_true.values()) == {1}
    retried_acks = [e for e in ledger.entries if e[5]]
    assert len(retried_acks) == saves_sent
    check = assert_ledger_holds(ledger, scratch)
    for result in results:  # exactly one stored answer per question: the last one (seq max)
        rows = list(
            Answer.objects.filter(attempt_id=result["attempt"]).values_list(
                "item_id", "client_seq", "option_ids"
            )
        )
        assert len(rows) == F7_ITEMS
        for item in result["items"]:
            item_rows = [r for r in rows if r[0] == item["item_id"]]
            assert len(item_rows) == 1
            assert item_rows[0][2] == [item["options"][1]["option_id"]]
    attempts = list(Attempt.objects.filter(assessment_id=made["assessment_id"]))
    assert all(a.status == AttemptStatus.SUBMITTED for a in attempts)
    assert_scores_recompute(attempts)
    report(
        "F7",
        {
            "saves": saves_sent,
            "responses_dropped": proxy.dropped,
            "saves_acked": check["pairs_acked"],
        },
    )


# --- L3: the deadline cliff -------------------------------------------------------------------

L3_EXAMINEES = 60
L3_ITEMS = 10
L3_GRACE = 3  # seconds; production's is 15 (decision 1), shortened so CI waits less


def test_l3_deadline_cliff_finalises_each_attempt_once(world, serve, scratch, settings):
    settings.EXAM_GRACE_SECONDS = L3_GRACE  # the sweep in this process uses the server's grace
    made = world(users=L3_EXAMINEES, items=L3_ITEMS)
    server = serve(BANGKOM_EXAM_GRACE_SECONDS=str(L3_GRACE))
    ledger = Ledger()
    clients = [
        Examinee(server.port, u["token"], u["enrollment_id"], ledger)
        for u in made["users"][:L3_EXAMINEES]
    ]
    starts = run_threads(
        L3_EXAMINEES, lambda i: clients[i].start(made["assessment_id"]), timeout=60
    )
    assert set(starts) == {201}
    # every attempt ends within the same 10 s, a few seconds from now
    cliff = timezone.now() + timedelta(seconds=5)
    deadlines = {}
    for index, client in enumerate(clients):
        deadline = cliff + timedelta(seconds=10 * index / L3_EXAMINEES)
        Attempt.objects.filter(pk=client.attempt_id).update(deadline=deadline)
        deadlines[client.attempt_id] = deadline.timestamp()
    grace = L3_GRACE
    timeline: list[tuple[int, float, float, int, str]] = []  # attempt, sent, answered, status

    def examinee(index: int) -> dict:
        client = clients[index]
        deadline = deadlines[client.attempt_id]
        submits = index % 2 == 0  # half submit in the last second before the deadline
        if submits:
            stop = deadline - random.uniform(0.1, 0.9)
        elif index % 4 == 1:  # a quarter go on saving into the grace period, then vanish
            stop = deadline + grace - 0.5
        else:  # a quarter go on saving after deadline + grace (refused, expired lazily)
            stop = deadline + grace + 1.5
        position = 0
        while time.time() < stop:
            sent = time.time()
            status, body = client.save(position % L3_ITEMS)
            timeline.append((client.attempt_id, sent, time.time(), status, body.get("code", "")))
            position += 1
            time.sleep(random.uniform(0.05, 0.25))
        result = client.submit() if submits else (None, {})
        client.close()
        return {"attempt": client.attempt_id, "submits": submits, "submit": result[0]}

    results = run_threads(L3_EXAMINEES, examinee, timeout=60)
    assert not [r for r in results if not isinstance(r, dict)], results[:3]
    # two finaliser workers sweep at once after the cliff (F13: the second skips)
    time.sleep(max(0.0, max(deadlines.values()) + grace + 0.5 - time.time()))

    def sweep(_index: int) -> int:
        try:
            return expire_overdue_attempts(now=timezone.now())
        finally:
            connections.close_all()

    swept = run_threads(2, sweep, timeout=60)
    assert all(isinstance(n, int) for n in swept), swept

    assert five_hundreds(ledger) == {}
    assert {r["submit"] for r in results if r["submits"]} == {200}
    by_id = {a.pk: a for a in Attempt.objects.filter(assessment_id=made["assessment_id"])}
    assert len(by_id) == L3_EXAMINEES
    for result in results:
        attempt = by_id[result["attempt"]]
        expected = AttemptStatus.SUBMITTED if result["submits"] else AttemptStatus.EXPIRED
        assert attempt.status == expected
        assert attempt.submitted_at <= attempt.deadline + timedelta(seconds=grace)
        if expected == AttemptStatus.EXPIRED:
            assert attempt.submitted_at == attempt.deadline
    accepted_late = refused_early = refused = 0
    for attempt_id, sent, answered, status, code in timeline:
        closes = deadlines[attempt_id] + grace
        if answered <= closes:
            accepted_late += sent > deadlines[attempt_id]
            refused_early += status != 200
        if sent > closes:
            refused += 1
            assert (status, code) == (409, "attempt_closed")
    assert refused_early == 0  # everything that arrived by deadline + grace was stored
    assert accepted_late > 0  # the test did reach both sides of the edge
    assert refused > 0
    late_events = AttemptEvent.objects.filter(
        attempt_id__in=by_id, kind=AttemptEventKind.LATE_ANSWER
    ).count()
    assert late_events >= refused  # every refused late answer is logged
    assert sum(swept) >= 1  # the sweep finalised the silent ones (and each only once)
    # auto-finalised attempts hold (and were scored on) the latest acknowledged autosave
    check = verify_ledger(ledger_path=str(ledger.dump(scratch / "ledger.json")))
    assert (check["lost"], check["phantom"]) == (0, 0), check["examples"]
    assert_scores_recompute(by_id.values())
    assert_finalised_once(by_id)
    report(
        "L3",
        {
            "examinees": L3_EXAMINEES,
            "saves": len(timeline),
            "accepted_in_grace": accepted_late,
            "refused_late": refused,
            "swept": sum(swept),
        },
    )


def assert_finalised_once(attempts: dict[int, Attempt]) -> None:
    """One audit entry per finalisation (attempt.submitted or attempt.expired), no more."""
    from bangkom.audit.models import AuditEntry

    counts: dict[str, int] = {}
    for target_id in AuditEntry.objects.filter(
        action__in=["attempt.submitted", "attempt.expired"],
        target_type="assessments.attempt",
        target_id__in=[str(pk) for pk in attempts],
    ).values_list("target_id", flat=True):
        counts[target_id] = counts.get(target_id, 0) + 1
    assert counts == {str(pk): 1 for pk in attempts}


# --- F3: PostgreSQL crash-restart -------------------------------------------------------------

F3_EXAMINEES = 24
F3_ITEMS = 10


def can_run_postgres() -> bool:
    return (
        (PG_BIN / "initdb").exists()
        and shutil.which("runuser") is not None
        and hasattr(os, "geteuid")
        and os.geteuid() == 0
    )


@pytest.mark.skipif(not can_run_postgres(), reason="needs PostgreSQL binaries and root")
def test_f3_postgres_crash_restart_keeps_acked_answers_and_answers_503(scratch):
    """The server runs against its own throwaway cluster, restarted with -m immediate."""
    cluster = ThrowawayPostgres()
    server = None
    try:
        env = server_env(cluster.url, scratch / "data", settings.SECRET_KEY)
        copy_schema(connection.settings_dict, cluster, env)
        from bench.exam_load import run_child

        world_path = scratch / "world.json"
        run_child(
            "setup",
            {
                "users": F3_EXAMINEES,
                "bank_items": F3_ITEMS * 3,
                "form_items": F3_ITEMS,
                "prestart": 0,
                "world_path": str(world_path),
            },
            env,
        )
        import json

        made = json.loads(world_path.read_text())
        server = start_server(env, scratch)
        workers = worker_pids(server.proc.pid)
        ledger = Ledger()
        phase = {
            "submit": threading.Event(),
            "saving": threading.Barrier(F3_EXAMINEES + 1),
            "burst": threading.Barrier(F3_EXAMINEES + 1),
        }

        def examinee(index: int) -> dict:
            user = made["users"][index]
            client = Examinee(server.port, user["token"], user["enrollment_id"], ledger)
            client.start(made["assessment_id"])
            phase["saving"].wait(timeout=60)
            give_up = time.monotonic() + 60
            while not phase["submit"].is_set() and time.monotonic() < give_up:
                for position in range(F3_ITEMS):
                    client.save(position)
                    time.sleep(random.uniform(0.01, 0.05))
            phase["burst"].wait(timeout=60)
            status, body = client.submit()
            client.close()
            return {"attempt": client.attempt_id, "submit": status, "body": body}

        restarts = []

        def crash_restart() -> None:
            began = time.perf_counter()
            # -l: the restarted server must not inherit pg_ctl's captured stdout
            log = str(cluster.dir / "log")
            cluster._pg(
                "pg_ctl", "-D", str(cluster.data), "-l", log, "-m", "immediate", "-w", "restart"
            )
            restarts.append(time.perf_counter() - began)

        def conductor(_index: int) -> None:
            phase["saving"].wait(timeout=60)
            time.sleep(1.5)
            crash_restart()  # during autosave
            time.sleep(2.0)
            phase["submit"].set()
            phase["burst"].wait(timeout=60)
            time.sleep(0.05)
            crash_restart()  # during the submit burst

        results = run_threads(
            F3_EXAMINEES + 1,
            lambda i: conductor(i) if i == F3_EXAMINEES else examinee(i),
            timeout=150,
        )
        assert results[F3_EXAMINEES] is None, results[F3_EXAMINEES]  # the conductor's
        results = results[:F3_EXAMINEES]
        assert len(restarts) == 2
        assert not [r for r in results if not isinstance(r, dict)], results[:3]
        assert set(five_hundreds(ledger)) <= {503}
        assert ledger.statuses[500] == 0  # never a server error (let alone a traceback)
        assert ledger.missing_retry_after == 0  # every 503 says when to come back
        assert {r["submit"] for r in results} == {200}
        # the app recovered by itself: same master, same workers, no restart needed
        assert server.proc.poll() is None
        assert worker_pids(server.proc.pid) == workers
        ledger_path = ledger.dump(scratch / "ledger.json")
        check = run_child("verify", {"ledger_path": str(ledger_path)}, env)
        assert (check["lost"], check["phantom"]) == (0, 0), check["examples"]
        assert check["differs_from_last_sent"] == 0
        scores = run_child_scores(env, [r["attempt"] for r in results], scratch)
        for result in results:
            assert Decimal(result["body"]["score"]) == Decimal(scores[str(result["attempt"])])
        report(
            "F3",
            {
                "restart_seconds": [round(s, 1) for s in restarts],
                "answers_503": ledger.statuses[503],
                "no_answer": ledger.statuses[0],
                "saves_acked": check["pairs_acked"],
            },
        )
    finally:
        if server is not None:
            server.stop()
        cluster.stop()


def copy_schema(settings_dict: dict, cluster: ThrowawayPostgres, env: dict) -> None:
    """The test database's schema into the cluster (pg_dump | psql: a second or two), or
    ``migrate`` (half a minute) when that fails."""
    source = [
        str(PG_BIN / "pg_dump"),
        "--schema-only",
        "--no-owner",
        "--no-privileges",
        "-h",
        settings_dict.get("HOST") or HOST,
        "-p",
        str(settings_dict.get("PORT") or 5432),
        "-U",
        settings_dict.get("USER") or "postgres",
        settings_dict["NAME"],
    ]
    target = [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", HOST]
    target += ["-p", str(cluster.port), "-U", "postgres", "bangkom"]
    pg_env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    dump = subprocess.run(source, capture_output=True, env=pg_env, timeout=120, check=False)
    if dump.returncode == 0:
        load = subprocess.run(
            target, input=dump.stdout, capture_output=True, timeout=120, check=False
        )
        if load.returncode == 0:
            return
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def run_child_scores(env: dict, attempt_ids: list[int], scratch: Path) -> dict:
    """Stored scores of the attempts in the cluster, checked against the independent
    recomputation inside a child process on that database."""
    script = scratch / "scores.py"
    script.write_text(
        "import json, sys\n"
        "import django\n"
        "django.setup()\n"
        "from bangkom.assessments.models import Answer, Attempt\n"
        "from tests.assessments.reliability_support import independent_score\n"
        f"ids = {attempt_ids!r}\n"
        "out = {}\n"
        "for a in Attempt.objects.filter(pk__in=ids):\n"
        "    chosen = dict(Answer.objects.filter(attempt=a).values_list('item_id', 'option_ids'))\n"
        "    assert a.status == 'submitted', a.status\n"
        "    assert a.score == independent_score(a.form, chosen, a.pk), a.pk\n"
        "    out[str(a.pk)] = str(a.score)\n"
        "print(json.dumps(out))\n"
    )
    completed = subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return __import__("json").loads(completed.stdout.strip().splitlines()[-1])


assert HOST == "127.0.0.1"  # loopback only

"""Page benchmark: server time and page weight of the learning pages on a seeded world.

    .venv/bin/python bench/pages.py                                  # SQLite, full size
    .venv/bin/python bench/pages.py --start-postgres                 # throwaway PostgreSQL 15
    .venv/bin/python bench/pages.py --database-url postgres://u:p@127.0.0.1:5432/db
    .venv/bin/python bench/pages.py --employees 2000 --participants 500 --requests 50  # quick

Measure the same world again later (seeding the full size takes minutes):

    .venv/bin/python bench/pages.py --data-dir /tmp/w      # SQLite world kept in /tmp/w
    .venv/bin/python bench/pages.py --data-dir /tmp/w --skip-seed
    .venv/bin/python bench/pages.py --start-postgres --keep-postgres   # prints the URL
    .venv/bin/python bench/pages.py --database-url postgres://... --skip-seed

Setup, in a scratch directory, with production settings (DEBUG off, a fresh secret key):
``bangkom migrate``, ``bangkom seed-demo --employees N --participants M --force`` (timed),
then ``bangkom collectstatic --noinput`` (hashed, pre-compressed assets, as WhiteNoise serves
them in production). A child process then reads from the database what the pages need: the
demo participant's approved enrolment in a running offering (learning window open now) and a
subject of it, and the running offering with the most participants. Should the demo world
lack them (an older ``seed-demo``), the child adds the minimum and says so: the curriculum
demo (``seed_curriculum_demo``, idempotent), the demo participant's enrolment and, up to M,
participants of the running offerings (accounts for registry employees, approved enrolments).

Then gunicorn (``-w 2 -k gthread --threads 4`` by default) serves on 127.0.0.1; three
sessions log in over HTTP like a browser (CSRF token from the login form): the demo
participant, the demo widyaiswara and the demo pengelola (``DEMO_ACCOUNTS``). Each page is
requested ``--requests`` times in a row on one keep-alive connection after a short warm-up:

* catalogue (peserta and widyaiswara): ``/belajar/katalog/``
* learning room and a subject page of the participant's room (peserta)
* participant list of the largest running offering (pengelola)

Per page: the client round-trip (``time.perf_counter()`` around
request and full response read) and the server time gunicorn itself logs for the request
(access-log ``%(D)s``: from the request parsed to the response written, no ``Server-Timing``
header needed), and the CPU time the gunicorn workers (plus, on the throwaway PostgreSQL,
its backends) spent per request, which does not grow when other programs load the machine.
On loopback the client/server difference is the client's and the socket's overhead; it is
printed (under a millisecond on an idle machine). Requests are sequential, so these are
unloaded latencies: the time one person waits, not a throughput figure. The load average is
printed with each page: on a busy machine the times include waiting for a CPU.

Page weight: the HTML as served (the app does not compress HTML; a compressing reverse
proxy would, so its gzip size is shown too) plus every stylesheet and script the page
references, fetched raw and with ``Accept-Encoding: gzip`` (WhiteNoise serves the ``.gz``
that ``collectstatic`` wrote). Images and media are excluded.

Targets (issue): p95 server time < 150 ms per page; HTML + CSS + JS < 150 KB per page.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"  # loopback only
P95_TARGET_MS = 150.0
WEIGHT_TARGET_KB = 150.0
ACCESS_LOG_FORMAT = "BENCH %(m)s %(U)s %(s)s %(D)s"  # %(D)s: request time in microseconds


# --- Command line --------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    db = parser.add_mutually_exclusive_group()
    db.add_argument("--database-url", default="", help="an existing, empty postgres:// database")
    db.add_argument(
        "--start-postgres",
        action="store_true",
        help="start a throwaway PostgreSQL 15 cluster on 127.0.0.1 (default: SQLite file)",
    )
    parser.add_argument("--employees", type=int, default=100_000, help="registry size")
    parser.add_argument("--participants", type=int, default=20_000, help="enrolled participants")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page first")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", default="", help="write every figure to this file")
    parser.add_argument("--keep-scratch", action="store_true", help="keep the scratch directory")
    parser.add_argument(
        "--data-dir",
        default="",
        help="BANGKOM_DATA_DIR to use and keep (SQLite file, static, media); default: scratch",
    )
    parser.add_argument(
        "--skip-seed",
        action="store_true",
        help="measure an existing world: no migrate/seed-demo (with --data-dir or "
        "--database-url from an earlier run)",
    )
    parser.add_argument(
        "--keep-postgres",
        action="store_true",
        help="leave the throwaway cluster running for a later --database-url --skip-seed run",
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--child-args", default="{}", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- Statistics -----------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation): a value that was actually measured."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def stats(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values) if values else float("nan"),
    }


# --- Processes: database, management commands, server ---------------------------------------


def loadavg() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def cpu_seconds(parents: list[int]) -> float:
    """User + system CPU seconds of the given processes and their direct children (Linux).

    Used with the gunicorn master (its workers) and the PostgreSQL postmaster (its backends),
    so the CPU a page costs can be told apart from the time it waited for a loaded machine.
    """
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    wanted = set(parents)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid in wanted or ppid in wanted:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """initdb + pg_ctl as the postgres user, on 127.0.0.1 and a free port; deleted at stop."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise SystemExit(f"PostgreSQL 15 binaries not found in {PG_BIN}")
        self.dir = Path(tempfile.mkdtemp(prefix="bangkom-pages-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.started = False
        self._pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = (
            f"-c listen_addresses={HOST} -p {self.port} -k {self.dir} "
            "-c max_connections=100 -c shared_buffers=256MB"
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

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def _pg(self, tool: str, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / tool), *args],
            cwd="/tmp",
            check=True,
            capture_output=True,
            timeout=120,
        )

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(subprocess.SubprocessError):
                self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """gunicorn on 127.0.0.1 with an access log that records each request's server time."""

    def __init__(self, env: dict, scratch: Path, *, workers: int, threads: int) -> None:
        self.port = free_port()
        self.access_log = scratch / "access.log"
        self.error_log_path = scratch / "server.log"
        self.error_log = self.error_log_path.open("w")
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "bangkom.wsgi:application",
            "-b",
            f"{HOST}:{self.port}",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "75",
            "--timeout",
            "60",
            "--access-logfile",
            str(self.access_log),
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.error_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, by its id
        )
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.error_log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 1):
                break
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit("gunicorn did not start within 60 s")
            time.sleep(0.2)

    def log_offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def server_times_ms(self, offset: int, path: str) -> list[float]:
        """Server times (ms) of the GET requests to ``path`` logged after ``offset``."""
        time.sleep(0.2)  # let the last line reach the file
        with self.access_log.open("rb") as log:
            log.seek(offset)
            lines = log.read().decode("utf-8", "replace").splitlines()
        times = []
        for line in lines:
            parts = line.split()
            if len(parts) >= 5 and parts[0] == "BENCH" and parts[1] == "GET" and parts[2] == path:
                times.append(int(parts[4]) / 1000)
        return times

    def tracebacks(self) -> int:
        return self.error_log_path.read_text(errors="replace").count("Traceback")

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
        self.error_log.close()


def bangkom(env: dict, *args: str, timeout: float = 7200) -> tuple[float, str]:
    """Run a management command; returns (seconds, its output)."""
    started = time.perf_counter()
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "bangkom"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    seconds = time.perf_counter() - started
    if completed.returncode:
        raise SystemExit(f"bangkom {' '.join(args)} failed:\n{completed.stderr[-4000:]}")
    return seconds, completed.stdout.strip()


def run_child(mode: str, child_args: dict, env: dict) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
    command += ["--child-args", json.dumps(child_args)]
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=7200
    )
    if completed.returncode:
        raise SystemExit(f"{mode} child failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- The world the pages need (child process, Django set up) ---------------------------------


def child_main(mode: str, child_args: dict) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings")
    import django

    django.setup()
    if mode != "world":
        raise SystemExit(f"unknown child mode {mode!r}")
    print(json.dumps(prepare_world(**child_args)))


def prepare_world(*, participants: int) -> dict:
    """What the pages need, completing the demo world where ``seed-demo`` left gaps."""
    from django.db import transaction
    from django.db.models import Count, Q
    from django.utils import timezone

    from bangkom.accounts.choices import Role
    from bangkom.accounts.demo import DEMO_ACCOUNTS
    from bangkom.accounts.models import User
    from bangkom.curriculum.choices import OfferingStatus
    from bangkom.curriculum.models import Offering, Subject
    from bangkom.learning.choices import EnrollmentSource, EnrollmentStatus
    from bangkom.learning.models import Enrollment

    now = timezone.now()
    notes: list[str] = []
    accounts = {a.role: a for a in reversed(DEMO_ACCOUNTS)}  # the first account of each role
    users = {role: User.objects.get(nip=accounts[role].nip) for role in accounts}

    def running() -> list:
        return list(
            Offering.objects.filter(
                status=OfferingStatus.RUNNING, starts_at__lte=now, ends_at__gt=now
            ).order_by("pk")
        )

    offerings = running()
    if not offerings:
        from bangkom.curriculum.demo import seed_curriculum_demo

        seed_curriculum_demo(
            now=now, facilitator=users[Role.WIDYAISWARA], manager=users[Role.PENGELOLA]
        )
        offerings = running()
        notes.append("seed-demo made no running offering: ran seed_curriculum_demo")
    if not offerings:
        raise SystemExit("the demo world has no running offering")

    # The demo participant enrolled in a running offering (seed-demo enrols one of the two).
    candidates = [a for a in DEMO_ACCOUNTS if a.role == Role.PESERTA]
    enrollment = (
        Enrollment.objects.filter(
            participant__nip__in=[a.nip for a in candidates],
            status=EnrollmentStatus.ENROLLED,
            offering__in=offerings,
        )
        .select_related("participant")
        .order_by("pk")
        .first()
    )
    if enrollment is None:
        peserta = User.objects.get(nip=candidates[-1].nip)
        target = next(
            (
                o
                for o in offerings
                if not o.eligible_institutions.exists()
                or o.eligible_institutions.filter(pk=peserta.employee.institution_id).exists()
            ),
            offerings[0],
        )
        enrollment, _created = Enrollment.objects.update_or_create(
            offering=target,
            participant=peserta,
            defaults={
                "status": EnrollmentStatus.ENROLLED,
                "source": EnrollmentSource.MANAGER,
                "decided_at": now,
            },
        )
        notes.append(f"enrolled the demo participant {peserta.nip} in {target.code}")
    accounts[Role.PESERTA] = next(a for a in candidates if a.nip == enrollment.participant.nip)

    real = Enrollment.objects.filter(offering__in=offerings, is_trial=False)
    missing = participants - real.count()  # every status: seed-demo makes some pending
    if missing > 0:
        with transaction.atomic():
            added = fill_participants(offerings, missing, now=now)
        notes.append(f"seed-demo enrolled fewer than {participants}: added {added} participants")

    subject = (
        Subject.objects.filter(program_id=enrollment.offering.program_id)
        .annotate(n=Count("materials"))
        .order_by("-n", "order", "pk")
        .first()
    )
    if subject is None:
        raise SystemExit(f"the program of {enrollment.offering.code} has no subject")
    largest = (
        Offering.objects.filter(pk__in=[o.pk for o in offerings])
        .annotate(n=Count("enrollments", filter=Q(enrollments__is_trial=False)))
        .order_by("-n", "pk")
        .first()
    )
    return {
        "accounts": {
            role: {"nip": accounts[role].nip, "password": accounts[role].password}
            for role in (Role.PESERTA, Role.WIDYAISWARA, Role.PENGELOLA)
        },
        "enrollment": enrollment.pk,
        "offering_code": enrollment.offering.code,
        "subject": subject.pk,
        "subject_materials": subject.n,
        "largest_offering": largest.pk,
        "largest_offering_code": largest.code,
        "largest_offering_participants": largest.n,
        "running_offerings": len(offerings),
        "participants": real.count(),
        "participants_enrolled": real.filter(status=EnrollmentStatus.ENROLLED).count(),
        "employees": User._meta.apps.get_model("accounts", "Employee").objects.count(),
        "users": User.objects.count(),
        "notes": notes,
    }


def fill_participants(offerings: list, count: int, *, now: object) -> int:
    """Give ``count`` registry employees an account and an approved enrolment (round-robin).

    Only when ``seed-demo`` did not: the accounts have no usable password (nobody logs in
    as them), which the pages measured here do not need.
    """
    from django.contrib.auth.hashers import make_password

    from bangkom.accounts.models import Employee, User

    candidates = (
        Employee.objects.filter(is_active=True, user__isnull=True)
        .order_by("pk")
        .values_list("pk", "nip", "name")[:count]
    )
    unusable = make_password(None)
    added = 0
    batch: list = []
    for employee_pk, nip, name in candidates.iterator(chunk_size=2000):
        batch.append(User(nip=nip, name=name, employee_id=employee_pk, password=unusable))
        if len(batch) == 1000:
            added += _enrol(batch, offerings, added, now=now)
            batch = []
    if batch:
        added += _enrol(batch, offerings, added, now=now)
    return added


def _enrol(users: list, offerings: list, start: int, *, now: object) -> int:
    from bangkom.accounts.models import User
    from bangkom.learning.choices import EnrollmentSource, EnrollmentStatus
    from bangkom.learning.models import Enrollment

    User.objects.bulk_create(users)
    created = User.objects.filter(nip__in=[u.nip for u in users]).values_list("pk", flat=True)
    Enrollment.objects.bulk_create(
        Enrollment(
            offering=offerings[(start + i) % len(offerings)],
            participant_id=pk,
            status=EnrollmentStatus.ENROLLED,
            source=EnrollmentSource.MANAGER,
            requested_at=now,
            decided_at=now,
        )
        for i, pk in enumerate(created)
    )
    return len(users)


# --- HTTP sessions -----------------------------------------------------------------------------


class Session:
    """A browser-like session on one keep-alive connection: cookies, CSRF, timing."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict | None = None,
    ) -> tuple[int, dict, bytes, float]:
        """(status, headers, body, round-trip seconds); reconnects once if the server closed."""
        sent = {"Host": f"{HOST}:{self.port}", "Accept-Language": "id", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                started = time.perf_counter()
                self.conn.request(method, path, body=body, headers=sent)
                response = self.conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - started
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers.items()), data, elapsed

    def get(self, path: str, **headers: str) -> tuple[int, dict, bytes, float]:
        return self.request("GET", path, headers=headers)

    def log_in(self, nip: str, password: str) -> None:
        status, _headers, page, _t = self.get("/akun/masuk/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise SystemExit(f"login page: HTTP {status}, no CSRF token")
        form = {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": nip,
            "password": password,
            "next": "/",
        }
        status, headers, _body, _t = self.request(
            "POST",
            "/akun/masuk/",
            body=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or urlsplit(headers.get("Location", "")).path != "/":
            raise SystemExit(f"login of {nip} failed: HTTP {status} {headers.get('Location')}")

    def close(self) -> None:
        self.conn.close()


# --- Measuring ---------------------------------------------------------------------------------


ASSET = re.compile(
    rb'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<script\b[^>]*\bsrc="([^"]+)"'
)


def page_weight(session: Session, html: bytes) -> dict:
    """HTML plus each referenced stylesheet and script: raw bytes and gzip as served."""
    assets = []
    for match in ASSET.finditer(html):
        url = (match.group(1) or match.group(2)).decode()
        path = urlsplit(url).path
        status, _headers, raw, _t = session.get(path, **{"Accept-Encoding": "identity"})
        status_gz, headers_gz, served, _t = session.get(path, **{"Accept-Encoding": "gzip"})
        if status != 200 or status_gz != 200:
            raise SystemExit(f"asset {path}: HTTP {status}/{status_gz}")
        encoding = headers_gz.get("Content-Encoding", "")
        assets.append(
            {
                "path": path,
                "kind": "css" if match.group(1) else "js",
                "raw": len(raw),
                "gzip_served": len(served),
                "encoding": encoding or "identity",
            }
        )
    html_gzip = len(gzip.compress(html, compresslevel=6))
    return {
        "html_raw": len(html),
        "html_gzip": html_gzip,
        "assets": assets,
        "total_raw": len(html) + sum(a["raw"] for a in assets),
        # what this server sends (HTML is not compressed by the app) ...
        "total_served": len(html) + sum(a["gzip_served"] for a in assets),
        # ... and behind a reverse proxy that gzips HTML too
        "total_gzip": html_gzip + sum(a["gzip_served"] for a in assets),
    }


def measure_page(
    server: Server,
    session: Session,
    label: str,
    path: str,
    *,
    requests: int,
    warmup: int,
    cpu_pids: list[int],
) -> dict:
    for _ in range(warmup):
        status, _h, body, _t = session.get(path)
        if status != 200:
            snippet = body[:300].decode("utf-8", "replace")
            raise SystemExit(f"{label} {path}: HTTP {status} during warm-up\n{snippet}")
    offset = server.log_offset()
    load_before, cpu_before = loadavg(), cpu_seconds(cpu_pids)
    client_ms: list[float] = []
    errors = 0
    html = b""
    for _ in range(requests):
        status, _h, body, elapsed = session.get(path)
        client_ms.append(elapsed * 1000)
        if status != 200:
            errors += 1
        html = body
    cpu_ms = (cpu_seconds(cpu_pids) - cpu_before) * 1000 / max(requests, 1)
    server_ms = server.server_times_ms(offset, path)
    result = {
        "label": label,
        "path": path,
        "client_ms": stats(client_ms),
        "server_ms": stats(server_ms),
        "cpu_ms_per_request": round(cpu_ms, 1),
        "loadavg": [load_before, loadavg()],
        "errors": errors,
        "weight": page_weight(session, html),
    }
    print(
        f"  {label:<30} server median {result['server_ms']['median']:6.1f} ms, "
        f"p95 {result['server_ms']['p95']:6.1f} ms; client p95 "
        f"{result['client_ms']['p95']:6.1f} ms; CPU {cpu_ms:5.1f} ms/request; "
        f"load {load_before:.1f}; {errors} errors",
        flush=True,
    )
    return result


# --- Orchestration -------------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.scratch = Path(tempfile.mkdtemp(prefix="bangkom-pages-"))
        self.data_dir = str(Path(args.data_dir).resolve()) if args.data_dir else ""
        self.data_dir = self.data_dir or str(self.scratch / "data")
        self.pg: ThrowawayPostgres | None = None
        self.server: Server | None = None
        self.report: dict = {
            "machine": {
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
                "loadavg_at_start": loadavg(),
            },
            "args": {k: v for k, v in vars(args).items() if not k.startswith("child")},
            "setup_s": {},
        }

    def env(self, database_url: str) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("BANGKOM_", "DJANGO_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="bangkom.settings",
            BANGKOM_DEBUG="0",
            BANGKOM_SECRET_KEY=secrets.token_urlsafe(50),
            BANGKOM_ALLOWED_HOSTS=HOST,
            BANGKOM_SECURE_SSL_REDIRECT="0",
            BANGKOM_DATA_DIR=self.data_dir,
            BANGKOM_LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
        )
        if database_url:
            env["BANGKOM_DATABASE_URL"] = database_url
        return env

    def step(self, name: str, action):
        print(f"{name} ...", flush=True)
        started = time.perf_counter()
        result = action()
        self.report["setup_s"][name] = round(time.perf_counter() - started, 1)
        print(f"{name}: {self.report['setup_s'][name]} s", flush=True)
        return result

    def run(self) -> None:
        args = self.args
        if args.start_postgres:
            self.pg = self.step("start postgresql", ThrowawayPostgres)
            database_url, vendor = self.pg.url, "postgresql 15 (throwaway cluster)"
        elif args.database_url:
            database_url, vendor = args.database_url, "postgresql (given)"
        else:
            database_url, vendor = "", "sqlite"
        self.report["database"] = vendor
        print(f"database: {vendor}; scratch: {self.scratch}", flush=True)
        env = self.env(database_url)
        if not args.skip_seed:
            self.step("migrate", lambda: bangkom(env, "migrate", "--no-input", "-v0"))
            _s, seed_output = self.step(
                "seed-demo",
                lambda: bangkom(
                    env,
                    "seed-demo",
                    "--force",
                    "--employees",
                    str(args.employees),
                    "--participants",
                    str(args.participants),
                ),
            )
            self.report["seed_output"] = seed_output
            print(f"  {seed_output.splitlines()[-1] if seed_output else ''}")
        world = self.step(
            "world check", lambda: run_child("world", {"participants": args.participants}, env)
        )
        self.report["world"] = world
        for note in world["notes"]:
            print(f"  NOTE: {note}")
        self.step("collectstatic", lambda: bangkom(env, "collectstatic", "--noinput", "-v0"))
        self.server = self.step(
            "start gunicorn",
            lambda: Server(env, self.scratch, workers=args.workers, threads=args.threads),
        )
        sessions = {}
        for role, account in world["accounts"].items():
            session = Session(self.server.port)
            session.log_in(account["nip"], account["password"])
            sessions[role] = session
        enrollment, subject = world["enrollment"], world["subject"]
        pages = [
            ("catalogue (peserta)", "peserta", "/belajar/katalog/"),
            ("catalogue (widyaiswara)", "widyaiswara", "/belajar/katalog/"),
            ("learning room (peserta)", "peserta", f"/belajar/ruang/{enrollment}/"),
            ("subject page (peserta)", "peserta", f"/belajar/ruang/{enrollment}/mapel/{subject}/"),
            (
                "participant list (pengelola)",
                "pengelola",
                f"/belajar/angkatan/{world['largest_offering']}/peserta/",
            ),
        ]
        print(
            f"measuring {args.requests} requests per page "
            f"(gunicorn gthread {args.workers}x{args.threads}):",
            flush=True,
        )
        cpu_pids = [self.server.proc.pid]
        if self.pg is not None:
            cpu_pids.append(self.pg.postmaster_pid())
        self.report["cpu_includes_database"] = self.pg is not None or not database_url
        self.report["pages"] = [
            measure_page(
                self.server,
                sessions[role],
                label,
                path,
                requests=args.requests,
                warmup=args.warmup,
                cpu_pids=cpu_pids,
            )
            for label, role, path in pages
        ]
        for session in sessions.values():
            session.close()
        self.report["server_tracebacks"] = self.server.tracebacks()

    def cleanup(self) -> None:
        if self.server is not None:
            self.server.stop()
        if self.pg is not None and self.args.keep_postgres:
            print(
                f"PostgreSQL left running: --database-url {self.pg.url} --skip-seed; stop it with "
                f"runuser -u postgres -- {PG_BIN / 'pg_ctl'} -D {self.pg.data} -m fast stop"
            )
        elif self.pg is not None:
            self.pg.stop()
        if self.args.data_dir:
            print(f"data directory kept: {self.data_dir}")
        if self.args.keep_scratch:
            print(f"scratch kept: {self.scratch}")
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)


# --- Report --------------------------------------------------------------------------------------


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def print_report(report: dict) -> None:
    world = report.get("world", {})
    print()
    print(
        f"Database: {report.get('database')}; {world.get('employees', 0):,} employees, "
        f"{world.get('users', 0):,} accounts, {world.get('participants', 0):,} participants in "
        f"{world.get('running_offerings', 0)} running offerings; participant list of "
        f"{world.get('largest_offering_code')} ({world.get('largest_offering_participants', 0):,} "
        f"participants); subject with {world.get('subject_materials', 0)} materials."
    )
    print("Setup: " + ", ".join(f"{k} {v} s" for k, v in report.get("setup_s", {}).items()))
    pages = report.get("pages", [])
    if not pages:
        return
    print()
    print(
        f"{'page':<30} {'server med':>10} {'server p95':>10} {'client med':>10} "
        f"{'client p95':>10} {'CPU/req':>7} {'load':>5} {'err':>4} {'HTML KB':>8} "
        f"{'CSS+JS KB':>10} {'total KB':>9} {'served KB':>9} {'all-gz KB':>9}"
    )
    for page in pages:
        weight = page["weight"]
        assets_raw = sum(a["raw"] for a in weight["assets"])
        print(
            f"{page['label']:<30} {page['server_ms']['median']:>10.1f} "
            f"{page['server_ms']['p95']:>10.1f} {page['client_ms']['median']:>10.1f} "
            f"{page['client_ms']['p95']:>10.1f} {page['cpu_ms_per_request']:>7.1f} "
            f"{page['loadavg'][0]:>5.1f} {page['errors']:>4} "
            f"{kb(weight['html_raw']):>8} {kb(assets_raw):>10} {kb(weight['total_raw']):>9} "
            f"{kb(weight['total_served']):>9} {kb(weight['total_gzip']):>9}"
        )
    overhead = [p["client_ms"]["median"] - p["server_ms"]["median"] for p in pages]
    print(
        "(ms; 'server' = gunicorn's own request time, 'client' = round-trip on loopback; the "
        f"median difference is {min(overhead):.2f}-{max(overhead):.2f} ms; 'CPU/req' = CPU "
        "time per request of the gunicorn workers"
        + (
            " (SQLite runs inside them; the throwaway PostgreSQL's backends are added)"
            if report.get("cpu_includes_database")
            else ", NOT of the given database server"
        )
        + "; 'load' = the 1-minute load average when the page started. KB = 1024 bytes; "
        "'total' = HTML + CSS + JS raw; 'served' = as this server sends them (HTML "
        "uncompressed, assets gzip); 'all-gz' = HTML gzipped too, as behind a compressing proxy)"
    )
    print("\nAssets (raw KB -> gzip KB as served by WhiteNoise):")
    seen: set[str] = set()
    for page in pages:
        for asset in page["weight"]["assets"]:
            if asset["path"] not in seen:
                seen.add(asset["path"])
                print(
                    f"  {asset['path']:<60} {kb(asset['raw']):>7} -> {kb(asset['gzip_served']):>6}"
                    f" ({asset['encoding']})"
                )
    print("\nTargets:")
    for page in pages:
        p95 = page["server_ms"]["p95"]
        served = page["weight"]["total_served"] / 1024
        raw = page["weight"]["total_raw"] / 1024
        print(
            f"  [{'PASS' if p95 < P95_TARGET_MS else 'FAIL'}] {page['label']}: p95 server "
            f"{p95:.1f} ms < {P95_TARGET_MS:.0f} ms"
        )
        print(
            f"  [{'PASS' if served < WEIGHT_TARGET_KB else 'FAIL'}] {page['label']}: HTML+CSS+JS "
            f"{served:.1f} KB transferred < {WEIGHT_TARGET_KB:.0f} KB (raw {raw:.1f} KB: "
            f"{'under' if raw < WEIGHT_TARGET_KB else 'over'})"
        )
    if report.get("server_tracebacks"):
        print(f"  server log: {report['server_tracebacks']} tracebacks")


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
    started = time.perf_counter()
    try:
        bench.run()
    finally:
        bench.cleanup()
    bench.report["total_s"] = round(time.perf_counter() - started, 1)
    print_report(bench.report)
    print(f"\ntotal: {bench.report['total_s']} s")
    if args.json:
        Path(args.json).write_text(json.dumps(bench.report, indent=2, default=str))
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()

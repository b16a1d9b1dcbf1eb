"""Dashboards and audit verification at scale (issue 8 "Benchmark").

    .venv/bin/python bench/dashboards.py --employees 5000 --participants 1000   # quick, SQLite
    .venv/bin/python bench/dashboards.py --start-postgres                       # full scale
    .venv/bin/python bench/dashboards.py --database-url postgres://...@127.0.0.1:5432/empty

1. **World**: ``migrate`` and ``seed-demo --employees N --participants M`` in a scratch
   directory (SQLite by default; ``--database-url`` an existing *empty* PostgreSQL database,
   ``--start-postgres`` a throwaway PostgreSQL 15 cluster as in ``bench/pages.py``).
2. **A year of history** (child process, ORM ``bulk_create``, deterministic): for every
   approved enrolment of the running offerings, finished attempts of the placement test,
   the subject exams and the final test (about 15 % exempt, most passing their subject exams
   in one to three attempts, most of those taking and passing the final), 0–20 attendance
   days; JP credits of the current year for about 60 % of the registry (some above 20 JP,
   some below); and ``--audit-entries`` (100,000) chained audit entries through
   ``bangkom.audit.bench_support.bulk_append_synthetic``. Enrolments that have attempts
   (from the demo or an earlier run) keep theirs and get no more. On PostgreSQL it ends
   with ``VACUUM (ANALYZE)``, as autovacuum would soon after such a bulk load.
3. **Timing** (child process, the Django test client in-process with the production
   settings, ``DEBUG`` off, after ``collectstatic``): ``--requests`` (30) GETs after two
   warm-up requests of the offering dashboard of the largest running offering, the
   institution report for the whole agency (demo pengelola) and for one institution (demo
   pimpinan), and the agency table. Per page: p50, p95 and max in ms, and the number of SQL
   queries of one request. Then ``verify_chain`` over the whole audit log: entries/s.

Targets (issue 8): dashboards p95 < 500 ms on PostgreSQL; audit verification ≥ 50,000
entries/s. Everything runs on 127.0.0.1 and is deleted at the end (``--keep-scratch`` keeps
the scratch directory; the throwaway cluster is always removed).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ThrowawayPostgres, bangkom, loadavg, stats

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
P95_TARGET_MS = 500.0
AUDIT_TARGET_PER_S = 50_000.0
SEED = 20261129


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    db = parser.add_mutually_exclusive_group()
    db.add_argument("--database-url", default="", help="an existing, empty postgres:// database")
    db.add_argument("--start-postgres", action="store_true", help="throwaway PostgreSQL 15")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--audit-entries", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--skip-seed", action="store_true", help="measure an existing world")
    parser.add_argument("--data-dir", default="", help="BANGKOM_DATA_DIR to use and keep")
    parser.add_argument("--keep-scratch", action="store_true")
    parser.add_argument("--json", default="", help="write every figure to this file")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--child-args", default="{}", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_child(mode: str, child_args: dict, env: dict) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
    command += ["--child-args", json.dumps(child_args)]
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=7200
    )
    if completed.returncode:
        raise SystemExit(f"{mode} child failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- child: a year of history ------------------------------------------------------------------


def generate_history(*, audit_entries: int) -> dict:
    import random
    from datetime import timedelta

    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from bangkom.assessments.models import Assessment, Attempt
    from bangkom.audit.bench_support import bulk_append_synthetic
    from bangkom.audit.models import AuditEntry
    from bangkom.curriculum.choices import OfferingStatus
    from bangkom.curriculum.models import Offering
    from bangkom.learning.choices import AttendanceSource, EnrollmentStatus
    from bangkom.learning.models import AttendanceRecord, Enrollment

    rng = random.Random(SEED)
    now = timezone.now()
    created = {"attempts": 0, "attendance": 0, "jp_credits": 0, "audit_entries": 0}
    offerings = Offering.objects.filter(status=OfferingStatus.RUNNING).annotate(
        n=Count("enrollments")
    )
    for offering in offerings.order_by("-n"):
        assessments = list(Assessment.objects.filter(offering=offering, is_published=True))
        by_kind: dict[str, list] = {}
        for assessment in assessments:
            by_kind.setdefault(assessment.kind, []).append(assessment)
        enrollments = list(
            Enrollment.objects.filter(
                offering=offering, status=EnrollmentStatus.ENROLLED, is_trial=False
            ).values_list("pk", "participant_id")
        )
        taken = set(
            Attempt.objects.filter(assessment__offering=offering).values_list(
                "assessment_id", "enrollment_id"
            )
        )
        with_attempts = {enrollment_id for _assessment, enrollment_id in taken}
        attempts = []
        for enrollment_id, participant_id in enrollments:
            if enrollment_id in with_attempts:  # the demo's (or an earlier run's) history
                continue
            attempts.extend(
                _journey_attempts(rng, by_kind, taken, enrollment_id, participant_id, now=now)
            )
        with transaction.atomic():
            Attempt.objects.bulk_create(attempts, batch_size=5000)
        created["attempts"] += len(attempts)
        present = set(
            AttendanceRecord.objects.filter(enrollment__offering=offering).values_list(
                "enrollment_id", flat=True
            )
        )
        first_day = timezone.localdate(offering.starts_at)
        records = []
        for enrollment_id, _participant in enrollments:
            if enrollment_id in present:
                continue
            for offset in sorted(rng.sample(range(30), rng.randint(0, 20))):
                records.append(
                    AttendanceRecord(
                        enrollment_id=enrollment_id,
                        day=first_day + timedelta(days=offset),
                        source=rng.choice([AttendanceSource.CHECK_IN, AttendanceSource.ACTIVITY]),
                        first_seen_at=now,
                    )
                )
        AttendanceRecord.objects.bulk_create(records, batch_size=5000)
        created["attendance"] += len(records)
    created["jp_credits"] = _jp_credits(rng, now=now)
    if AuditEntry.objects.count() < audit_entries:
        bulk_append_synthetic(audit_entries - AuditEntry.objects.count())
    created["audit_entries"] = AuditEntry.objects.count()
    _settle(connection)
    return created


def _settle(connection) -> None:
    """What autovacuum does to a live database within a minute of a bulk load: statistics
    for the planner and the visibility map that index-only scans need. Measuring seconds
    after inserting half a million rows would time a state production never stays in."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def _journey_attempts(rng, by_kind, taken, enrollment_id, participant_id, *, now) -> list:
    """Attempts of one enrolment along a plausible journey (none where the demo has some)."""
    from datetime import timedelta
    from decimal import Decimal

    from bangkom.assessments.choices import AttemptStatus
    from bangkom.assessments.models import Attempt

    day = now - timedelta(days=rng.randint(20, 330))
    rows = []

    def sit(assessment, passes: bool, number: int) -> None:
        nonlocal day
        day += timedelta(days=rng.randint(1, 4))
        at = min(day, now - timedelta(minutes=5))
        mark = int(assessment.passing_score)
        score = Decimal(rng.randint(mark, 100) if passes else rng.randint(20, max(mark - 1, 20)))
        rows.append(
            Attempt(
                assessment=assessment,
                enrollment_id=enrollment_id,
                participant_id=participant_id,
                number=number,
                slot=number,
                status=AttemptStatus.SUBMITTED,
                seed=rng.randint(1, 2**31),
                form=[],
                passing_score=assessment.passing_score,
                max_attempts=assessment.max_attempts,
                duration_minutes=assessment.duration_minutes,
                started_at=at - timedelta(minutes=40),
                deadline=at + timedelta(minutes=20),
                submitted_at=at,
                score=score,
                correct=None,
                total=None,
                passed=passes,
            )
        )

    def take(assessment, pass_chance: float) -> bool:
        if (assessment.pk, enrollment_id) in taken:
            return False
        for number in range(1, assessment.max_attempts + 1):
            passes = rng.random() < pass_chance
            sit(assessment, passes, number)
            if passes:
                return True
        return False

    for placement in by_kind.get("placement", []):
        if rng.random() < 0.9 and take(placement, 0.15):
            return rows  # exempt by recognition of prior learning
    subjects = by_kind.get("subject", [])
    reached = rng.random()
    passed_all = True
    for index, subject in enumerate(subjects):
        if reached < index / max(len(subjects), 1) * 0.6:
            passed_all = False
            break
        passed_all = take(subject, 0.7) and passed_all
    if passed_all and rng.random() < 0.75:
        for final in by_kind.get("final", []):
            take(final, 0.6)
    return rows


def _jp_credits(rng, *, now) -> int:
    from datetime import date
    from decimal import Decimal

    from bangkom.accounts.models import Employee
    from bangkom.curriculum.choices import LearningForm
    from bangkom.progression.choices import CreditSource
    from bangkom.progression.models import JpCredit

    year = now.year
    if JpCredit.objects.filter(title__startswith="Bench ").exists():
        return 0
    credits = []
    for employee_id in Employee.objects.filter(is_active=True).values_list("pk", flat=True):
        if rng.random() >= 0.6:
            continue
        for n in range(rng.randint(1, 3)):
            credits.append(
                JpCredit(
                    employee_id=employee_id,
                    year=year,
                    jp=Decimal(rng.choice(["4", "8", "10", "12", "16"])),
                    source=CreditSource.EXTERNAL,
                    title=f"Bench pelatihan {n + 1}",
                    provider="Lembaga Administrasi Negara",
                    starts_on=date(year, 1, 15),
                    ends_on=date(year, 1, 17),
                    learning_form=LearningForm.KL10,
                )
            )
    JpCredit.objects.bulk_create(credits, batch_size=5000)
    return len(credits)


# --- child: timing ------------------------------------------------------------------------------


class QueryCounter:
    """A ``connection.execute_wrapper``: counts the queries of one request and their time.

    (``CaptureQueriesContext`` sees none here: ``request_started`` empties the query log.)
    """

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


def measure(*, requests: int) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from bangkom.accounts.choices import Role
    from bangkom.accounts.demo import DEMO_ACCOUNTS
    from bangkom.accounts.models import User
    from bangkom.audit.verify import verify_chain
    from bangkom.curriculum.choices import OfferingStatus
    from bangkom.curriculum.models import Offering

    accounts = {a.role: a for a in reversed(DEMO_ACCOUNTS)}
    manager = User.objects.get(nip=accounts[Role.PENGELOLA].nip)
    supervisor = User.objects.get(nip=accounts[Role.PIMPINAN].nip)
    offering = (
        Offering.objects.filter(status=OfferingStatus.RUNNING)
        .annotate(n=Count("enrollments"))
        .order_by("-n", "pk")
        .first()
    )
    pages = [
        ("offering dashboard", manager, reverse("reports:offering-dashboard", args=[offering.pk])),
        ("institution report (agency)", manager, reverse("reports:institution-report")),
        ("institution report (pimpinan)", supervisor, reverse("reports:institution-report")),
        ("agency table", manager, reverse("reports:agency")),
    ]
    results = {"offering": offering.code, "offering_enrolments": offering.n, "pages": {}}
    for name, user, url in pages:
        client = Client(SERVER_NAME=HOST)
        client.force_login(user)
        for _warm in range(2):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code}")
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            client.get(url)
        times = []
        for _n in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        results["pages"][name] = {
            **stats(times),
            "queries": counter.count,
            "sql_ms": round(counter.seconds * 1000, 1),
        }
    verified = verify_chain()
    results["audit"] = {
        "entries": verified.count,
        "seconds": round(verified.seconds, 3),
        "per_second": round(verified.rate),
        "ok": verified.ok,
    }
    return results


def child_main(mode: str, child_args: dict) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings")
    import django

    django.setup()
    if mode == "history":
        print(json.dumps(generate_history(**child_args)))
    elif mode == "measure":
        print(json.dumps(measure(**child_args), default=str))
    else:
        raise SystemExit(f"unknown child mode {mode!r}")


# --- parent -------------------------------------------------------------------------------------


def make_env(data_dir: str, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANGKOM_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bangkom.settings",
        BANGKOM_DEBUG="0",
        BANGKOM_SECRET_KEY=secrets.token_urlsafe(50),
        BANGKOM_ALLOWED_HOSTS=HOST,
        BANGKOM_SECURE_SSL_REDIRECT="0",
        BANGKOM_DATA_DIR=data_dir,
        BANGKOM_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if database_url:
        env["BANGKOM_DATABASE_URL"] = database_url
    return env


def timed(report: dict, name: str, action):
    print(f"{name} ...", flush=True)
    started = time.perf_counter()
    result = action()
    report["setup_s"][name] = round(time.perf_counter() - started, 1)
    print(f"{name}: {report['setup_s'][name]} s", flush=True)
    return result


def print_report(report: dict) -> None:
    measured = report["measured"]
    print(
        f"\ndatabase: {report['database']}; offering {measured['offering']} "
        f"({measured['offering_enrolments']} enrolments); load average {report['loadavg']}"
    )
    print(
        f"{'page':<32} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8} "
        f"{'sql ms':>7}  p95 < {P95_TARGET_MS:.0f} ms"
    )
    for name, figures in measured["pages"].items():
        met = "yes" if figures["p95"] < P95_TARGET_MS else "NO"
        print(
            f"{name:<32} {figures['n']:>4} {figures['median']:>8.1f} {figures['p95']:>8.1f} "
            f"{figures['max']:>8.1f} {figures['queries']:>8} {figures['sql_ms']:>7}  {met}"
        )
    audit = measured["audit"]
    met = "yes" if audit["per_second"] >= AUDIT_TARGET_PER_S else "NO"
    print(
        f"audit-verify: {audit['entries']} entries in {audit['seconds']} s = "
        f"{audit['per_second']:,} entries/s (ok={audit['ok']}; target ≥ 50,000/s: {met})"
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        child_main(args.child, json.loads(args.child_args))
        return

    def on_signal(signum: int, _frame: object) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    scratch = Path(tempfile.mkdtemp(prefix="bangkom-dashboards-"))
    data_dir = str(Path(args.data_dir).resolve()) if args.data_dir else str(scratch / "data")
    pg = None
    report: dict = {
        "setup_s": {},
        "args": {k: v for k, v in vars(args).items() if "child" not in k},
    }
    try:
        if args.start_postgres:
            pg = timed(report, "start postgresql", ThrowawayPostgres)
            database_url, report["database"] = pg.url, "postgresql 15 (throwaway)"
        else:
            database_url = args.database_url
            report["database"] = "postgresql (given)" if database_url else "sqlite"
        env = make_env(data_dir, database_url)
        if not args.skip_seed:
            timed(report, "migrate", lambda: bangkom(env, "migrate", "--no-input", "-v0"))
            seed = [
                "seed-demo",
                "--force",
                "--employees",
                str(args.employees),
                "--participants",
                str(args.participants),
            ]
            timed(report, "seed-demo", lambda: bangkom(env, *seed))
        report["history"] = timed(
            report,
            "history",
            lambda: run_child("history", {"audit_entries": args.audit_entries}, env),
        )
        print(f"  {report['history']}")
        timed(report, "collectstatic", lambda: bangkom(env, "collectstatic", "--noinput", "-v0"))
        report["loadavg"] = loadavg()
        report["measured"] = timed(
            report, "measure", lambda: run_child("measure", {"requests": args.requests}, env)
        )
    finally:
        if pg is not None:
            pg.stop()
        if args.keep_scratch:
            print(f"scratch kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()

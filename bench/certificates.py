"""Certificate benchmark: issue and render 1,000 certificates, then zip them.

    .venv/bin/python bench/certificates.py [--count 1000] [--database-url postgres://...]

A fresh SQLite database in a scratch directory (or the given PostgreSQL database, which
must be empty), one offering with ``--count`` kompeten enrolments created with
``bulk_create``, then, pinned to one CPU core:

1. issue: ``issue_certificate`` per enrolment (journey check, gap-free number, hash);
2. render: ``render_certificate_pdf`` per certificate — PDFs per second (target ≥ 20/s);
3. zip: ``write_archive`` of the offering's PDFs into a file (what the manager's
   background job does), timed end to end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(scratch: Path, database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(BANGKOM_DEBUG="1", BANGKOM_DATA_DIR=str(scratch), BANGKOM_LOG_LEVEL="WARNING")
    if database_url:
        os.environ["BANGKOM_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings")
    import django

    django.setup()


def build_world(count: int) -> list:
    """One offering with ``count`` enrolments whose final test is passed."""
    from django.utils import timezone

    from bangkom.accounts.models import Employee, Institution, User
    from bangkom.assessments.choices import AssessmentKind, AttemptStatus
    from bangkom.assessments.models import Assessment, Attempt
    from bangkom.curriculum.models import Offering, Program
    from bangkom.learning.models import Enrollment

    now = timezone.now()
    institution = Institution.objects.create(
        code="bench", name="Pemerintah Kota Bench", kind="kemendagri_unit", province_code="31"
    )
    program = Program.objects.create(
        code="BENCH", title="Pelatihan Kepemimpinan Pengawas", program_type="teknis",
        total_jp=Decimal("20"),
    )  # fmt: skip
    offering = Offering.objects.create(
        program=program, code="BENCH-2025-01", name="Angkatan I", status="running",
        enrollment_opens_at=now - timedelta(days=30), enrollment_closes_at=now - timedelta(days=20),
        starts_at=now - timedelta(days=15), ends_at=now + timedelta(days=1),
    )  # fmt: skip
    final = Assessment.objects.create(
        offering=offering, kind=AssessmentKind.FINAL, title="Uji kompetensi",
        passing_score=Decimal("70"), max_attempts=3, duration_minutes=60, item_count=5,
        is_published=True,
    )  # fmt: skip
    employees = Employee.objects.bulk_create(
        Employee(
            nip=f"{(date(1975, 1, 1) + timedelta(days=i)).strftime('%Y%m%d')}200501{1 + i % 2}"
            f"{1 + i // 5000:03d}",
            name=f"Ṣiti Nurhaliza Peserta {i}", gender="male" if i % 2 == 0 else "female",
            birth_place="Jayapura", birth_date=date(1975, 1, 1) + timedelta(days=i),
            institution=institution, position_name="Kepala Seksi Perencanaan", rank="III/d",
        )
        for i in range(count)
    )  # fmt: skip
    users = User.objects.bulk_create(
        User(nip=e.nip, name=e.name, employee=e, password="!")  # noqa: S106 (unusable)
        for e in employees
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(offering=offering, participant=u, status="enrolled") for u in users
    )
    Attempt.objects.bulk_create(
        Attempt(
            assessment=final, enrollment=e, participant_id=e.participant_id, number=1, slot=1,
            status=AttemptStatus.SUBMITTED, seed=1, form=[], passing_score=Decimal("70"),
            max_attempts=3, duration_minutes=60, started_at=now, deadline=now, submitted_at=now,
            score=Decimal("88"), passed=True,
        )
        for e in enrollments
    )  # fmt: skip
    return enrollments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    scratch = Path(tempfile.mkdtemp(prefix="bangkom-bench-cert-"))
    try:
        setup_django(scratch, args.database_url)
        run(args.count, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(count: int, scratch: Path) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from bangkom.certificates.archive import write_archive
    from bangkom.certificates.issuance import issue_certificate
    from bangkom.certificates.models import Certificate
    from bangkom.certificates.pdf import fonts, render_certificate_pdf

    started = time.perf_counter()
    enrollments = build_world(count)
    print(f"database: {connection.vendor}  certificates: {count:,}  fonts: {fonts()[0]}")
    print(f"setup (bulk_create): {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    for enrollment in enrollments:
        issue_certificate(enrollment, kind="completion", now=timezone.now())
    issue_s = time.perf_counter() - started
    print(f"issue: {issue_s:.1f} s  ({count / issue_s:.0f} certificates/s, journey check included)")

    certificates = list(Certificate.objects.order_by("sequence"))
    started = time.perf_counter()
    total_bytes = sum(len(render_certificate_pdf(c)) for c in certificates)
    render_s = time.perf_counter() - started
    print(
        f"render: {render_s:.1f} s  ({count / render_s:.1f} PDFs/s on one core, target >= 20; "
        f"average {total_bytes / count / 1024:.0f} KiB)"
    )

    started = time.perf_counter()
    target = scratch / "sertifikat.zip"
    with target.open("wb") as handle:
        write_archive(certificates, handle)
    zip_s = time.perf_counter() - started
    print(f"zip of {count:,} PDFs: {zip_s:.1f} s  ({target.stat().st_size / 2**20:.1f} MiB)")
    sequences = [c.sequence for c in certificates]
    if sequences != list(range(1, count + 1)):
        raise SystemExit("numbers are not gap-free")


if __name__ == "__main__":
    main()

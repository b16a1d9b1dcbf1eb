"""Benchmark the employee registry import: seconds and peak memory per format.

    .venv/bin/python bench/registry_import.py --rows 100000 [--database-url postgres://...]

Sets up Bangkom in a scratch data directory (a fresh SQLite file unless
``--database-url`` is given), creates the tables, generates N valid employees
(deterministic), writes them as XLSX and CSV, then imports each file into an empty
registry in a fresh child process, so the peak RSS printed (VmHWM, else ``ru_maxrss``)
is that of one import; "base MB" is the child's RSS before the import starts. The last
runs re-import the CSV over the filled registry: unchanged, then with every row changed.
The budget is 100,000 rows in <= 60 s and <= 500 MB (RELIABILITY.md L6).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTITUTIONS = [
    ("pemprov-jabar", "Pemerintah Provinsi Jawa Barat", "pemprov", "32"),
    ("pemprov-jateng", "Pemerintah Provinsi Jawa Tengah", "pemprov", "33"),
    ("pemkot-bandung", "Pemerintah Kota Bandung", "pemkot", "32"),
    ("pemkab-sleman", "Pemerintah Kabupaten Sleman", "pemkab", "34"),
    ("kemendagri-bpsdm", "BPSDM Kementerian Dalam Negeri", "kemendagri_unit", "31"),
]
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Made", "Nyoman", "Rina", "Joko", "Ayu", "Hendra"]
LAST = ["Santoso", "Rahmawati", "Pratama", "Wijaya", "Saputra", "Lestari", "Hidayat", "Kusuma"]
UNITS = [f"Bidang {n}" for n in ("Umum", "Keuangan", "Perencanaan", "Kepegawaian", "Hukum")]
POSITIONS = ["Analis Kebijakan", "Pranata Komputer", "Arsiparis", "Perencana", "Auditor"]
RANKS = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
HEADER = [
    "nip",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_pegawai",
    "kode_instansi",
    "unit_kerja",
    "jabatan",
    "jenis_jabatan",
    "golongan",
    "email",
    "telepon",
    "aktif",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(Path(args.child[1]))
        return
    run_parent(args.rows, args.database_url)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings")
    import django

    django.setup()


def run_parent(rows: int, database_url: str) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="bangkom-bench-"))
    os.environ.update(BANGKOM_DEBUG="1", BANGKOM_DATA_DIR=str(scratch), BANGKOM_LOG_LEVEL="WARNING")
    if database_url:
        os.environ["BANGKOM_DATABASE_URL"] = database_url
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    # run_syncdb also creates the tables of apps that have no migrations yet.
    call_command("migrate", run_syncdb=True, verbosity=0)
    from bangkom.accounts.models import Employee, Institution, Unit

    for code, name, kind, province in INSTITUTIONS:
        Institution.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "province_code": province}
        )
    records = list(generate(rows))
    xlsx_path, csv_path = scratch / "pegawai.xlsx", scratch / "pegawai.csv"
    write_xlsx(xlsx_path, records)
    write_csv(csv_path, records)
    changed_path = scratch / "pegawai-berubah.csv"  # every row differs: name and position
    write_csv(
        changed_path, [(r[0], r[1] + " Baru", *r[2:8], "Kepala Seksi", *r[9:]) for r in records]
    )
    del records

    print(f"database: {connection.vendor}  rows: {rows:,}  scratch: {scratch}")
    print(
        f"file sizes: xlsx {mb(xlsx_path.stat().st_size)} MB, csv {mb(csv_path.stat().st_size)} MB"
    )
    print(
        f"{'run':<22} {'rows':>8} {'validate s':>11} {'total s':>8} {'peak MB':>8} "
        f"{'base MB':>8}  result"
    )
    runs = [("xlsx (empty registry)", xlsx_path, True), ("csv (empty registry)", csv_path, True)]
    runs.append(("csv (same again)", csv_path, False))
    runs.append(("csv (all rows changed)", changed_path, False))
    for label, path, empty_first in runs:
        if empty_first:
            Employee.objects.all().delete()
            Unit.objects.all().delete()
        connection.close()  # SQLite: no open handle while the child writes
        report = child_report(path)
        print(
            f"{label:<22} {report['rows']:>8,} {report['validate_s']:>11.1f} "
            f"{report['seconds']:>8.1f} {report['peak_mb']:>8.0f} {report['base_mb']:>8.0f}  "
            f"{report['created']:,} created, {report['updated']:,} updated, "
            f"{report['errors']} errors"
        )


def child_report(path: Path) -> dict:
    command = [sys.executable, __file__, "--child", path.suffix.lstrip("."), str(path)]
    # The import itself runs as in production: with DEBUG on, Django keeps the text of every
    # SQL statement in memory (~13 MB for 100,000 inserts), which would distort the peak.
    env = {**os.environ, "BANGKOM_DEBUG": "0", "BANGKOM_SECRET_KEY": "bench-" + "x" * 50}
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if completed.returncode:
        sys.exit(f"child failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_child(path: Path) -> None:
    setup_django()
    from bangkom.accounts.registry_import import import_employees

    base_kb = peak_rss_kb()  # Python, Django and the app loaded
    started = time.perf_counter()
    validated: list[float] = []

    def progress(done: int, total: int) -> None:
        if done == total:
            validated.append(time.perf_counter() - started)

    result = import_employees(path, filename=path.name, progress=progress)
    seconds = time.perf_counter() - started
    peak_kb = peak_rss_kb()
    report = {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "errors": len(result.errors),
        "first_error": result.errors[0].message if result.errors else "",
        "validate_s": validated[-1] if validated else seconds,
        "seconds": seconds,
        "peak_mb": peak_kb / 1024,
        "base_mb": base_kb / 1024,
    }
    print(json.dumps(report))


def peak_rss_kb() -> int:
    """Peak RSS of this process in KiB.

    Linux carries ``ru_maxrss`` over ``exec`` from the forking parent (the bench parent
    holds the generated rows), so the process's own high-water mark, VmHWM, is read
    first; ``ru_maxrss`` is the fallback elsewhere.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1])


def generate(count: int) -> Iterator[tuple]:
    """Yield valid, unique employees; the same ``count`` always gives the same rows."""
    rng = random.Random(2026)  # deterministic test data, not security
    used: set[str] = set()
    while len(used) < count:
        born = date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        year = min(born.year + rng.randint(20, 30), 2025)
        female = rng.random() < 0.5
        pppk = rng.random() < 0.1
        middle = f"{year}21" if pppk else f"{year}{rng.randint(1, 12):02d}"
        nip = f"{born:%Y%m%d}{middle}{2 if female else 1}{rng.randint(1, 999):03d}"
        if nip in used:
            continue
        used.add(nip)
        code = rng.choice(INSTITUTIONS)[0]
        yield (
            nip,
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "P" if female else "L",
            rng.choice(["Bandung", "Semarang", "Yogyakarta", "Denpasar", "Medan"]),
            born,
            "PPPK" if pppk else "PNS",
            code,
            rng.choice(UNITS),
            rng.choice(POSITIONS),
            rng.choice(["Fungsional", "Pelaksana", "Pengawas", "Administrator"]),
            rng.choice(RANKS),
            f"pegawai{len(used)}@{code}.go.id",
            f"08{rng.randint(10**9, 10**10 - 1)}",
            "ya" if rng.random() < 0.97 else "tidak",
        )


def write_xlsx(path: Path, records: list[tuple]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    sheet.append(HEADER)
    for record in records:
        sheet.append(record)
    workbook.save(path)


def write_csv(path: Path, records: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for record in records:
            writer.writerow(
                [value.isoformat() if isinstance(value, date) else value for value in record]
            )


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


if __name__ == "__main__":
    main()

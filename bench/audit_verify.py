"""Benchmark ``bangkom audit-verify``: entries verified per second (target >= 50,000/s).

    .venv/bin/python bench/audit_verify.py --entries 100000 [--database-url postgres://...]

Sets up Bangkom in a scratch data directory (a fresh SQLite file unless ``--database-url``
is given; a PostgreSQL database must be empty, the script migrates it), appends N valid
chained synthetic entries (``bangkom.audit.bench_support.bulk_append_synthetic``), then runs
the verification ``--runs`` times and prints wall-clock and CPU rates. The scratch
directory is deleted at the end unless ``--keep-scratch``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep-scratch", action="store_true")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bangkom-audit-bench-"))
    env = {**os.environ, "BANGKOM_DEBUG": "1", "BANGKOM_DATA_DIR": str(scratch)}
    if args.database_url:
        env["BANGKOM_DATABASE_URL"] = args.database_url
    bangkom = [str(ROOT / ".venv" / "bin" / "bangkom")]
    try:
        subprocess.run([*bangkom, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        code = (
            "import json, time\n"
            "from bangkom.audit.bench_support import bulk_append_synthetic\n"
            "from bangkom.audit.verify import verify_chain\n"
            "t = time.perf_counter()\n"
            f"bulk_append_synthetic({args.entries})\n"
            "print(json.dumps({'append_s': time.perf_counter() - t}))\n"
            f"for _ in range({args.runs}):\n"
            "    c = time.process_time()\n"
            "    r = verify_chain()\n"
            "    cpu = time.process_time() - c\n"
            "    assert r.ok, r.problem\n"
            "    print(json.dumps({'count': r.count, 'seconds': r.seconds, 'rate': r.rate,"
            " 'cpu_rate': r.count / cpu if cpu else None}))\n"
        )
        started = time.perf_counter()
        out = subprocess.run(
            [*bangkom, "shell", "-c", code],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        print(f"appended {args.entries} entries in {lines[0]['append_s']:.1f} s")
        for run in lines[1:]:
            print(
                f"verified {run['count']} entries in {run['seconds']:.2f} s: "
                f"{run['rate']:,.0f} entries/s wall, {run['cpu_rate']:,.0f} entries/s CPU"
            )
        print(f"total {time.perf_counter() - started:.1f} s")
    finally:
        if not args.keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

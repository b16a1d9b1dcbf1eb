"""``bangkom import-employees FILE``: import the employee registry from CSV or XLSX.

All rows or none: on any error every problem is printed to stderr, nothing is written
and the command exits non-zero. Run it for the first load of the registry, or from cron
to apply the periodic export of the regional BKD's personnel system.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangkom.accounts.registry_import import RowError, import_employees


class Command(BaseCommand):
    help = (
        "Impor data induk pegawai dari berkas .csv atau .xlsx (semua baris atau tidak sama sekali)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="berkas .csv atau .xlsx")
        parser.add_argument(
            "--allow-transfers",
            action="store_true",
            help="izinkan NIP yang terdaftar di instansi lain pindah ke instansi di berkas",
        )

    def handle(self, *args: object, file: Path, allow_transfers: bool, **options: object) -> None:
        if not file.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        result = import_employees(file, filename=file.name, allow_transfers=allow_transfers)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(_error_line(error))
            raise CommandError(
                f"Impor gagal: {len(result.errors)} kesalahan ditampilkan; "
                "tidak ada data yang disimpan."
            )
        self.stdout.write(
            f"Impor selesai: {result.created} pegawai baru, {result.updated} diperbarui "
            f"({result.rows} baris)."
        )


def _error_line(error: RowError) -> str:
    if not error.row:
        return error.message
    return f"Baris {error.row}, kolom {error.column}: {error.message}"

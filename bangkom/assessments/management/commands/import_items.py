"""``bangkom import-items --bank CODE FILE``: import items from GIFT, Aiken or XLSX.

All items or none: on any error every problem is printed to stderr ("Baris 12: …"),
nothing is written and the command exits non-zero. The format comes from the extension
(.gift, .aiken, .xlsx; a .txt file is Aiken when it has ANSWER: lines and no { }, else
GIFT) or ``--format``. Imported items are drafts waiting for review; ``--activate`` makes
them active at once — for seeding demo data only, since it skips the second reviewer.
``--author NIP`` records who wrote them.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.assessments.importers import FORMATS, MAX_IMPORT_BYTES, import_items
from bangkom.assessments.models import ItemBank


class Command(BaseCommand):
    help = (
        "Impor butir soal ke bank dari berkas GIFT, Aiken atau XLSX (semua atau tidak sama sekali)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="berkas .gift, .txt, .aiken atau .xlsx")
        parser.add_argument("--bank", required=True, help="kode bank soal tujuan")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, help="format berkas")
        parser.add_argument("--author", help="NIP penulis soal")
        parser.add_argument(
            "--activate",
            action="store_true",
            help="langsung aktif tanpa telaah (hanya untuk data demo)",
        )

    def handle(
        self,
        *args,
        file: Path,
        bank: str,
        fmt: str | None,
        author: str | None,
        activate: bool,
        **options,
    ) -> None:
        target = ItemBank.objects.filter(code=bank).first()
        if target is None:
            raise CommandError(f"Bank soal tidak ditemukan: {bank}")
        writer = None
        if author:
            writer = User.objects.filter(nip=author).first()
            if writer is None:
                raise CommandError(f"Pengguna dengan NIP {author} tidak ditemukan.")
        if not file.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        if file.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError("Berkas lebih dari 10 MB; bagi menjadi beberapa berkas.")
        result = import_items(
            target,
            file.read_bytes(),
            filename=file.name,
            fmt=fmt,
            by=writer,
            now=timezone.now(),
            activate=activate,
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Impor gagal: {len(result.errors)} kesalahan; tidak ada soal yang disimpan."
            )
        self.stdout.write(
            f"Impor selesai: {result.created} butir soal ditambahkan ke bank {target.code}."
        )

"""``bangkom audit-verify``: check the audit chain; exit status 1 names the first problem."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangkom.audit.verify import parse_anchor, verify_chain


class Command(BaseCommand):
    help = "Periksa rantai hash jejak audit (RELIABILITY.md A1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            help="Hash kepala rantai yang disimpan di luar basis data; harus sama.",
        )
        parser.add_argument(
            "--anchor",
            metavar="SEQ:HASH",
            help="Entri yang disalin ke luar basis data sebelumnya (rantai boleh bertambah).",
        )
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: object, **options: object) -> None:
        try:
            anchor = parse_anchor(options["anchor"]) if options["anchor"] else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        result = verify_chain(
            batch_size=options["batch_size"], expect_head=options["expect_head"], anchor=anchor
        )
        if result.problem is not None:
            raise CommandError(
                f"GAGAL: {result.problem.message} "
                f"({result.count} entri pertama utuh, kepala terakhir yang utuh "
                f"#{result.head_seq} {result.head_hash})"
            )
        self.stdout.write(
            f"OK: {result.count} entri utuh, kepala {result.head_seq}:{result.head_hash}, "
            f"{result.rate:,.0f} entri/detik"
        )

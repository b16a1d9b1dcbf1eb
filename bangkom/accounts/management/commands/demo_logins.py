"""``bangkom demo-logins``: print the demo accounts and where to use them (``make run``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from bangkom.accounts.demo import DEMO_ACCOUNTS, DEV_SERVER_URL, missing_demo_accounts

HEADERS = ("Peran", "NIP", "NIP tanpa spasi", "Kata sandi", "Untuk apa")


class Command(BaseCommand):
    help = "Menampilkan akun demo (peran, NIP, kata sandi) dan alamat situs pengembangan."

    def handle(self, *args, **options):
        rows = [HEADERS] + [
            (
                str(account.role),
                account.formatted_nip,
                account.nip,
                account.password,
                account.description,
            )
            for account in DEMO_ACCOUNTS
        ]
        # The last column is free text and is not padded.
        widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS) - 1)]
        self.stdout.write(f"Akun demo Bangkom — buka {DEV_SERVER_URL} dan masuk dengan NIP:")
        self.stdout.write("")
        for n, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[-1]]))
            if n == 0:
                self.stdout.write("  ".join(["-" * width for width in widths] + ["-" * 9]))
        self.stdout.write("")
        self.stdout.write(f"Situs: {DEV_SERVER_URL}")
        missing = missing_demo_accounts()
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(missing)} akun demo belum ada di basis data; jalankan dulu: "
                    "bangkom seed-demo"
                )
            )

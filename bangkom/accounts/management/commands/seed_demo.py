"""``bangkom seed-demo``: create (or complete) the demo world; idempotent.

The world: institutions, registry and demo logins; programs, offerings and facilitators;
materials, assignments and enrolments; planning data (``accounts.demo.seed_demo_world``).
``--participants M`` adds M load-test enrolments in the running offerings.

Development only: the demo accounts have published passwords, so with ``BANGKOM_DEBUG``
off the command refuses unless given ``--force``. ``make run`` uses ``--if-empty``.
"""

from __future__ import annotations

from argparse import ArgumentTypeError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bangkom.accounts.demo import DEFAULT_EMPLOYEES, registry_is_empty, seed_demo_world

REFUSED_WITHOUT_FORCE = (
    "seed-demo membuat akun demo dengan kata sandi yang diketahui umum; jalankan hanya di "
    "lingkungan pengembangan, atau tambahkan --force"
)


def _non_negative(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise ArgumentTypeError(f"harus bilangan bulat 0 atau lebih, bukan {raw!r}")
    return value


class Command(BaseCommand):
    help = (
        "Membuat dunia demo (idempoten): instansi di tiga zona waktu, unit kerja, data induk "
        "pegawai, enam akun demo, program dan angkatan pelatihan, materi, penugasan dan "
        "peserta. Hanya untuk pengembangan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees",
            type=_non_negative,
            default=DEFAULT_EMPLOYEES,
            metavar="N",
            help=f"jumlah pegawai dalam data induk demo, termasuk akun demo "
            f"(bawaan {DEFAULT_EMPLOYEES}; 100000 untuk uji beban)",
        )
        parser.add_argument(
            "--participants",
            type=_non_negative,
            default=None,
            metavar="M",
            help="jumlah pendaftaran uji beban pada angkatan yang berjalan (akun dibuat untuk "
            "pegawai data induk yang belum memilikinya); misalnya 20000",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="tidak melakukan apa pun bila data induk pegawai sudah berisi (make run)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="tetap jalan walaupun BANGKOM_DEBUG mati",
        )

    def handle(self, *args, employees, participants, if_empty, force, verbosity, **options):
        if not settings.DEBUG and not force:
            raise CommandError(REFUSED_WITHOUT_FORCE)
        if if_empty and not registry_is_empty():
            self.stdout.write("Data induk pegawai sudah berisi; seed-demo dilewati (--if-empty).")
            return
        world = seed_demo_world(
            employees=employees,
            participants=participants or 0,
            now=timezone.now(),
            stdout=self.stdout if verbosity >= 2 else None,
        )
        summary, learning = world.accounts, world.learning
        load = ""
        if participants is not None:
            load = (
                f", --participants {participants}: "
                f"{learning.get('load_enrollments', 0)} pendaftaran uji beban baru"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Dunia demo siap: {summary.institutions} instansi "
                f"({summary.institutions_created} baru), {summary.units} unit kerja "
                f"({summary.units_created} baru), {summary.employees} pegawai "
                f"({summary.employees_created} baru), {summary.accounts} akun demo "
                f"({summary.accounts_created} baru), "
                f"{world.curriculum.get('programs', 0)} program dan "
                f"{world.curriculum.get('offerings', 0)} angkatan baru, "
                f"{learning.get('enrollments', 0)} peserta contoh baru{load}. "
                "Daftar akun: bangkom demo-logins"
            )
        )

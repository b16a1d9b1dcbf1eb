"""``bangkom import-items --bank CODE FILE``: a one-line summary and the items written, or
every error on stderr, a non-zero exit and nothing written."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bangkom.accounts.choices import Role
from bangkom.assessments.models import Item
from tests.accounts.factories import UserFactory
from tests.assessments.factories import ItemBankFactory

pytestmark = pytest.mark.django_db

GIFT = "Ibu kota Indonesia?{=Jakarta ~Bandung}\n\nMatahari terbit dari timur.{T}\n"


@pytest.fixture
def bank():
    return ItemBankFactory(code="SEKWAN-1", title="Bank Sekwan")


def import_items(*args):
    out, err = StringIO(), StringIO()
    call_command("import_items", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_success_prints_one_line_and_writes_drafts(bank, tmp_path):
    path = tmp_path / "soal.gift"
    path.write_text(GIFT, encoding="utf-8")

    out, err = import_items("--bank", "SEKWAN-1", str(path))

    assert out.strip() == "Impor selesai: 2 butir soal ditambahkan ke bank SEKWAN-1."
    assert err == ""
    assert list(Item.objects.filter(bank=bank).values_list("status", flat=True)) == ["draft"] * 2


def test_activate_and_author_for_demo_seeding(bank, tmp_path):
    author = UserFactory(roles=[Role.WIDYAISWARA])
    path = tmp_path / "soal.txt"
    path.write_text("Soal?\nA. satu\nB. dua\nANSWER: B\n", encoding="utf-8")

    import_items("--bank", "SEKWAN-1", "--author", author.nip, "--activate", str(path))

    item = Item.objects.get(bank=bank)
    assert (item.status, item.author, item.item_type) == ("active", author, "single")


def test_failure_prints_every_error_exits_non_zero_and_writes_nothing(bank, tmp_path):
    path = tmp_path / "soal.gift"
    path.write_text(GIFT + "\nRusak {=a ~b\n\nDua kunci {=a =b}\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="2 kesalahan"):
        call_command("import_items", "--bank", "SEKWAN-1", str(path), stderr=err)

    lines = err.getvalue().strip().splitlines()
    assert lines[0].startswith("Baris 5: ")
    assert lines[1].startswith("Baris 7: ")
    assert not Item.objects.exists()


def test_format_option_overrides_the_extension(bank, tmp_path):
    path = tmp_path / "soal.dat"
    path.write_text("Soal?\nA. satu\nB. dua\nANSWER: A\n", encoding="utf-8")
    out, _err = import_items("--bank", "SEKWAN-1", "--format", "aiken", str(path))
    assert "1 butir soal" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bank", "TIDAK-ADA"], "Bank soal tidak ditemukan"),
        (["--bank", "SEKWAN-1", "--author", "199001012020121001"], "tidak ditemukan"),
    ],
)
def test_unknown_bank_or_author_is_refused(bank, tmp_path, args, message):
    path = tmp_path / "soal.gift"
    path.write_text(GIFT, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        import_items(*args, str(path))


def test_missing_file_is_refused(bank, tmp_path):
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        import_items("--bank", "SEKWAN-1", str(tmp_path / "tidak-ada.gift"))


def test_the_bangkom_cli_accepts_the_hyphenated_name():
    completed = subprocess.run(
        [sys.executable, "-m", "bangkom.cli", "import-items", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "bangkom.settings_test", "PATH": ""},
    )
    assert completed.returncode == 0, completed.stderr
    assert "--bank" in completed.stdout
    assert "--activate" in completed.stdout

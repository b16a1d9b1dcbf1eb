"""Pages of the progression context: my JP, the JP report and exports, follow-up programs."""

from __future__ import annotations

import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from bangkom.progression.followups import add_follow_up, recommended_programs
from bangkom.progression.ledger import credit_certificate
from bangkom.progression.models import FollowUpProgram
from tests.accounts.factories import EmployeeFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory, ProgramFactory
from tests.progression.factories_ledger import JpCreditFactory

pytestmark = pytest.mark.django_db


def this_year(user) -> int:
    return timezone.now().astimezone(ZoneInfo(user.time_zone_name)).year


def test_my_jp_shows_this_years_total_against_twenty(peserta):
    JpCreditFactory(employee=peserta.employee, year=this_year(peserta), jp=Decimal("12.5"))

    response = logged_in_client(peserta).get("/jp/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "12,5 / 20 JP" in body  # Indonesian decimal comma
    assert 'value="62"' in body  # the <progress> bar: 12.5 of 20
    assert "kurang 7,5 JP" in body


def test_my_jp_recommends_follow_ups_of_a_certified_program(peserta, monkeypatch):
    basic = ProgramFactory(title="Kepemimpinan Dasar")
    advanced = ProgramFactory(title="Kepemimpinan Lanjut")
    add_follow_up(basic, follow_up=advanced, min_level=3)
    OfferingFactory(program=advanced, name="Angkatan I Lanjut")
    from bangkom.progression import followups

    monkeypatch.setattr(followups, "certified_program_ids", lambda user: {basic.pk})

    recs = recommended_programs(peserta, now=timezone.now())
    response = logged_in_client(peserta).get("/jp/")

    assert [r.program for r in recs] == [advanced]
    assert recs[0].offerings[0].name == "Angkatan I Lanjut"
    assert "Kepemimpinan Lanjut" in response.content.decode()


def test_no_recommendation_without_certification(peserta):
    basic, advanced = ProgramFactory(), ProgramFactory()
    add_follow_up(basic, follow_up=advanced)

    assert recommended_programs(peserta, now=timezone.now()) == []


def test_report_page_for_managers_is_paginated_and_query_bounded(
    pengelola, home_institution, django_assert_max_num_queries
):
    for _ in range(60):
        EmployeeFactory(institution=home_institution)
    client = logged_in_client(pengelola)

    with django_assert_max_num_queries(20):
        response = client.get("/jp/laporan/", {"year": 2026})

    assert response.status_code == 200
    assert response.content.decode().count("data-nip=") == 50


def test_pimpinan_report_page_refuses_another_institution(pimpinan, other_institution):
    client = logged_in_client(pimpinan)

    assert client.get("/jp/laporan/", {"institution": other_institution.pk}).status_code == 403
    assert client.get("/jp/laporan/").status_code == 200


def test_peserta_cannot_open_the_report(peserta):
    assert logged_in_client(peserta).get("/jp/laporan/").status_code == 403


def test_report_xlsx_lists_the_scope_of_the_reader(pimpinan, peserta, peserta_lain):
    JpCreditFactory(employee=peserta.employee, year=2026, jp=Decimal("20"))

    response = logged_in_client(pimpinan).get("/jp/laporan.xlsx", {"year": 2026})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("NIP", "Nama", "Instansi", "JP 2026", "Memenuhi 20 JP")
    nips = [row[0] for row in rows[1:]]
    assert peserta.nip in nips
    assert peserta_lain.nip not in nips


def test_siasn_download(pengelola, peserta):
    from tests.learning.factories import EnrollmentFactory

    credit_certificate(EnrollmentFactory(participant=peserta), completed_at=timezone.now())

    response = logged_in_client(pengelola).get("/jp/siasn.xlsx", {"year": this_year(peserta)})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert next(sheet.iter_rows(values_only=True))[2] == "namaKursus"


def test_manager_declares_and_removes_a_follow_up(pengelola):
    basic, advanced = ProgramFactory(), ProgramFactory()
    client = logged_in_client(pengelola)

    response = client.post(
        f"/jp/program/{basic.pk}/lanjutan/", {"follow_up": advanced.pk, "min_level": 3}
    )
    assert response.status_code == 302
    row = FollowUpProgram.objects.get()
    assert (row.program, row.follow_up, row.min_level) == (basic, advanced, 3)

    again = client.post(f"/jp/program/{basic.pk}/lanjutan/", {"follow_up": advanced.pk})
    assert "sudah dicantumkan" in again.content.decode()

    client.post(f"/jp/lanjutan/{row.pk}/hapus/")
    assert not FollowUpProgram.objects.exists()


def test_a_program_is_not_its_own_follow_up(pengelola):
    program = ProgramFactory()

    response = logged_in_client(pengelola).post(
        f"/jp/program/{program.pk}/lanjutan/", {"follow_up": program.pk}
    )

    assert response.status_code == 200
    assert not FollowUpProgram.objects.exists()

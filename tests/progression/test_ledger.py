"""The JP ledger (DOMAIN.md §2.2, §4.2): year in the participant's zone, the 20-JP line,
the report's scope and the SIASN export."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bangkom.accounts.choices import Role
from bangkom.progression.errors import ProgressionForbidden
from bangkom.progression.ledger import (
    SIASN_COLUMNS,
    credit_certificate,
    jp_progress,
    jp_report,
    jp_total,
    report_institutions_for,
    siasn_xlsx,
)
from bangkom.progression.models import JpCredit
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.learning.factories import EnrollmentFactory
from tests.progression.factories_ledger import JpCreditFactory

pytestmark = pytest.mark.django_db

# 31 Dec 2025 15:30 UTC = 22:30 WIB on 31 December = 00:30 WIT on 1 January 2026
NEW_YEAR_IN_WIT = datetime(2025, 12, 31, 15, 30, tzinfo=UTC)


def test_completion_at_half_past_midnight_wit_counts_for_the_new_year(peserta_lain):
    assert peserta_lain.time_zone_name == "Asia/Jayapura"
    enrollment = EnrollmentFactory(participant=peserta_lain)

    credit = credit_certificate(enrollment, completed_at=NEW_YEAR_IN_WIT)

    assert credit.year == 2026
    assert credit.ends_on.isoformat() == "2026-01-01"


def test_the_same_instant_in_wib_still_counts_for_the_old_year(peserta):
    assert peserta.time_zone_name == "Asia/Jakarta"
    enrollment = EnrollmentFactory(participant=peserta)

    credit = credit_certificate(enrollment, completed_at=NEW_YEAR_IN_WIT)

    assert credit.year == 2025
    assert jp_total(peserta.employee, 2025) == enrollment.offering.program.total_jp
    assert jp_total(peserta.employee, 2026) == 0


def test_crediting_an_enrolment_twice_keeps_one_credit(peserta):
    enrollment = EnrollmentFactory(participant=peserta)

    first = credit_certificate(enrollment, completed_at=NEW_YEAR_IN_WIT)
    second = credit_certificate(
        enrollment, completed_at=NEW_YEAR_IN_WIT, certificate_number="00001/PRG/BPSDM-KDN/2025"
    )

    assert first.pk == second.pk
    assert JpCredit.objects.count() == 1
    assert JpCredit.objects.get().certificate_number == "00001/PRG/BPSDM-KDN/2025"


def test_trial_enrolment_is_never_credited(peserta):
    enrollment = EnrollmentFactory(participant=peserta, is_trial=True)

    assert credit_certificate(enrollment, completed_at=NEW_YEAR_IN_WIT) is None
    assert not JpCredit.objects.exists()


@pytest.mark.parametrize(("jp", "meets"), [("19.5", False), ("20", True), ("20.5", True)])
def test_twenty_jp_is_the_minimum(home_institution, jp, meets):
    employee = EmployeeFactory(institution=home_institution)
    JpCreditFactory(employee=employee, year=2026, jp=Decimal(jp))

    (row,) = [r for r in jp_report(2026) if r.nip == employee.nip]

    assert row.jp == Decimal(jp)
    assert row.meets_minimum is meets


def test_report_sums_only_the_asked_year_and_lists_employees_without_jp(home_institution):
    busy = EmployeeFactory(institution=home_institution)
    idle = EmployeeFactory(institution=home_institution)
    JpCreditFactory(employee=busy, year=2026, jp=Decimal("12"))
    JpCreditFactory(employee=busy, year=2026, jp=Decimal("9.5"))
    JpCreditFactory(employee=busy, year=2025, jp=Decimal("40"))

    rows = {r.nip: r for r in jp_report(2026)}

    assert rows[busy.nip].jp == Decimal("21.5")
    assert rows[busy.nip].meets_minimum
    assert rows[idle.nip].jp == 0
    assert not rows[idle.nip].meets_minimum


def test_report_leaves_out_inactive_employees(home_institution):
    gone = EmployeeFactory(institution=home_institution, is_active=False)

    assert gone.nip not in {r.nip for r in jp_report(2026)}


def test_report_query_count_does_not_grow_with_employees(
    home_institution, django_assert_max_num_queries
):
    for _ in range(30):
        JpCreditFactory(employee=EmployeeFactory(institution=home_institution))

    with django_assert_max_num_queries(1):
        rows = jp_report(2026)

    assert len(rows) == 30


def test_pimpinan_report_scope_is_their_institution_only(
    pimpinan, home_institution, other_institution
):
    assert report_institutions_for(pimpinan) == {home_institution.pk}
    assert report_institutions_for(pimpinan, home_institution.pk) == {home_institution.pk}
    with pytest.raises(ProgressionForbidden):
        report_institutions_for(pimpinan, other_institution.pk)


def test_managers_see_every_institution_or_the_one_they_pick(pengelola, admin_user):
    assert report_institutions_for(pengelola) is None
    assert report_institutions_for(admin_user, 7) == {7}


def test_a_role_without_report_rights_sees_nothing(widyaiswara, peserta):
    assert report_institutions_for(widyaiswara) == set()
    other = UserFactory(roles=[Role.PESERTA])
    with pytest.raises(ProgressionForbidden):
        report_institutions_for(other, peserta.employee.institution_id)


def test_progress_uses_the_year_in_the_users_zone(peserta_lain):
    JpCreditFactory(employee=peserta_lain.employee, year=2026, jp=Decimal("8"))

    progress = jp_progress(peserta_lain, now=NEW_YEAR_IN_WIT)

    assert progress.year == 2026
    assert progress.jp == Decimal("8")
    assert progress.remaining == Decimal("12")
    assert progress.percent == 40
    assert not progress.meets_minimum


def test_siasn_export_has_the_siasn_columns_and_dd_mm_yyyy_dates(peserta):
    enrollment = EnrollmentFactory(participant=peserta, offering__program__title="=HYPERLINK(1)")
    credit_certificate(
        enrollment, completed_at=NEW_YEAR_IN_WIT, certificate_number="00007/PRG/BPSDM-KDN/2025"
    )

    sheet = load_workbook(io.BytesIO(siasn_xlsx(2025))).active
    header, row = list(sheet.iter_rows(values_only=True))

    assert header == SIASN_COLUMNS
    assert header[2:] == (
        "namaKursus",
        "institusiPenyelenggara",
        "jumlahJam",
        "nomorSertipikat",
        "tanggalKursus",
        "tanggalSelesaiKursus",
        "tahunKursus",
    )
    values = dict(zip(header, row, strict=True))
    assert values["nip"] == peserta.nip
    assert values["namaKursus"] == "'=HYPERLINK(1)"  # neutralised, never a formula
    assert values["institusiPenyelenggara"] == "BPSDM Kementerian Dalam Negeri"
    assert values["jumlahJam"] == 20
    assert values["nomorSertipikat"] == "00007/PRG/BPSDM-KDN/2025"
    assert values["tanggalSelesaiKursus"] == "31-12-2025"
    assert values["tahunKursus"] == 2025


def test_siasn_export_is_scoped_to_the_institutions_given(peserta, peserta_lain):
    JpCreditFactory(employee=peserta.employee, year=2026)
    JpCreditFactory(employee=peserta_lain.employee, year=2026)

    sheet = load_workbook(
        io.BytesIO(siasn_xlsx(2026, institution_ids={peserta.employee.institution_id}))
    ).active
    nips = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert nips == [peserta.nip]

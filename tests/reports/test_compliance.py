"""Per institution and year: JP compliance, gap closure and participation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bangkom.planning.models import NeedCandidate, NeedsAnalysis, NeedTarget
from bangkom.progression.ledger import jp_report
from bangkom.reports.compliance import institution_years, total_row
from tests.accounts.factories import EmployeeFactory, InstitutionFactory, UserFactory
from tests.curriculum.factories import CompetencyFactory, OfferingFactory, ProgramFactory
from tests.learning.factories import EnrollmentFactory
from tests.planning.factories_planning import AssessmentFactory as LevelFactory
from tests.progression.factories_ledger import JpCreditFactory

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def institution():
    institution = InstitutionFactory(name="Pemerintah Kota Uji")
    twenty = EmployeeFactory(institution=institution, name="Dua Puluh")
    almost = EmployeeFactory(institution=institution, name="Sembilan Belas Setengah")
    EmployeeFactory(institution=institution, name="Tanpa JP")
    retired = EmployeeFactory(institution=institution, is_active=False)
    JpCreditFactory(employee=twenty, year=YEAR, jp=Decimal("20"))
    JpCreditFactory(employee=almost, year=YEAR, jp=Decimal("10"))
    JpCreditFactory(employee=almost, year=YEAR, jp=Decimal("9.5"))
    JpCreditFactory(employee=almost, year=YEAR - 1, jp=Decimal("30"))  # another year
    JpCreditFactory(employee=retired, year=YEAR, jp=Decimal("25"))  # not active
    institution.twenty, institution.almost = twenty, almost
    return institution


def test_jp_compliance_counts_20_jp_but_not_19_5(institution):
    [row] = institution_years(YEAR, [institution])

    assert row.employees == 3  # active employees only
    assert row.compliant == 1
    assert row.compliance == 33.3


def test_jp_compliance_agrees_with_the_ledger_report(institution):
    ledger_rows = jp_report(YEAR, institution_ids=[institution.pk])

    [row] = institution_years(YEAR, [institution])

    assert row.employees == len(ledger_rows)
    assert row.compliant == sum(1 for r in ledger_rows if r.meets_minimum)


def test_participation_counts_employees_approved_in_an_offering_starting_that_year(institution):
    user = UserFactory(employee=institution.twenty)
    starts = datetime(YEAR, 5, 4, 2, 0, tzinfo=UTC)
    EnrollmentFactory(participant=user, offering=OfferingFactory(starts_at=starts))
    EnrollmentFactory(participant=user, offering=OfferingFactory(starts_at=starts))  # once
    other = UserFactory(employee=institution.almost)
    EnrollmentFactory(
        participant=other,
        offering=OfferingFactory(starts_at=datetime(YEAR + 1, 2, 1, tzinfo=UTC)),
    )

    [row] = institution_years(YEAR, [institution])

    assert row.participants == 1
    assert row.participation == 33.3


def test_gap_closure_counts_akpk_gaps_whose_latest_level_meets_the_standard(institution):
    competency = CompetencyFactory()
    analysis = NeedsAnalysis.objects.create(institution=institution, year=YEAR)
    candidate = NeedCandidate.objects.create(
        analysis=analysis,
        program=ProgramFactory(),
        competency=competency,
        headcount=2,
        average_gap=Decimal("1.5"),
        rank=1,
    )
    for employee, assessed in ((institution.twenty, 2), (institution.almost, 2)):
        NeedTarget.objects.create(
            candidate=candidate, employee=employee, required_level=3, assessed_level=assessed
        )
        LevelFactory(
            employee=employee, competency=competency, level=2, assessed_on=date(YEAR, 1, 5)
        )
    LevelFactory(
        employee=institution.twenty, competency=competency, level=3, assessed_on=date(YEAR, 9, 1)
    )
    LevelFactory(
        employee=institution.almost,
        competency=competency,
        level=4,
        assessed_on=date(YEAR - 2, 1, 1),
    )  # older than the gap: the latest one (level 2) counts

    [row] = institution_years(YEAR, [institution])

    assert (row.gaps, row.gaps_closed, row.gap_closure) == (2, 1, 50.0)


def test_without_an_akpk_there_is_no_gap_figure(institution):
    [row] = institution_years(YEAR, [institution])

    assert row.gaps is None
    assert row.gap_closure is None


def test_total_row_adds_up_the_institutions(institution):
    other = InstitutionFactory(name="Pemerintah Kabupaten Lain")
    JpCreditFactory(employee=EmployeeFactory(institution=other), year=YEAR, jp=Decimal("40"))
    rows = institution_years(YEAR, [institution, other])

    total = total_row(rows, label="Jumlah")

    assert (total.employees, total.compliant) == (4, 2)
    assert total.compliance == 50.0


def test_institution_rows_take_a_fixed_number_of_queries(institution, django_assert_num_queries):
    others = [InstitutionFactory() for _ in range(3)]
    for other in others:
        JpCreditFactory(employee=EmployeeFactory(institution=other), year=YEAR)

    with django_assert_num_queries(4):
        institution_years(YEAR, [institution, *others])

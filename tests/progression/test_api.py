"""API.md Reports: GET /api/v1/reports/jp?year=YYYY[&institution=ID]."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.accounts.factories import EmployeeFactory
from tests.progression.conftest import api_client
from tests.progression.factories_ledger import JpCreditFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/jp"


@pytest.fixture
def ledger(peserta, peserta_lain):
    JpCreditFactory(employee=peserta.employee, year=2026, jp=Decimal("19.5"))
    JpCreditFactory(employee=peserta_lain.employee, year=2026, jp=Decimal("12"))
    JpCreditFactory(employee=peserta_lain.employee, year=2026, jp=Decimal("8"))


def test_manager_gets_every_institution_with_the_contract_fields(
    pengelola, peserta, peserta_lain, ledger
):
    response = api_client(pengelola).get(URL, {"year": "2026"})

    assert response.status_code == 200
    rows = {row["nip"]: row for row in response.json()}
    assert set(rows[peserta.nip]) == {"nip", "name", "institution", "jp", "meets_minimum"}
    assert rows[peserta.nip]["jp"] == 19.5
    assert rows[peserta.nip]["meets_minimum"] is False
    assert rows[peserta_lain.nip]["jp"] == 20
    assert rows[peserta_lain.nip]["meets_minimum"] is True
    assert rows[peserta_lain.nip]["institution"] == "Pemerintah Provinsi Papua"


def test_admin_may_filter_by_institution(admin_user, peserta, other_institution, ledger):
    response = api_client(admin_user).get(
        URL, {"year": "2026", "institution": other_institution.pk}
    )

    assert response.status_code == 200
    assert peserta.nip not in {row["nip"] for row in response.json()}


def test_pimpinan_sees_only_their_institution(pimpinan, peserta, peserta_lain, ledger):
    response = api_client(pimpinan).get(URL, {"year": "2026"})

    nips = {row["nip"] for row in response.json()}
    assert response.status_code == 200
    assert peserta.nip in nips
    assert peserta_lain.nip not in nips


def test_pimpinan_asking_for_another_institution_gets_403(pimpinan, other_institution, ledger):
    response = api_client(pimpinan).get(URL, {"year": "2026", "institution": other_institution.pk})

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize("role", ["peserta", "widyaiswara", "coach"])
def test_other_roles_get_403(request, role):
    response = api_client(request.getfixturevalue(role)).get(URL, {"year": "2026"})

    assert response.status_code == 403


@pytest.mark.parametrize(
    "query", [{}, {"year": "abcd"}, {"year": "26"}, {"year": "2026", "institution": "x"}]
)
def test_missing_or_invalid_year_is_422(pengelola, query):
    response = api_client(pengelola).get(URL, query)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_without_token_is_401(db):
    from django.test import Client

    assert Client().get(URL, {"year": "2026"}).status_code == 401


def test_employees_of_a_big_institution_cost_a_fixed_number_of_queries(
    pengelola, home_institution, django_assert_max_num_queries
):
    for _ in range(25):
        EmployeeFactory(institution=home_institution)
    client = api_client(pengelola)

    with django_assert_max_num_queries(10):
        response = client.get(URL, {"year": "2026"})

    assert len(response.json()) >= 25

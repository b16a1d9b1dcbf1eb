"""Contract tests of POST /api/v1/finance/cost-comparison (API.md: Finance), with real
bearer tokens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.accounts.tokens import issue_token
from tests.finance import tabel2

pytestmark = pytest.mark.django_db

URL = "/api/v1/finance/cost-comparison"


def bearer(user) -> dict[str, str]:
    raw, _token = issue_token(user, now=timezone.now())
    return {"Authorization": f"Bearer {raw}"}


def post(user, body: object = None):
    if body is None:  # no body at all, as `curl -X POST` sends
        return Client().post(URL, b"", content_type="application/json", headers=bearer(user))
    return Client().post(URL, body, content_type="application/json", headers=bearer(user))


def test_defaults_reproduce_tabel_2_totals_in_whole_rupiah(pengelola):
    response = post(pengelola, {})

    assert response.status_code == 200
    body = response.json()
    assert body["conventional_total"] == 91829000
    assert body["smart_total"] == 13731988
    assert body["saving"] == tabel2.SAVING
    assert body["saving_percent"] == 85.05
    assert body["per_participant"] == {
        "conventional": tabel2.PER_PARTICIPANT_CONVENTIONAL,
        "smart": tabel2.PER_PARTICIPANT_SMART,
    }
    for key in ("conventional_total", "smart_total", "saving"):
        assert isinstance(body[key], int)


def test_defaults_reproduce_tabel_2_line_by_line(pengelola):
    lines = post(pengelola, {}).json()["lines"]

    assert [(line["item"], line["conventional"], line["smart"]) for line in lines] == [
        (item, conventional, smart) for _n, item, conventional, smart in tabel2.ROWS
    ]
    for line in lines:
        assert {"item", "name", "unit", "quantity", "unit_price", "note"} <= set(line)
    meals = lines[2]
    assert (meals["quantity"], meals["unit_price"], meals["unit"]) == (240, 185_000, "OH")
    outside = lines[9]
    assert outside["quantities"] == {"conventional": 40, "smart": 15}
    atk = lines[0]
    assert atk["unit_prices"] == {"conventional": 9_500_000, "smart": 800_000}


def test_an_empty_request_body_uses_the_defaults(admin_user):
    response = post(admin_user)
    assert response.status_code == 200
    assert response.json()["conventional_total"] == tabel2.CONVENTIONAL_TOTAL


def test_given_parameters_change_the_result(pengelola):
    body = post(pengelola, {"participants": 300}).json()

    assert body["conventional_total"] == tabel2.CONVENTIONAL_TOTAL_AT_300
    assert body["smart_total"] == tabel2.SMART_TOTAL
    assert (
        body["per_participant"]["conventional"],
        body["per_participant"]["smart"],
    ) == tabel2.PER_PARTICIPANT_AT_300
    assert body["parameters"]["participants"] == 300


def test_unknown_fields_are_ignored(pengelola):
    response = post(pengelola, {"participants": 30, "discount": 99, "peserta": "x"})
    assert response.status_code == 200
    assert response.json()["conventional_total"] == tabel2.CONVENTIONAL_TOTAL


@pytest.mark.parametrize(
    "body",
    [
        {"participants": -1},
        {"meal_days": -8},
        {"participants": 1_000_001},
        {"participants": 0},
        {"participants": "tiga puluh"},
        {"licence_capacity": 0},  # licences per 300 participants: a division by zero
    ],
)
def test_negative_absurd_or_malformed_values_answer_422_invalid_input(pengelola, body):
    response = post(pengelola, body)

    assert response.status_code == 422
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] in {"invalid_input", "invalid_formula"}


def test_negative_participants_answer_exactly_invalid_input(pengelola):
    body = post(pengelola, {"participants": -5}).json()
    assert body["code"] == "invalid_input"
    assert "negatif" in body["detail"]


def test_unknown_template_answers_404(pengelola):
    response = post(pengelola, {"template": "tidak-ada"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_year_without_prices_answers_422_price_missing(pengelola):
    response = post(pengelola, {"year": 2023})
    assert response.status_code == 422
    assert response.json()["code"] == "price_missing"


@pytest.mark.parametrize("role", [Role.PESERTA, Role.PIMPINAN, Role.WIDYAISWARA, Role.COACH])
def test_other_roles_are_refused_with_403(role, personas):
    response = post(personas[role], {})
    assert response.status_code == 403


def test_no_token_answers_401():
    response = Client().post(URL, {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"

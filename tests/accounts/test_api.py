"""Contract tests of POST /api/v1/auth/token and GET /api/v1/me (API.md: Authentication)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bangkom.accounts.models import ApiToken
from bangkom.accounts.tokens import hash_token, issue_token, revoke_token

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/me"


def post_token(client: Client, nip: str, password: str):
    return client.post(
        TOKEN_URL, {"nip": nip, "password": password}, content_type="application/json"
    )


def test_correct_nip_and_password_get_a_token_that_opens_me(peserta, password):
    client = Client()

    response = post_token(client, peserta.nip, password)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    me = client.get(ME_URL, headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json() == {
        "nip": peserta.nip,
        "name": peserta.name,
        "roles": ["peserta"],
        "institution": peserta.employee.institution.name,
        "time_zone": "Asia/Jakarta",
    }


def test_nip_with_spaces_is_accepted(peserta, password):
    spaced = f"{peserta.nip[:8]} {peserta.nip[8:14]} {peserta.nip[14]} {peserta.nip[15:]}"
    assert post_token(Client(), spaced, password).status_code == 200


def test_token_is_stored_only_as_its_hash(peserta, password):
    token = post_token(Client(), peserta.nip, password).json()["token"]
    stored = ApiToken.objects.get(user=peserta)
    assert stored.token_hash == hash_token(token)
    assert token not in stored.token_hash


def test_unknown_nip_and_wrong_password_get_the_identical_401(peserta):
    wrong_password = post_token(Client(), peserta.nip, "salah-sekali-123")
    unknown_nip = post_token(Client(), "19990101 202001 1 001", "salah-sekali-123")

    assert wrong_password.status_code == unknown_nip.status_code == 401
    assert wrong_password.json() == unknown_nip.json()
    assert wrong_password.json()["code"] == "invalid_credentials"


def test_too_many_failures_lock_the_nip_with_429(peserta, password, settings):
    client = Client()
    statuses = [
        post_token(client, peserta.nip, "salah-sekali-123").status_code
        for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [401] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    locked = post_token(client, peserta.nip, password)  # even the right password now

    assert locked.status_code == 429
    assert locked.json()["code"] == "too_many_attempts"


def test_lockout_is_keyed_on_the_nip_not_the_shared_address(
    peserta, peserta_lain, password, settings
):
    # A classroom behind one NAT address (RELIABILITY.md L4): one person's typos lock only them.
    client = Client(REMOTE_ADDR="10.1.1.1")
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        post_token(client, peserta.nip, "salah-sekali-123")

    assert post_token(client, peserta_lain.nip, password).status_code == 200


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer tidak-ada", "Token abc", "Basic Zm9vOmJhcg=="],
)
def test_missing_or_invalid_token_is_401_unauthenticated(header):
    headers = {"Authorization": header} if header else {}
    response = Client().get(ME_URL, headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_expired_token_is_refused(peserta):
    raw, _token = issue_token(peserta, now=timezone.now() - timedelta(days=2))
    response = Client().get(ME_URL, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_revoked_token_is_refused(peserta):
    raw, _token = issue_token(peserta, now=timezone.now())
    assert revoke_token(raw, now=timezone.now())
    response = Client().get(ME_URL, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_token_of_a_deactivated_user_is_refused(peserta):
    raw, _token = issue_token(peserta, now=timezone.now())
    peserta.is_active = False
    peserta.save()
    assert Client().get(ME_URL, headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_malformed_body_is_422_with_the_error_shape():
    response = Client().post(TOKEN_URL, {"nip": "1"}, content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "code"}


def test_extra_fields_cannot_change_anything(peserta, password):
    # Mass assignment (RELIABILITY.md B17): unknown fields are ignored.
    response = Client().post(
        TOKEN_URL,
        {"nip": peserta.nip, "password": password, "roles": ["admin"], "is_staff": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    peserta.refresh_from_db()
    assert not peserta.is_staff
    assert peserta.roles == {"peserta"}


def test_openapi_docs_are_served():
    assert Client().get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/v1/docs").status_code == 200

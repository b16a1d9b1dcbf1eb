"""Browser login by NIP: lockout, session rotation, security headers (C2, C5, L4)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def login(client: Client, nip: str, password: str):
    return client.post(LOGIN, {"username": nip, "password": password})


def test_participant_logs_in_with_nip_and_sees_the_indonesian_home(peserta, password):
    client = Client()
    response = login(client, peserta.nip, password)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert "Selamat datang" in home.content.decode()


def test_wrong_password_shows_the_generic_message(peserta):
    response = login(Client(), peserta.nip, "salah-sekali-123")
    assert response.status_code == 200
    assert "NIP atau kata sandi salah" in response.content.decode()


def test_login_form_locks_the_nip_after_the_limit(peserta, password, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, peserta.nip, "salah-sekali-123")
    response = login(client, peserta.nip, password)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_a_classroom_behind_one_address_is_not_locked_out(
    peserta, peserta_lain, password, settings
):
    # L4: many correct logins and one person's mistakes from a single NAT address.
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        login(Client(REMOTE_ADDR="10.0.0.9"), peserta.nip, "salah-sekali-123")
    for _person in range(20):
        assert login(Client(REMOTE_ADDR="10.0.0.9"), peserta_lain.nip, password).status_code == 302


def test_login_rotates_the_session_and_logout_ends_it(peserta, password, settings):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    login(client, peserta.nip, password)
    after = client.session.session_key
    assert before != after
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_security_headers_and_cookie_flags(peserta, password, settings):
    client = Client()
    response = login(client, peserta.nip, password)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_COOKIE_NAME.startswith("__Host-")
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    page = client.get(reverse("home"))
    csp = page["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Frame-Options"] == "DENY"


def test_english_is_available(peserta, password):
    client = Client()
    login(client, peserta.nip, password)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Welcome" in client.get(reverse("home")).content.decode()

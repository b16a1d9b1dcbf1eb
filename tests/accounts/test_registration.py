"""Self-registration by NIP (issue: accounts; RELIABILITY.md B2, control 10)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bangkom.accounts.models import User
from tests.accounts.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _send_mail_on_commit(monkeypatch):
    # The activation email is sent after the transaction commits; tests run inside one
    # transaction, so run on_commit callbacks at once.
    monkeypatch.setattr(
        "bangkom.accounts.registration.transaction.on_commit", lambda callback: callback()
    )


REGISTER = reverse("accounts:register")
GOOD_PASSWORD = "Sawah-hijau-2026"


def form_for(employee, **overrides):
    data = {
        "nip": employee.nip,
        "birth_date": employee.birth_date.isoformat(),
        "email": "saya@contoh.go.id",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def activation_link() -> str:
    return re.search(r"https?://\S+/akun/aktivasi/\S+/", mail.outbox[-1].body).group(0)


def test_registry_employee_registers_and_activates_once():
    employee = EmployeeFactory()
    client = Client()

    response = client.post(REGISTER, form_for(employee))

    assert response.status_code == 302
    user = User.objects.get(nip=employee.nip)
    assert not user.is_active
    assert user.roles == {"peserta"}
    link = activation_link()
    assert client.get(link).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    # single use: the second click is refused
    assert client.get(link).status_code == 400


def test_nip_typed_with_spaces_registers_the_normalised_nip():
    employee = EmployeeFactory()
    spaced = f"{employee.nip[:8]} {employee.nip[8:14]} {employee.nip[14]} {employee.nip[15:]}"
    Client().post(REGISTER, form_for(employee, nip=spaced))
    assert User.objects.filter(nip=employee.nip).exists()


def refused_message(response) -> str:
    assert response.status_code == 200
    return response.context["form"].non_field_errors()[0]


def test_every_refusal_gives_the_same_message_and_creates_nothing():
    # B2: not in registry, wrong birth date, inactive, already registered look identical.
    registered = UserFactory()
    inactive = EmployeeFactory(is_active=False)
    present = EmployeeFactory()
    absent = EmployeeFactory.build()  # valid NIP, never saved to the registry
    client = Client()
    users_before = User.objects.count()

    messages = {
        "not_in_registry": refused_message(client.post(REGISTER, form_for(absent))),
        "birth_date": refused_message(
            client.post(REGISTER, form_for(present, birth_date="1999-01-01"))
        ),
        "inactive": refused_message(client.post(REGISTER, form_for(inactive))),
        "already_registered": refused_message(client.post(REGISTER, form_for(registered.employee))),
    }

    assert len(set(messages.values())) == 1
    assert "hubungi" in messages["not_in_registry"].lower()  # says whom to contact
    assert User.objects.count() == users_before
    assert mail.outbox == []


def test_registry_email_must_match_when_the_registry_has_one():
    employee = EmployeeFactory(email="resmi@jabarprov.go.id")
    response = Client().post(REGISTER, form_for(employee, email="lain@contoh.com"))
    assert response.status_code == 200
    assert not User.objects.filter(nip=employee.nip).exists()


def test_malformed_nip_gets_its_specific_message():
    employee = EmployeeFactory()
    response = Client().post(REGISTER, form_for(employee, nip=employee.nip[:-1]))
    assert "18" in response.context["form"].errors["nip"][0]


@pytest.mark.parametrize("weak", ["pendek1", "password123", "12345678901"])
def test_short_common_or_numeric_passwords_are_refused(weak):
    # C4: length, common-password list, not only digits.
    employee = EmployeeFactory()
    Client().post(REGISTER, form_for(employee, password1=weak, password2=weak))
    assert not User.objects.filter(nip=employee.nip).exists()


def test_long_unicode_password_is_accepted_and_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    employee = EmployeeFactory()
    long_password = "kopi-toraja-☕-" * 5 + "ṢṢṢ"  # > 64 Unicode characters
    Client().post(REGISTER, form_for(employee, password1=long_password, password2=long_password))
    user = User.objects.get(nip=employee.nip)
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(long_password)


def test_pending_registration_can_be_redone_and_the_old_link_dies():
    employee = EmployeeFactory()
    client = Client()
    client.post(REGISTER, form_for(employee, email="salah@contoh.go.id"))
    old_link = activation_link()

    client.post(REGISTER, form_for(employee, email="benar@contoh.go.id"))

    assert User.objects.filter(nip=employee.nip).count() == 1
    assert client.get(old_link).status_code == 400
    assert client.get(activation_link()).status_code == 302


def test_tampered_activation_link_is_refused():
    employee = EmployeeFactory()
    client = Client()
    client.post(REGISTER, form_for(employee))
    link = activation_link()
    assert client.get(link[:-3] + "xx/").status_code == 400
    assert not User.objects.get(nip=employee.nip).is_active

"""Shared fixtures: named personas (one per role, plus an outsider) and a pinned random seed.

Personas follow API.md's roles: peserta, peserta_lain (the outsider who must be refused),
widyaiswara, coach, pengelola, pimpinan (supervisor of peserta's institution), admin.
"""

from __future__ import annotations

import random

import factory.random
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from bangkom.accounts.choices import Role
from tests.accounts.factories import DEFAULT_PASSWORD, InstitutionFactory, UserFactory

SEED = 20261129


@pytest.fixture(autouse=True)
def _deterministic_randomness() -> None:
    random.seed(SEED)
    factory.random.reseed_random(SEED)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Indonesian: a request in English must not leak into the next test
    (Django keeps the language a request activated on the thread that served it)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def home_institution(db):
    return InstitutionFactory(code="pemprov-jabar", name="Pemerintah Provinsi Jawa Barat")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(
        code="pemprov-papua", name="Pemerintah Provinsi Papua", province_code="91"
    )


@pytest.fixture
def peserta(home_institution):
    return UserFactory(institution=home_institution, roles=[Role.PESERTA])


@pytest.fixture
def peserta_lain(other_institution):
    return UserFactory(institution=other_institution, roles=[Role.PESERTA])


@pytest.fixture
def pimpinan(home_institution):
    return UserFactory(institution=home_institution, roles=[Role.PIMPINAN])


@pytest.fixture
def pimpinan_lain(other_institution):
    return UserFactory(institution=other_institution, roles=[Role.PIMPINAN])


@pytest.fixture
def widyaiswara(home_institution):
    return UserFactory(institution=home_institution, roles=[Role.WIDYAISWARA])


@pytest.fixture
def coach(home_institution):
    return UserFactory(institution=home_institution, roles=[Role.COACH])


@pytest.fixture
def pengelola(home_institution):
    return UserFactory(institution=home_institution, roles=[Role.PENGELOLA])


@pytest.fixture
def admin_user(home_institution):
    return UserFactory(institution=home_institution, roles=[Role.ADMIN])


@pytest.fixture
def personas(peserta, pimpinan, widyaiswara, coach, pengelola, admin_user):
    """Every role's persona by role name."""
    return {
        Role.PESERTA: peserta,
        Role.PIMPINAN: pimpinan,
        Role.WIDYAISWARA: widyaiswara,
        Role.COACH: coach,
        Role.PENGELOLA: pengelola,
        Role.ADMIN: admin_user,
    }


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client

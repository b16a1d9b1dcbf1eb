"""RELIABILITY.md F3 for pages: a database that is briefly unreachable gives 503 with
Retry-After and a plain page (no traceback), and the next request is served normally."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.urls import reverse

from bangkom.notifications import service
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_page_meeting_a_lost_database_answers_503_and_recovers(peserta, monkeypatch, error):
    client = logged_in_client(peserta)

    def lost(_user):
        raise error

    monkeypatch.setattr(service, "notifications_of", lost)
    response = client.get(reverse("notifications:list"))

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    body = response.content.decode()
    assert "tidak tersedia sebentar" in body
    assert "server closed" not in body
    assert "Traceback" not in body

    monkeypatch.undo()
    assert client.get(reverse("notifications:list")).status_code == 200


def test_a_programming_error_is_not_disguised_as_an_outage(peserta, monkeypatch):
    client = logged_in_client(peserta)
    client.raise_request_exception = False

    def broken(_user):
        raise ProgrammingError("relation does not exist")

    monkeypatch.setattr(service, "notifications_of", broken)
    assert client.get(reverse("notifications:list")).status_code == 500

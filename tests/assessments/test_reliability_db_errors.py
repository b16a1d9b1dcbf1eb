"""F3's answer to a database outage, in process (both databases): an API request that meets
a lost or refused database connection gets 503 with Retry-After and the API's error body —
never a 500 or a traceback — and the next request is served normally."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError

from bangkom.assessments import api as assessments_api
from bangkom.assessments.models import Answer
from tests.assessments.conftest import put_answer, start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("consuming input failed: server closed the connection unexpectedly"),
        OperationalError("FATAL:  the database system is starting up"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_lost_database_connection_is_503_with_retry_after(
    api, final_exam, enrollment, monkeypatch, error
):
    body = start(api, final_exam, enrollment).json()
    item = body["items"][0]
    option = [item["options"][0]["option_id"]]

    def lost(**_kwargs):
        raise error

    monkeypatch.setattr(assessments_api, "save_answer", lost)
    response = put_answer(api, body["attempt_id"], item["item_id"], option, 1)

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json()["code"] == "service_unavailable"
    assert "Traceback" not in response.content.decode()
    assert "server closed" not in response.content.decode()  # no internals to the client
    assert (
        Answer.objects.get(attempt_id=body["attempt_id"], item_id=item["item_id"]).client_seq == 0
    )

    monkeypatch.undo()  # the database is back: the same request, retried, is stored
    retried = put_answer(api, body["attempt_id"], item["item_id"], option, 1)
    assert retried.status_code == 200
    assert retried.json() == {"saved": True, "client_seq": 1}


def test_a_programming_error_is_still_a_500_not_a_retry(api, final_exam, enrollment, monkeypatch):
    from django.db import ProgrammingError

    body = start(api, final_exam, enrollment).json()
    item = body["items"][0]

    def broken(**_kwargs):
        raise ProgrammingError("relation does not exist")

    monkeypatch.setattr(assessments_api, "save_answer", broken)
    response = put_answer(
        api, body["attempt_id"], item["item_id"], [item["options"][0]["option_id"]], 1
    )
    assert response.status_code == 500
    assert not response.has_header("Retry-After")

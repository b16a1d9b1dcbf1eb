"""RELIABILITY.md K2: saving a correct and an incorrect answer gives the same response.

Status, headers and body must not tell them apart (only the echoed ``client_seq`` differs,
by construction); the state read back before submit must not either. The latency half of K2
is measured by ``bench/differential_timing.py`` (statistics, not a timed unit test).
"""

from __future__ import annotations

import pytest

from bangkom.assessments.models import ItemVersion
from bangkom.assessments.option_ids import option_token
from tests.assessments.conftest import put_answer, start

pytestmark = pytest.mark.django_db

VARYING_HEADERS = {"date", "x-request-id"}  # a clock and a nonce


def options_by_correctness(attempt_id: int, item: dict) -> tuple[str, str]:
    """(a correct option id, an incorrect option id) of the drawn item."""
    version = ItemVersion.objects.get(item_id=item["item_id"])
    right = next(i for i, o in enumerate(version.options) if o["correct"])
    wrong = next(i for i, o in enumerate(version.options) if not o["correct"])
    return option_token(attempt_id, item["item_id"], right), option_token(
        attempt_id, item["item_id"], wrong
    )


def comparable(response) -> tuple[int, dict, dict]:
    headers = {
        name.lower(): value
        for name, value in response.headers.items()
        if name.lower() not in VARYING_HEADERS
    }
    # The policy's directives come in no fixed order; their set is what a client could read.
    headers["content-security-policy"] = sorted(headers["content-security-policy"].split("; "))
    # The length follows the digits of the echoed client_seq, which the client chose.
    headers.pop("content-length")
    body = response.json()
    body.pop("client_seq", None)  # the echo of what the client sent
    return response.status_code, headers, body


def test_a_correct_and_an_incorrect_save_answer_alike(api, final_exam, enrollment):
    attempt = start(api, final_exam, enrollment).json()
    seq = 0
    for item in attempt["items"]:
        right, wrong = options_by_correctness(attempt["attempt_id"], item)
        seq += 1
        after_right = put_answer(api, attempt["attempt_id"], item["item_id"], [right], seq)
        seq += 1
        after_wrong = put_answer(api, attempt["attempt_id"], item["item_id"], [wrong], seq)

        assert after_right.status_code == 200
        assert comparable(after_right) == comparable(after_wrong)
        assert after_right.content.replace(b'"client_seq": %d' % (seq - 1), b"") == (
            after_wrong.content.replace(b'"client_seq": %d' % seq, b"")
        )


def test_the_state_before_submit_does_not_mark_answers_right_or_wrong(api, final_exam, enrollment):
    attempt = start(api, final_exam, enrollment).json()
    first, second = attempt["items"][:2]
    right, _wrong = options_by_correctness(attempt["attempt_id"], first)
    _right, wrong = options_by_correctness(attempt["attempt_id"], second)
    put_answer(api, attempt["attempt_id"], first["item_id"], [right], 1)
    put_answer(api, attempt["attempt_id"], second["item_id"], [wrong], 2)

    state = api.get(f"/api/v1/attempts/{attempt['attempt_id']}").json()
    answers = {a["item_id"]: a for a in state["answers"]}
    right_answer, wrong_answer = answers[first["item_id"]], answers[second["item_id"]]
    assert set(right_answer) == set(wrong_answer)
    own = {"item_id", "option_ids", "client_seq", "saved_at"}  # what the client sent, echoed
    assert {k: v for k, v in right_answer.items() if k not in own} == {
        k: v for k, v in wrong_answer.items() if k not in own
    }

"""Fixtures of the progression tests: an API client and helpers to take a test for real."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from bangkom.accounts.tokens import issue_token
from bangkom.assessments.option_ids import option_token

CORRECT, WRONG = 0, 1  # tests.assessments.factories.single_choice_options: option A is the key


def api_client(user) -> Client:
    raw, _token = issue_token(user, now=timezone.now())
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def api(peserta):
    return api_client(peserta)


def start(api, assessment, enrollment):
    return api.post(
        f"/api/v1/assessments/{assessment.pk}/attempts",
        {"enrollment_id": enrollment.pk},
        content_type="application/json",
    )


def take_test(api, assessment, enrollment, *, correct: bool, capture) -> dict:
    """Start, answer every item (all right or all wrong) and submit, running on-commit work."""
    started = start(api, assessment, enrollment)
    assert started.status_code == 201, started.content
    body = started.json()
    attempt_id = body["attempt_id"]
    for seq, item in enumerate(body["items"], start=1):
        token = option_token(attempt_id, item["item_id"], CORRECT if correct else WRONG)
        saved = api.put(
            f"/api/v1/attempts/{attempt_id}/answers/{item['item_id']}",
            {"option_ids": [token], "client_seq": seq},
            content_type="application/json",
        )
        assert saved.status_code == 200, saved.content
    with capture(execute=True):
        submitted = api.post(f"/api/v1/attempts/{attempt_id}/submit")
    assert submitted.status_code == 200, submitted.content
    return submitted.json()

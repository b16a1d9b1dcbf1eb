"""The attempt lifecycle through the API (API.md: Assessments; RELIABILITY.md F8–F11, K1)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bangkom.assessments.attempts import expire_overdue_attempts, save_answer
from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.models import Attempt, ItemVersion
from bangkom.assessments.option_ids import option_token
from tests.assessments.conftest import put_answer, start
from tests.assessments.factories import AssessmentFactory, make_bank

pytestmark = pytest.mark.django_db


def correct_option_id(attempt_id: int, item: dict) -> str:
    version = ItemVersion.objects.get(
        item_id=item["item_id"], item__current_version__pk=models_pk(item)
    )
    index = next(i for i, o in enumerate(version.options) if o["correct"])
    return option_token(attempt_id, item["item_id"], index)


def models_pk(item: dict) -> int:
    return ItemVersion.objects.get(item_id=item["item_id"]).pk


def test_start_returns_a_form_without_any_key(api, final_exam, enrollment):
    response = start(api, final_exam, enrollment)

    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"attempt_id", "number", "deadline", "items"}
    assert len(body["items"]) == 5
    raw = response.content.decode()
    for forbidden in ('"correct"', '"points"', "answer_key", "is_correct", '"score"', "weight"):
        assert forbidden not in raw


def test_second_start_resumes_the_same_attempt(api, final_exam, enrollment):
    first = start(api, final_exam, enrollment).json()
    again = start(api, final_exam, enrollment)
    assert again.status_code == 200
    assert again.json()["attempt_id"] == first["attempt_id"]
    assert again.json()["items"] == first["items"]
    assert Attempt.objects.count() == 1


def test_option_ids_are_opaque_and_differ_between_attempts(api, final_exam, enrollment):
    body = start(api, final_exam, enrollment).json()
    ids = [o["option_id"] for item in body["items"] for o in item["options"]]
    assert all(len(i) == 12 and not i.isdigit() for i in ids)
    assert len(set(ids)) == len(ids)


def test_answers_are_saved_and_a_stale_client_seq_is_ignored(api, final_exam, enrollment):
    body = start(api, final_exam, enrollment).json()
    item = body["items"][0]
    first, second = item["options"][0]["option_id"], item["options"][1]["option_id"]

    assert put_answer(api, body["attempt_id"], item["item_id"], [first], 2).json() == {
        "saved": True,
        "client_seq": 2,
    }
    stale = put_answer(api, body["attempt_id"], item["item_id"], [second], 1)
    assert stale.json() == {"saved": False, "client_seq": 2}
    state = api.get(f"/api/v1/attempts/{body['attempt_id']}").json()
    stored = next(a for a in state["answers"] if a["item_id"] == item["item_id"])
    assert stored["option_ids"] == [first]


def test_foreign_item_or_option_is_422_invalid_answer(api, final_exam, enrollment):
    body = start(api, final_exam, enrollment).json()
    item = body["items"][0]
    other = body["items"][1]
    wrong_option = put_answer(
        api, body["attempt_id"], item["item_id"], [other["options"][0]["option_id"]], 1
    )
    assert wrong_option.status_code == 422
    assert wrong_option.json()["code"] == "invalid_answer"
    forged = put_answer(api, body["attempt_id"], 999999, [item["options"][0]["option_id"]], 1)
    assert forged.status_code == 422


def test_another_participants_attempt_is_404(api, final_exam, enrollment, peserta_lain):
    from bangkom.accounts.tokens import issue_token

    body = start(api, final_exam, enrollment).json()
    raw, _ = issue_token(peserta_lain, now=timezone.now())
    outsider = Client(headers={"Authorization": f"Bearer {raw}"})
    item = body["items"][0]
    assert (
        put_answer(
            outsider, body["attempt_id"], item["item_id"], [item["options"][0]["option_id"]], 1
        ).status_code
        == 404
    )
    assert outsider.get(f"/api/v1/attempts/{body['attempt_id']}").status_code == 404
    assert outsider.post(f"/api/v1/attempts/{body['attempt_id']}/submit").status_code == 404


def test_submit_scores_at_once_and_again_returns_the_same_body(api, final_exam, enrollment):
    body = start(api, final_exam, enrollment).json()
    attempt_id = body["attempt_id"]
    for seq, item in enumerate(body["items"][:4], start=1):
        version = ItemVersion.objects.get(item_id=item["item_id"])
        key = next(i for i, o in enumerate(version.options) if o["correct"])
        put_answer(
            api, attempt_id, item["item_id"], [option_token(attempt_id, item["item_id"], key)], seq
        )

    result = api.post(f"/api/v1/attempts/{attempt_id}/submit")

    assert result.status_code == 200
    assert {k: result.json()[k] for k in ("score", "passed", "result", "correct", "total")} == {
        "score": "80.00",
        "passed": True,
        "result": "kompeten",
        "correct": 4,
        "total": 5,
    }
    assert api.post(f"/api/v1/attempts/{attempt_id}/submit").json() == result.json()
    late = put_answer(
        api,
        attempt_id,
        body["items"][4]["item_id"],
        [body["items"][4]["options"][0]["option_id"]],
        9,
    )
    assert late.status_code == 409
    assert late.json()["code"] == "attempt_closed"


def test_answer_at_the_end_of_the_grace_period_is_accepted_one_second_later_refused(
    peserta, final_exam, enrollment, api
):
    body = start(api, final_exam, enrollment).json()
    attempt = Attempt.objects.get(pk=body["attempt_id"])
    item = body["items"][0]
    option = [item["options"][0]["option_id"]]
    edge = attempt.deadline + timedelta(seconds=15)

    saved = save_answer(
        attempt_id=attempt.pk,
        item_id=item["item_id"],
        option_ids=option,
        client_seq=1,
        now=edge,
        user_id=peserta.pk,
    )
    assert saved.saved
    from bangkom.assessments.errors import AttemptClosed

    with pytest.raises(AttemptClosed):
        save_answer(
            attempt_id=attempt.pk,
            item_id=item["item_id"],
            option_ids=option,
            client_seq=2,
            now=edge + timedelta(seconds=1),
            user_id=peserta.pk,
        )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.submitted_at == attempt.deadline


def test_the_sweep_finalises_expired_attempts_with_their_saved_answers(api, final_exam, enrollment):
    body = start(api, final_exam, enrollment).json()
    attempt = Attempt.objects.get(pk=body["attempt_id"])

    assert expire_overdue_attempts(now=attempt.deadline + timedelta(seconds=16)) == 1
    assert expire_overdue_attempts(now=attempt.deadline + timedelta(seconds=30)) == 0
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score) == (AttemptStatus.EXPIRED, 0)


def test_resume_reports_the_same_deadline_and_less_remaining_time(api, final_exam, enrollment):
    body = start(api, final_exam, enrollment).json()
    state = api.get(f"/api/v1/attempts/{body['attempt_id']}").json()
    assert state["deadline"] == body["deadline"]
    assert 0 < state["remaining_seconds"] <= final_exam.duration_minutes * 60


def test_final_limit_is_three_then_attempts_exhausted(api, final_exam, enrollment):
    final_exam.passing_score = 101  # nobody can pass, so every attempt is used up
    final_exam.save()
    for _number in range(3):
        attempt_id = start(api, final_exam, enrollment).json()["attempt_id"]
        api.post(f"/api/v1/attempts/{attempt_id}/submit")
    refused = start(api, final_exam, enrollment)
    assert refused.status_code == 403
    assert refused.json()["code"] == "attempts_exhausted"


def test_remedial_attempt_draws_items_not_seen_before(api, enrollment):
    bank = make_bank(enrollment.offering.program, size=15)
    exam = AssessmentFactory(
        offering=enrollment.offering,
        kind=AssessmentKind.FINAL,
        item_count=5,
        passing_score=101,
        banks=[bank],
    )
    seen = set()
    for _number in range(3):
        body = start(api, exam, enrollment).json()
        drawn = {i["item_id"] for i in body["items"]}
        assert not drawn & seen
        seen |= drawn
        api.post(f"/api/v1/attempts/{body['attempt_id']}/submit")


def test_start_refusals_for_outsiders_and_closed_windows(api, final_exam, enrollment, peserta_lain):
    assert start(api, final_exam, type(enrollment)(pk=999999)).json()["code"] == "not_enrolled"
    final_exam.opens_at = timezone.now() + timedelta(hours=1)
    final_exam.save()
    refused = start(api, final_exam, enrollment)
    assert (refused.status_code, refused.json()["code"]) == (403, "window_closed")


def test_no_token_is_401(final_exam, enrollment):
    response = Client().post(
        f"/api/v1/assessments/{final_exam.pk}/attempts",
        json.dumps({"enrollment_id": enrollment.pk}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_api_responses_are_not_cached(api, final_exam, enrollment):
    response = start(api, final_exam, enrollment)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("kind", "recomputes_journey"), [(AssessmentKind.SUBJECT, False), (AssessmentKind.FINAL, True)]
)
def test_only_a_passed_final_or_placement_recomputes_the_journey_at_submit(
    enrollment, kind, recomputes_journey, django_capture_on_commit_callbacks
):
    """A subject exam cannot certify anyone (the final is gated behind it): its submit skips
    the journey, which is most of a submit's cost in a CAT session."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkom.assessments.attempts import start_attempt, submit_attempt
    from tests.curriculum.factories import SubjectFactory

    offering = enrollment.offering
    subject = SubjectFactory(program=offering.program)
    exam = AssessmentFactory(
        offering=offering,
        kind=kind,
        subject=subject if kind == AssessmentKind.SUBJECT else None,
        passing_score=0,  # passed whatever is answered
        banks=[make_bank(offering.program, size=5)],
    )
    now = timezone.now()
    attempt, _created = start_attempt(
        exam, enrollment=enrollment, participant=enrollment.participant, now=now
    )

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        submitted = submit_attempt(attempt, now=now)

    assert submitted.passed
    journey_read = any("learning_materialprogress" in q["sql"] for q in queries.captured_queries)
    assert journey_read is recomputes_journey

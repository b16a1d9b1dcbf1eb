"""Schema fuzzing of the exam and enrolment API (RELIABILITY.md B16).

Schemathesis reads the project's own OpenAPI document (``/api/v1/openapi.json``, served by
the Django WSGI application in-process), generates valid and invalid requests for every
assessment and enrolment operation, and sends them as a participant with a Bearer token
and as an anonymous caller. Every response must be a non-5xx answer that matches the
documented schema, and every refusal must carry the API's error body
``{"detail": ..., "code": ...}`` (API.md). Path ids are mostly random; some are swapped for
the participant's real enrolment, assessment, attempt and item so the fuzzing also reaches
the code behind the 404s. ``max_examples`` is small so the suite stays fast.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import schemathesis
from django.db import connection
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from bangkom.accounts.tokens import issue_token
from bangkom.assessments.choices import AssessmentKind
from bangkom.wsgi import application
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.learning.factories import EnrollmentFactory

# The fuzzer drives the WSGI app in-process on the test's own connection. Inside a test
# transaction, the first statement PostgreSQL refuses would leave that connection unusable
# for the rest of the run; without one (transaction=True: autocommit, the tables are emptied
# afterwards) every request stands alone, as in production.
pytestmark = [pytest.mark.django_db(transaction=connection.vendor == "postgresql")]

# The exam engine's and the enrolment endpoints; auth, finance and the rest are out of scope.
FUZZED_PATHS = r"^/api/v1/(assessments|attempts|enrollments|programs/\{program_id\}/enrollments)"
FUZZ_SETTINGS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure here is reproducible
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


class ErrorShapeError(AssertionError):
    pass


def error_body_shape(ctx, response, case) -> bool:
    """API.md: every error answers ``{"detail": "<message>", "code": "<machine code>"}``."""
    if response.status_code < 400 or not _is_api_route(case.formatted_path):
        return True  # a path no route matches is a 404 with the API's error body (test below)
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise ErrorShapeError(
            f"{case.method} {case.formatted_path} -> {response.status_code} is not JSON"
        ) from exc
    if not (
        isinstance(body, dict)
        and isinstance(body.get("detail"), str)
        and isinstance(body.get("code"), str)
        and body["code"]
    ):
        raise ErrorShapeError(
            f"{case.method} {case.formatted_path} -> {response.status_code}: {body!r}"
        )
    return True


def _is_api_route(path: str) -> bool:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return match.view_name.startswith("api:")


CHECKS = [not_a_server_error, response_schema_conformance, error_body_shape]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI app, which closes "old" connections after each request;
    inside the test's transaction that would close the test's own connection (on
    PostgreSQL), so do what Django's test client does and skip that while testing."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def exam_world(peserta):
    """A participant enrolled in a running offering with a published exam and a token."""
    enrollment = EnrollmentFactory(participant=peserta, offering__running=True)
    bank = make_bank(enrollment.offering.program, size=8)
    assessment = AssessmentFactory(
        offering=enrollment.offering, kind=AssessmentKind.FINAL, item_count=4, banks=[bank]
    )
    raw, _token = issue_token(peserta, now=timezone.now())
    return {
        "token": raw,
        "enrollment_id": enrollment.pk,
        "program_id": enrollment.offering.pk,
        "assessment_id": assessment.pk,
        "item_id": bank.items.first().pk,
    }


# Loaded once at collection from the WSGI app (the OpenAPI document needs no database).
# Schemathesis' lazy ``from_fixture`` loader is not used: with pytest 9 it fails on
# pytest's private ``Function._nodeid``.
# Methods the document does not list are tested once, below, not by every fuzzed case.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"unexpected-methods": []}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG).include(
    path_regex=FUZZED_PATHS
)


def aim_at_real_objects(case, world: dict, client) -> None:
    """Replace a generated id by a real one for some cases (chosen by the generated value)."""
    params = case.path_parameters or {}
    real = dict(world)
    if "attempt_id" in params and "attempt_id" not in world:
        started = client.post(
            f"/api/v1/assessments/{world['assessment_id']}/attempts",
            {"enrollment_id": world["enrollment_id"]},
            content_type="application/json",
            headers={"Authorization": f"Bearer {world['token']}"},
        )
        if started.status_code in (200, 201):
            world["attempt_id"] = started.json()["attempt_id"]
            world["item_id"] = started.json()["items"][0]["item_id"]
        real = dict(world)
    for name, value in params.items():
        if name in real and isinstance(value, int) and value % 2 == 0:
            params[name] = real[name]
    body = case.body
    wanted = body.get("enrollment_id") if isinstance(body, dict) else None
    if isinstance(wanted, int) and wanted % 2 == 0:
        body["enrollment_id"] = world["enrollment_id"]


@schema.parametrize()
@FUZZ_SETTINGS
def test_participant_gets_no_server_error_and_documented_answers(case, exam_world, client):
    aim_at_real_objects(case, exam_world, client)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {exam_world['token']}"}, checks=CHECKS
    )


@schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous_caller_gets_no_server_error_and_documented_refusals(case, exam_world, client):
    aim_at_real_objects(case, exam_world, client)
    response = case.call_and_validate(checks=CHECKS)
    # 401 without credentials; 403 when the generated session cookie trips the CSRF check
    # of the session authenticator; 404/422 when the path or body is refused first.
    assert response.status_code in (401, 403, 404, 405, 422), (
        f"{case.method} {case.formatted_path} answered {response.status_code} to an "
        "anonymous caller"
    )


def test_an_unlisted_method_is_refused_with_the_error_body(exam_world, client):
    response = client.delete(
        "/api/v1/attempts/1/submit", headers={"Authorization": f"Bearer {exam_world['token']}"}
    )
    assert response.status_code == 405
    body = response.json()
    assert set(body) == {"detail", "code"}


def test_a_malformed_id_is_refused_with_the_error_body(exam_world, client):
    response = client.post(
        "/api/v1/programs/abc/enrollments",
        {},
        content_type="application/json",
        headers={"Authorization": f"Bearer {exam_world['token']}"},
    )
    assert response.status_code in (404, 422)
    assert set(response.json()) == {"detail", "code"}

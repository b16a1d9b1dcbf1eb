"""Contract tests of the catalogue and enrolment API (API.md: Catalogue and enrolment),
with a real bearer token: status, exact keys, codes, 401 without a token."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from bangkom.accounts.tokens import issue_token
from bangkom.curriculum.choices import OfferingStatus
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from tests.curriculum.factories import OfferingFactory, ProgramFactory
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_catalogue import certify

pytestmark = pytest.mark.django_db

PROGRAM_KEYS = {"id", "code", "title", "status", "starts_on", "ends_on", "jp"}
ENROLLMENT_KEYS = {"id", "program_id", "status", "next_step", "jp_earned", "state"}


def api(user) -> Client:
    raw, _token = issue_token(user, now=timezone.now())
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post_enrollment(client, offering_id, body=None):
    if body is None:  # API.md: the body is optional
        return client.generic("POST", f"/api/v1/programs/{offering_id}/enrollments")
    return client.post(
        f"/api/v1/programs/{offering_id}/enrollments", body, content_type="application/json"
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/programs"),
        ("post", "/api/v1/programs/1/enrollments"),
        ("get", "/api/v1/enrollments"),
        ("get", "/api/v1/enrollments/1"),
    ],
)
def test_every_endpoint_needs_a_token(method, url):
    response = getattr(Client(), method)(url)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    bad = getattr(Client(headers={"Authorization": "Bearer nope"}), method)(url)
    assert bad.status_code == 401


def test_programs_lists_offerings_with_local_dates_and_jp(peserta):
    program = ProgramFactory(title="Kepemimpinan", total_jp=Decimal("37.5"))
    offering = OfferingFactory(
        program=program,
        time_zone="Asia/Jayapura",
        starts_at=datetime(2026, 3, 1, 16, 0, tzinfo=UTC),  # 2 March 01.00 WIT
        ends_at=datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
    )
    closed = OfferingFactory(status=OfferingStatus.CLOSED)
    OfferingFactory(status=OfferingStatus.DRAFT)

    response = api(peserta).get("/api/v1/programs")

    assert response.status_code == 200
    body = {row["id"]: row for row in response.json()}
    assert set(body) == {offering.pk, closed.pk}
    row = body[offering.pk]
    assert set(row) == PROGRAM_KEYS
    assert row == {
        "id": offering.pk,
        "code": offering.code,
        "title": "Kepemimpinan",
        "status": "published",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-10",
        "jp": 37.5,
    }


def test_programs_query_count_does_not_grow(peserta, django_assert_max_num_queries):
    for _ in range(15):
        OfferingFactory()
    client = api(peserta)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/programs").json()) == 15


def test_request_answers_201_then_200_with_the_same_enrolment(peserta):
    offering = OfferingFactory()
    client = api(peserta)

    first = post_enrollment(client, offering.pk, {"motivation": "Butuh untuk jabatan"})
    second = post_enrollment(client, offering.pk)

    assert first.status_code == 201
    assert set(first.json()) == {"enrollment_id", "status"}
    assert first.json()["status"] == "pending"
    assert second.status_code == 200
    assert second.json() == first.json()
    stored = Enrollment.objects.get(pk=first.json()["enrollment_id"])
    assert stored.motivation == "Butuh untuk jabatan"


def test_request_without_approval_is_enrolled(peserta):
    offering = OfferingFactory(requires_supervisor_approval=False)
    response = post_enrollment(api(peserta), offering.pk)
    assert response.status_code == 201
    assert response.json()["status"] == "enrolled"


def test_extra_fields_are_ignored(peserta, peserta_lain):
    # B17: nobody sets status, trial, participant or decider through the body
    offering = OfferingFactory()
    body = {
        "status": "enrolled",
        "is_trial": True,
        "participant_id": peserta_lain.pk,
        "participant": peserta_lain.pk,
        "decided_by": peserta.pk,
        "source": "manager",
        "role": "admin",
        "is_staff": True,
    }

    response = post_enrollment(api(peserta), offering.pk, body)

    assert response.status_code == 201
    stored = Enrollment.objects.get()
    assert stored.participant == peserta
    assert (stored.status, stored.is_trial, stored.source) == ("pending", False, "self")
    assert stored.decided_by is None
    peserta.refresh_from_db()
    assert not peserta.is_staff
    assert peserta.roles == {"peserta"}


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("institution", "institution_not_eligible"),
        ("window", "window_closed"),
        ("full", "capacity_full"),
        ("inactive", "not_registered"),
    ],
)
def test_refusals_answer_403_with_the_reason_code(peserta, other_institution, setup, code):
    offering = OfferingFactory(capacity=1 if setup == "full" else None)
    if setup == "institution":
        offering.eligible_institutions.add(other_institution)
    elif setup == "window":
        offering.status = OfferingStatus.CLOSED
        offering.save()
    elif setup == "full":
        EnrollmentFactory(offering=offering)
    elif setup == "inactive":
        peserta.employee.is_active = False
        peserta.employee.save()

    response = post_enrollment(api(peserta), offering.pk)

    assert response.status_code == 403
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] == code
    assert not Enrollment.objects.filter(participant=peserta).exists()


def test_already_certified_answers_403(peserta, monkeypatch):
    earlier = EnrollmentFactory(participant=peserta)
    certify(monkeypatch, earlier)
    again = OfferingFactory(program=earlier.offering.program)
    response = post_enrollment(api(peserta), again.pk)
    assert response.status_code == 403
    assert response.json()["code"] == "already_certified"


def test_unknown_or_draft_offering_is_404(peserta):
    draft = OfferingFactory(status=OfferingStatus.DRAFT)
    client = api(peserta)
    for offering_id in (draft.pk, 999999):
        response = post_enrollment(client, offering_id)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_too_long_motivation_is_422(peserta):
    response = post_enrollment(api(peserta), OfferingFactory().pk, {"motivation": "x" * 3000})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_enrollments_lists_only_the_callers_own(peserta, peserta_lain):
    mine = EnrollmentFactory(participant=peserta)
    pending = EnrollmentFactory(participant=peserta, status=EnrollmentStatus.PENDING)
    EnrollmentFactory(participant=peserta_lain)

    response = api(peserta).get("/api/v1/enrollments")

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    assert set(rows) == {mine.pk, pending.pk}
    assert all(set(row) == ENROLLMENT_KEYS for row in rows.values())
    assert rows[pending.pk] == {
        "id": pending.pk,
        "program_id": pending.offering_id,
        "status": "pending",
        "next_step": "await_approval",
        "jp_earned": 0,
        "state": "pending_approval",
    }
    assert rows[mine.pk]["status"] == "enrolled"
    assert rows[mine.pk]["jp_earned"] == 0


def test_enrollment_detail_shows_jp_once_competent(peserta, monkeypatch):
    mine = EnrollmentFactory(participant=peserta, offering__program__total_jp=Decimal("24"))
    certify(monkeypatch, mine)

    response = api(peserta).get(f"/api/v1/enrollments/{mine.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": mine.pk,
        "program_id": mine.offering_id,
        "status": "enrolled",
        "next_step": "download_certificate",
        "jp_earned": 24,
        "state": "kompeten",
    }


def test_someone_elses_enrolment_is_404(peserta, peserta_lain):
    theirs = EnrollmentFactory(participant=peserta_lain)
    response = api(peserta).get(f"/api/v1/enrollments/{theirs.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("role", ["pimpinan", "widyaiswara", "coach", "pengelola", "admin_user"])
def test_every_role_may_use_the_catalogue_api(role, request):
    client = api(request.getfixturevalue(role))
    assert client.get("/api/v1/programs").status_code == 200
    assert client.get("/api/v1/enrollments").status_code == 200

"""API endpoints of the learning context (API.md: Catalogue and enrolment).

A "program" in the API is an offering (angkatan). Each endpoint authenticates (bearer
token, policy table), parses its ``In`` schema, calls one domain function and returns its
``Out`` schema; refusals are ``DomainError`` answered by the project's single handler.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Router, Status

from bangkom.accounts.schemas import ErrorOut
from bangkom.curriculum.models import Offering
from bangkom.learning.catalogue import listed_offerings, local_date, open_offering
from bangkom.learning.eligibility import CERTIFIED_STATES
from bangkom.learning.enrollment import request_enrollment
from bangkom.learning.enrollment_queries import (
    EnrollmentRow,
    enrollments_of,
    own_enrollment,
    with_journeys,
)
from bangkom.learning.schemas import EnrollmentCreatedOut, EnrollmentIn, EnrollmentOut, ProgramOut

router = Router(tags=["learning"])


@router.get("/programs", url_name="programs", response={200: list[ProgramOut], 401: ErrorOut})
def programs(request: HttpRequest) -> list[ProgramOut]:
    return [_program_out(offering) for offering in listed_offerings()]


@router.post(
    "/programs/{int:program_id}/enrollments",
    url_name="program-enrollments",
    response={
        200: EnrollmentCreatedOut,
        201: EnrollmentCreatedOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
)
def enroll(
    request: HttpRequest, program_id: int, payload: Body[EnrollmentIn | None] = None
) -> Status[EnrollmentCreatedOut]:
    offering = open_offering(program_id)
    motivation = payload.motivation if payload is not None else ""
    enrollment, created = request_enrollment(
        request.auth, offering, now=timezone.now(), motivation=motivation
    )
    body = EnrollmentCreatedOut(enrollment_id=enrollment.pk, status=enrollment.status)
    return Status(201 if created else 200, body)


@router.get(
    "/enrollments", url_name="enrollments", response={200: list[EnrollmentOut], 401: ErrorOut}
)
def enrollments(request: HttpRequest) -> list[EnrollmentOut]:
    return [_enrollment_out(row) for row in with_journeys(enrollments_of(request.auth))]


@router.get(
    "/enrollments/{int:enrollment_id}",
    url_name="enrollment-detail",
    response={200: EnrollmentOut, 401: ErrorOut, 404: ErrorOut},
)
def enrollment_detail(request: HttpRequest, enrollment_id: int) -> EnrollmentOut:
    enrollment = own_enrollment(request.auth, enrollment_id)
    return _enrollment_out(with_journeys([enrollment])[0])


def _program_out(offering: Offering) -> ProgramOut:
    return ProgramOut(
        id=offering.pk,
        code=offering.code,
        title=offering.program.title,
        status=offering.status,
        starts_on=local_date(offering.starts_at, offering.time_zone),
        ends_on=local_date(offering.ends_at, offering.time_zone),
        jp=float(offering.program.total_jp),
    )


def _enrollment_out(row: EnrollmentRow) -> EnrollmentOut:
    e = row.enrollment
    earned = row.journey.state in CERTIFIED_STATES
    return EnrollmentOut(
        id=e.pk,
        program_id=e.offering_id,
        status=e.status,
        next_step=row.journey.next_step,
        jp_earned=float(e.offering.program.total_jp) if earned else 0.0,
        state=row.journey.state,
    )

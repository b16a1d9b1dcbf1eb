"""Fixtures of the exam-engine tests: an offering with a final test the participant may take."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from bangkom.accounts.tokens import issue_token
from bangkom.assessments.choices import AssessmentKind
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.learning.factories import EnrollmentFactory


@pytest.fixture
def enrollment(peserta):
    return EnrollmentFactory(participant=peserta, offering__running=True)


@pytest.fixture
def final_exam(enrollment):
    bank = make_bank(enrollment.offering.program, size=20)
    return AssessmentFactory(
        offering=enrollment.offering, kind=AssessmentKind.FINAL, item_count=5, banks=[bank]
    )


@pytest.fixture
def api(peserta):
    """An API client authenticated as the participant with a real Bearer token."""
    raw, _token = issue_token(peserta, now=timezone.now())
    return Client(headers={"Authorization": f"Bearer {raw}"})


def start(api, assessment, enrollment):
    return api.post(
        f"/api/v1/assessments/{assessment.pk}/attempts",
        {"enrollment_id": enrollment.pk},
        content_type="application/json",
    )


def put_answer(api, attempt_id, item_id, option_ids, seq):
    return api.put(
        f"/api/v1/attempts/{attempt_id}/answers/{item_id}",
        {"option_ids": option_ids, "client_seq": seq},
        content_type="application/json",
    )

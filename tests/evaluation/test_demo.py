"""The evaluation demo (DOMAIN.md D-6): instruments, answers past the threshold, the S-5
dataset, an impact round, a sanction with an appeal; idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bangkom.accounts.demo import seed_demo_world
from bangkom.evaluation.demo import seed_evaluation_demo
from bangkom.evaluation.models import (
    ImpactInvitation,
    Sanction,
    SanctionAppeal,
    SurveyInstrument,
    SurveyResponse,
)
from bangkom.evaluation.reporting import likert_summary_for_offering
from bangkom.evaluation.seed_survey import SEED_RESPONDENTS

NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import connection, transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield seed_demo_world(employees=300, now=NOW)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


@pytest.mark.django_db
def test_demo_has_surveys_an_impact_round_and_an_appealed_sanction(world):
    assert SurveyInstrument.objects.filter(target="program").exists()
    seed = SurveyInstrument.objects.get(template__code="SEED-S5")
    assert seed.responses.count() == SEED_RESPONDENTS
    rows = likert_summary_for_offering(seed.offering)
    assert any(row.total >= 5 and row.instrument != seed.title for row in rows)
    assert ImpactInvitation.objects.exists()
    assert SanctionAppeal.objects.filter(sanction__in=Sanction.objects.all()).count() == 1


@pytest.mark.django_db
def test_demo_is_idempotent(world):
    before = (
        SurveyResponse.objects.count(),
        ImpactInvitation.objects.count(),
        Sanction.objects.count(),
    )
    summary = seed_evaluation_demo(now=NOW)
    after = (
        SurveyResponse.objects.count(),
        ImpactInvitation.objects.count(),
        Sanction.objects.count(),
    )
    assert after == before
    assert summary["sanctions"] == 0

"""The seed survey of DOMAIN.md S-5 as a demo dataset whose report shows its exact percentages.

The seed surveyed 518 informants, but several of its percentages (73.3 %, 69.4 %, 26 %,
29.1 %) cannot be reached with 518 people (DOMAIN.md notes this). To reproduce every stated
figure exactly, the dataset has **1000** synthetic responses: 1000 × p % is a whole number
for every percentage given to one decimal. "Setuju" (4) and "sangat setuju" (5) are the
seed's own split; the seed gives no other category, so the rest is split here as
one tenth (rounded down) "sangat tidak setuju" (1), two thirds of what remains (rounded
up) "ragu-ragu" (3), and the remainder "tidak setuju" (2).
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from django.db import transaction

from bangkom.curriculum.models import Offering
from bangkom.evaluation.choices import RespondentRole
from bangkom.evaluation.models import SurveyAnswer, SurveyInstrument, SurveyResponse
from bangkom.evaluation.standard import ensure_standard_templates
from bangkom.evaluation.surveys import create_instrument

SEED_RESPONDENTS = 1000
SEED_INFORMANTS = 518  # what the seed reports; see the module docstring
# (setuju %, sangat setuju %) per statement, DOMAIN.md S-5, in the template's order
S5_PERCENTAGES: tuple[tuple[str, str], ...] = (
    ("62.0", "25.9"),
    ("59.7", "36.5"),
    ("68.3", "25.7"),
    ("70.3", "20.5"),
    ("73.3", "23.6"),
    ("69.4", "26.0"),
    ("67.2", "29.1"),
)


def s5_counts(n: int = SEED_RESPONDENTS) -> list[tuple[int, int, int, int, int]]:
    """Counts of values 1..5 per statement for ``n`` respondents (n × p % must be whole)."""
    counts = []
    for agree, strongly in S5_PERCENTAGES:
        four = round(float(agree) * n / 100)
        five = round(float(strongly) * n / 100)
        rest = n - four - five
        one = rest // 10
        three = math.ceil((rest - one) * 2 / 3)
        two = rest - one - three
        counts.append((one, two, three, four, five))
    return counts


def load_seed_survey(offering: Offering, *, now: datetime) -> SurveyInstrument:
    """Attach the S-5 dataset to ``offering`` as a closed program instrument (idempotent)."""
    template = ensure_standard_templates()["SEED-S5"]
    instrument = create_instrument(
        offering,
        template=template,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        title="Survei persepsi SMART Training (DOMAIN.md S-5)",
    )
    if instrument.responses.exists():
        return instrument
    items = list(template.items.order_by("order"))
    rng = random.Random(518)  # noqa: S311 (demo data)
    columns = []
    for values in s5_counts():
        column = [value for value, count in enumerate(values, start=1) for _ in range(count)]
        rng.shuffle(column)
        columns.append(column)
    with transaction.atomic():
        responses = SurveyResponse.objects.bulk_create(
            [
                SurveyResponse(instrument=instrument, respondent_role=RespondentRole.PARTICIPANT)
                for _ in range(SEED_RESPONDENTS)
            ],
            batch_size=500,
        )
        SurveyAnswer.objects.bulk_create(
            [
                SurveyAnswer(response=response, item=item, value=columns[i][r])
                for r, response in enumerate(responses)
                for i, item in enumerate(items)
            ],
            batch_size=2000,
        )
    return instrument

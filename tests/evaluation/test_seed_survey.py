"""DOMAIN.md S-5: the seed survey's report shows exactly the seed's percentages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.evaluation.reporting import instrument_results
from bangkom.evaluation.seed_survey import (
    S5_PERCENTAGES,
    SEED_RESPONDENTS,
    load_seed_survey,
    s5_counts,
)
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory

pytestmark = pytest.mark.django_db

# DOMAIN.md S-5: (setuju, sangat setuju, sum)
SEED = [
    (62.0, 25.9, 87.9),
    (59.7, 36.5, 96.2),
    (68.3, 25.7, 94.0),
    (70.3, 20.5, 90.8),
    (73.3, 23.6, 96.9),
    (69.4, 26.0, 95.4),
    (67.2, 29.1, 96.3),
]


def test_counts_add_up_to_the_respondents():
    for counts in s5_counts():
        assert sum(counts) == SEED_RESPONDENTS
        assert all(c >= 0 for c in counts)
    assert len(S5_PERCENTAGES) == 7


def test_seed_dataset_reproduces_every_percentage():
    instrument = load_seed_survey(OfferingFactory(), now=timezone.now())
    results = instrument_results(instrument)
    assert results.responses == SEED_RESPONDENTS
    got = [(row.percents[3], row.percents[4], row.percent_agree) for row in results.rows]
    assert got == SEED


def test_loading_twice_adds_nothing():
    offering = OfferingFactory()
    first = load_seed_survey(offering, now=timezone.now())
    second = load_seed_survey(offering, now=timezone.now())
    assert first.pk == second.pk
    assert second.responses.count() == SEED_RESPONDENTS


def test_report_page_shows_the_seed_percentages(pengelola):
    instrument = load_seed_survey(OfferingFactory(), now=timezone.now())
    html = (
        logged_in_client(pengelola)
        .get(reverse("evaluation:instrument-report", args=[instrument.pk]))
        .content.decode()
    )
    rows = re.findall(r'<tr data-row="(\d)">(.*?)</tr>', html, re.S)
    assert len(rows) == 7
    for (_n, row), (agree, strongly, total) in zip(rows, SEED, strict=True):
        cells = re.findall(r">([\d,]+)%<", row)
        shown = [float(c.replace(",", ".")) for c in cells]
        assert shown[3:6] == [agree, strongly, total]

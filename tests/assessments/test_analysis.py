"""Item analysis (classical test theory) on a hand-computed dataset, and the analysis page.

The 6 × 3 dataset (1 = right):

    participant  A B C  total  score
    P1           1 1 1    3    100
    P2           1 1 1    3    100
    P3           1 1 0    2     66.67
    P4           1 0 1    2     66.67
    P5           0 0 1    1     33.33
    P6           0 0 0    0      0

facility: A 4/6, B 3/6, C 4/6. Upper 27 % = round(1.62) = 2 (P1, P2), lower = (P5, P6):
D(A) = 1 − 0 = 1, D(B) = 1, D(C) = 1 − 0.5 = 0.5. Item–rest correlations:
A vs B+C (2,2,1,1,1,0): cov 2/9, var 2/9 and 17/36 → r = 4/√34;
B vs A+C (2,2,1,2,1,0): r = 1/√5; C vs A+B (2,2,2,1,0,0): r = 1/√58.
Totals: mean 11/6, variance 41/36; Σpq = 2/9 + 1/4 + 2/9 = 25/36;
KR-20 = 3/2 × (1 − 25/41) = 24/41.
"""

from __future__ import annotations

import io
import math
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bangkom.assessments.analysis import (
    AttemptResponses,
    ItemResponse,
    analyse,
    assessment_analysis,
)
from bangkom.assessments.choices import AttemptStatus
from bangkom.assessments.models import Attempt
from tests.assessments.factories_exam import begin, enrolled, finish, subject_exam
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory

MATRIX = {
    1: (1, 1, 1),
    2: (1, 1, 1),
    3: (1, 1, 0),
    4: (1, 0, 1),
    5: (0, 0, 1),
    6: (0, 0, 0),
}
ITEMS = (101, 102, 103)  # A, B, C


def dataset(matrix=MATRIX, items=ITEMS):
    attempts = []
    for attempt_id, row in matrix.items():
        responses = tuple(
            # right answers choose option 0, wrong ones option 2
            ItemResponse(item_id, float(value), (0,) if value else (2,))
            for item_id, value in zip(items, row, strict=True)
        )
        score = round(100 * sum(row) / len(row), 2)
        attempts.append(AttemptResponses(attempt_id, score, responses))
    return attempts


def stats_of(analysis, item_id):
    return next(s for s in analysis.items if s.item_id == item_id)


def test_facility_index_is_the_share_answering_right():
    analysis = analyse(dataset())
    assert [round(stats_of(analysis, i).facility, 4) for i in ITEMS] == [0.6667, 0.5, 0.6667]
    assert [stats_of(analysis, i).n for i in ITEMS] == [6, 6, 6]


def test_point_biserial_is_the_item_rest_correlation():
    analysis = analyse(dataset())
    assert stats_of(analysis, 101).point_biserial == pytest.approx(4 / math.sqrt(34))
    assert stats_of(analysis, 102).point_biserial == pytest.approx(1 / math.sqrt(5))
    assert stats_of(analysis, 103).point_biserial == pytest.approx(1 / math.sqrt(58))


def test_upper_lower_27_percent_discrimination():
    analysis = analyse(dataset())
    assert [stats_of(analysis, i).upper_lower for i in ITEMS] == [1.0, 1.0, 0.5]


def test_kr20_mean_sd_and_histogram():
    test = analyse(dataset()).test
    assert test.n == 6
    assert test.reliability_kind == "kr20"
    assert test.reliability == pytest.approx(24 / 41)
    assert test.reliability_is_estimate is False
    assert test.mean == pytest.approx((100 + 100 + 66.67 + 66.67 + 33.33 + 0) / 6)
    assert test.sd == pytest.approx(38.968, abs=0.01)
    assert test.histogram == (1, 0, 0, 1, 0, 0, 2, 0, 0, 2)


def test_distractor_counts_follow_the_original_option_order():
    analysis = analyse(dataset(), option_counts={101: 4, 102: 4, 103: 4})
    assert stats_of(analysis, 101).option_counts == (4, 0, 2, 0)
    assert stats_of(analysis, 102).option_counts == (3, 0, 3, 0)
    assert stats_of(analysis, 101).blank == 0


def test_an_item_the_strong_participants_miss_is_flagged():
    matrix = {1: (1, 1, 0), 2: (1, 1, 0), 3: (0, 0, 1), 4: (0, 0, 1)}
    analysis = analyse(dataset(matrix, items=(201, 202, 203)))
    reversed_item = stats_of(analysis, 203)
    assert reversed_item.point_biserial == pytest.approx(-1.0)
    assert reversed_item.upper_lower == -1.0
    assert reversed_item.flagged
    assert not stats_of(analysis, 201).flagged


def test_partial_credit_items_give_cronbachs_alpha():
    attempts = [
        AttemptResponses(1, 75, (ItemResponse(1, 1.0, (0,)), ItemResponse(2, 0.5, (0, 1)))),
        AttemptResponses(2, 25, (ItemResponse(1, 0.0, (1,)), ItemResponse(2, 0.5, (0, 2)))),
        AttemptResponses(3, 100, (ItemResponse(1, 1.0, (0,)), ItemResponse(2, 1.0, (0, 1)))),
    ]
    test = analyse(attempts).test
    assert test.reliability_kind == "alpha"
    # item variances 2/9 and 1/18, totals 1.5, 0.5, 2 → variance 7/18
    assert test.reliability == pytest.approx(2 * (1 - (2 / 9 + 1 / 18) / (7 / 18)))


def test_random_forms_give_an_estimated_reliability():
    attempts = [
        AttemptResponses(1, 100, (ItemResponse(1, 1.0), ItemResponse(2, 1.0))),
        AttemptResponses(2, 50, (ItemResponse(2, 0.0), ItemResponse(3, 1.0))),
        AttemptResponses(3, 0, (ItemResponse(1, 0.0), ItemResponse(3, 0.0))),
    ]
    test = analyse(attempts).test
    assert test.reliability_is_estimate is True


def test_too_few_attempts_leave_statistics_undefined():
    analysis = analyse(dataset({1: (1, 0, 1)}))
    assert analysis.test.sd is None
    assert analysis.test.reliability is None
    assert stats_of(analysis, 101).point_biserial is None
    assert stats_of(analysis, 101).upper_lower is None


# --- from the database --------------------------------------------------------------------------


@pytest.fixture
def offering():
    return OfferingFactory(running=True)


@pytest.fixture
def exam(offering):
    # the whole bank is the form, so every attempt sees the same items
    return subject_exam(offering, bank_size=5, item_count=5, passing_score=100)


@pytest.mark.django_db
def test_only_first_finished_attempts_count_by_default(offering, exam):
    first = enrolled(offering)
    finish(begin(exam, first), right=1)
    finish(begin(exam, first), right=5)  # a second try: left out by default
    finish(begin(exam, enrolled(offering)), right=3)
    begin(exam, enrolled(offering))  # still open: left out
    trial = enrolled(offering, is_trial=True)
    finish(begin(exam, trial), right=5)  # trial: left out
    voided = finish(begin(exam, enrolled(offering)), right=5)
    Attempt.objects.filter(pk=voided.pk).update(status=AttemptStatus.VOIDED)

    firsts = assessment_analysis(exam)
    everything = assessment_analysis(exam, first_only=False)

    assert firsts.analysis.test.n == 2
    assert firsts.analysis.test.mean == pytest.approx(40.0)  # 20 and 60
    assert everything.analysis.test.n == 3
    assert len(firsts.analysis.items) == 5
    assert all(info.exposure >= 1 for info in firsts.items.values())
    assert all(len(info.key) == 1 for info in firsts.items.values())


@pytest.mark.django_db
def test_the_analysis_page_draws_the_chart_and_flags_items(
    offering, exam, pengelola, django_assert_max_num_queries
):
    now = timezone.now() - timedelta(minutes=5)
    for right in (5, 4, 3, 1, 0):
        finish(begin(exam, enrolled(offering), now=now), right=right)
    client = logged_in_client(pengelola)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessments:assessment-analysis", args=[exam.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="analysis-row"') == 5
    assert 'id="score-chart-data"' in body
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert 'data-testid="analysis-n">5<' in body
    assert "KR-20" in body


@pytest.mark.django_db
def test_the_analysis_exports_to_xlsx(offering, exam, pengelola):
    for right in (5, 2):
        finish(begin(exam, enrolled(offering)), right=right)

    response = logged_in_client(pengelola).get(
        reverse("assessments:assessment-analysis-xlsx", args=[exam.pk])
    )

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Butir", "Ringkasan"]
    rows = list(workbook["Butir"].iter_rows(values_only=True))
    assert len(rows) == 6
    assert rows[0][4] == "Indeks kesukaran (p)"

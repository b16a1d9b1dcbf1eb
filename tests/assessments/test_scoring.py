"""Scoring rules per item type (DOMAIN.md §9) and the score's range and precision."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bangkom.assessments.scoring import ScoredItem, score_form, score_item

KEY_B = [{"correct": False}, {"correct": True}, {"correct": False}, {"correct": False}]
KEYS_AC = [{"correct": True}, {"correct": False}, {"correct": True}, {"correct": False}]
GRADED = [{"points": 1}, {"points": 5}, {"points": 3}, {"points": 2}, {"points": 4}]


def test_single_choice_is_all_or_nothing():
    assert score_item(ScoredItem("single", KEY_B, frozenset({1}))).earned == 1
    assert score_item(ScoredItem("single", KEY_B, frozenset({0}))).earned == 0
    assert score_item(ScoredItem("single", KEY_B, frozenset())).earned == 0
    assert score_item(ScoredItem("single", KEY_B, frozenset({1, 2}))).earned == 0


def test_true_false_is_keyed_like_single_choice():
    key = [{"correct": True}, {"correct": False}]
    assert score_item(ScoredItem("true_false", key, frozenset({0}))).is_correct
    assert not score_item(ScoredItem("true_false", key, frozenset({1}))).is_correct


def test_multiple_response_all_or_nothing_by_default():
    assert score_item(ScoredItem("multiple", KEYS_AC, frozenset({0, 2}))).earned == 1
    assert score_item(ScoredItem("multiple", KEYS_AC, frozenset({0}))).earned == 0


def test_multiple_response_partial_credit_subtracts_wrong_choices():
    half = score_item(ScoredItem("multiple", KEYS_AC, frozenset({0}), partial_credit=True))
    assert half.earned == Decimal("0.5")
    zero = score_item(ScoredItem("multiple", KEYS_AC, frozenset({0, 1, 3}), partial_credit=True))
    assert zero.earned == 0  # one right, two wrong: never below zero


def test_graded_options_earn_their_own_points_out_of_the_best():
    result = score_item(ScoredItem("graded", GRADED, frozenset({2})))
    assert (result.earned, result.maximum) == (3, 5)
    assert score_item(ScoredItem("graded", GRADED, frozenset())).earned == 0  # blank = 0


def test_form_score_has_two_decimals_and_counts_correct_items():
    items = [ScoredItem("single", KEY_B, frozenset({1}))] * 2 + [
        ScoredItem("single", KEY_B, frozenset({0}))
    ]
    result = score_form(items)
    assert result.score == Decimal("66.67")
    assert (result.correct, result.total) == (2, 3)


item_strategy = st.builds(
    ScoredItem,
    item_type=st.sampled_from(["single", "multiple", "true_false", "graded"]),
    options=st.lists(
        st.fixed_dictionaries({"correct": st.booleans(), "points": st.integers(1, 5)}),
        min_size=2,
        max_size=5,
    ),
    chosen=st.frozensets(st.integers(0, 6), max_size=4),
    partial_credit=st.booleans(),
)


@given(st.lists(item_strategy, max_size=30))
def test_score_is_always_between_0_and_100_with_two_decimals(items):
    result = score_form(items)
    assert Decimal(0) <= result.score <= Decimal(100)
    assert result.score == result.score.quantize(Decimal("0.01"))

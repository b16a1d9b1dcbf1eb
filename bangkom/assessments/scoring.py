"""Scoring of an attempt: pure functions, no database (DOMAIN.md §9: keyed and graded rules).

- single choice and true/false: the item's weight when the one keyed option is chosen;
- multiple response: all-or-nothing by default; with partial credit each keyed option
  chosen earns 1/k and each wrong option chosen costs 1/k, never below zero (Moodle style);
- graded options (BKN TKP): the chosen option's own points; the maximum is the best option.
The score is 0–100 with two decimals: earned / maximum of the whole form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class ScoredItem:
    """One item of a form as the scorer sees it: its rule, key and what was chosen."""

    item_type: str  # ItemType value
    options: Sequence[dict]  # ItemVersion.options: {"correct": bool, "points": int}
    chosen: frozenset[int]  # original option indexes the participant chose
    weight: Decimal = Decimal("1")
    partial_credit: bool = False
    subject_id: int | None = None


@dataclass(frozen=True)
class ItemScore:
    earned: Decimal
    maximum: Decimal

    @property
    def is_correct(self) -> bool:
        return self.maximum > 0 and self.earned == self.maximum


@dataclass(frozen=True)
class Score:
    score: Decimal  # 0–100, two decimals
    correct: int
    total: int
    earned: Decimal
    maximum: Decimal
    by_subject: dict[int | None, Decimal] = field(default_factory=dict)


def score_item(item: ScoredItem) -> ItemScore:
    """Score one item by its rule."""
    if item.item_type == "graded":
        return _graded(item)
    keyed = frozenset(i for i, option in enumerate(item.options) if option.get("correct"))
    if item.item_type == "multiple":
        return _multiple(item, keyed)
    earned = item.weight if item.chosen and item.chosen == keyed else Decimal(0)
    return ItemScore(earned=earned, maximum=item.weight)


def _graded(item: ScoredItem) -> ItemScore:
    points = [Decimal(option.get("points") or 0) for option in item.options]
    best = max(points, default=Decimal(0))
    if len(item.chosen) != 1:  # blank (or a forged multi-choice) earns 0, as TKP's blank does
        return ItemScore(Decimal(0), best)
    (index,) = item.chosen
    return ItemScore(points[index] if index < len(points) else Decimal(0), best)


def _multiple(item: ScoredItem, keyed: frozenset[int]) -> ItemScore:
    if not item.partial_credit:
        earned = item.weight if item.chosen == keyed and keyed else Decimal(0)
        return ItemScore(earned, item.weight)
    if not keyed:
        return ItemScore(Decimal(0), item.weight)
    hits = len(item.chosen & keyed)
    misses = len(item.chosen - keyed)
    fraction = max(Decimal(0), Decimal(hits - misses) / Decimal(len(keyed)))
    return ItemScore(item.weight * fraction, item.weight)


def score_form(items: Sequence[ScoredItem]) -> Score:
    """Score a whole form: overall 0–100 with two decimals, correct count, per subject."""
    results = [score_item(item) for item in items]
    earned = sum((r.earned for r in results), Decimal(0))
    maximum = sum((r.maximum for r in results), Decimal(0))
    per_subject: dict[int | None, list[Decimal]] = {}
    for item, result in zip(items, results, strict=True):
        totals = per_subject.setdefault(item.subject_id, [Decimal(0), Decimal(0)])
        totals[0] += result.earned
        totals[1] += result.maximum
    return Score(
        score=percent(earned, maximum),
        correct=sum(1 for r in results if r.is_correct),
        total=len(items),
        earned=earned,
        maximum=maximum,
        by_subject={key: percent(e, m) for key, (e, m) in per_subject.items()},
    )


def percent(earned: Decimal, maximum: Decimal) -> Decimal:
    """earned/maximum as 0–100 with two decimals (0 when there is nothing to earn)."""
    if maximum <= 0:
        return Decimal("0.00")
    value = (Decimal(100) * earned / maximum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return min(max(value, Decimal("0.00")), Decimal("100.00"))

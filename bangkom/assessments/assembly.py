"""Draws each participant's own form from the bank (seed R8; RELIABILITY.md K9, control 7).

Pure: given the active items, the blueprint, a seed, the items this participant has seen
and how often each item was drawn, the form is fully determined — so it can be rebuilt
from the seed stored with the attempt. Within each blueprint row, unseen items come
first, then the least-drawn (exposure balancing), ties broken by the seeded generator;
when the bank has too few unseen items the least recently seen fill in and the result
says so, for the manager's warning.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PoolItem:
    item_id: int
    version_id: int
    option_count: int
    subject_id: int | None = None
    competency_id: int | None = None
    difficulty: str | None = None


@dataclass(frozen=True)
class BlueprintRow:
    count: int
    subject_id: int | None = None
    competency_id: int | None = None
    difficulty: str | None = None

    def matches(self, item: PoolItem) -> bool:
        return (
            (self.subject_id is None or item.subject_id == self.subject_id)
            and (self.competency_id is None or item.competency_id == self.competency_id)
            and (self.difficulty is None or item.difficulty == self.difficulty)
        )


@dataclass(frozen=True)
class FormEntry:
    position: int
    item_id: int
    version_id: int
    subject_id: int | None
    option_order: tuple[int, ...]  # original option indexes in display order

    def as_json(self) -> dict:
        return {
            "pos": self.position,
            "item": self.item_id,
            "version": self.version_id,
            "subject": self.subject_id,
            "order": list(self.option_order),
        }


@dataclass(frozen=True)
class DrawnForm:
    entries: tuple[FormEntry, ...]
    repeats: int  # items the participant had already seen (bank too small to avoid)
    shortfall: int  # blueprint slots no item could fill


def draw_form(
    pool: Sequence[PoolItem],
    blueprint: Sequence[BlueprintRow],
    *,
    seed: int,
    seen: Mapping[int, int] | None = None,
    exposure: Mapping[int, int] | None = None,
    shuffle_options: bool = True,
) -> DrawnForm:
    """Draw a form. ``seen`` maps item id → how recently seen (higher = more recent)."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible from the stored seed; the seed is secret
    seen = seen or {}
    exposure = exposure or {}
    ordered_pool = sorted(pool, key=lambda p: p.item_id)  # input order must not matter
    chosen: list[PoolItem] = []
    taken: set[int] = set()
    repeats = shortfall = 0
    for row in blueprint:
        candidates = [p for p in ordered_pool if p.item_id not in taken and row.matches(p)]
        tie = {p.item_id: rng.random() for p in candidates}
        candidates.sort(
            key=lambda p: (
                p.item_id in seen,
                seen.get(p.item_id, 0),
                exposure.get(p.item_id, 0),
                tie[p.item_id],
            )
        )
        picked = candidates[: row.count]
        shortfall += row.count - len(picked)
        repeats += sum(1 for p in picked if p.item_id in seen)
        chosen.extend(picked)
        taken.update(p.item_id for p in picked)
    rng.shuffle(chosen)
    entries = []
    for position, item in enumerate(chosen, start=1):
        order = list(range(item.option_count))
        if shuffle_options:
            rng.shuffle(order)
        entries.append(
            FormEntry(position, item.item_id, item.version_id, item.subject_id, tuple(order))
        )
    return DrawnForm(entries=tuple(entries), repeats=repeats, shortfall=shortfall)


def distinct_forms_supported(pool_size_by_row: Sequence[tuple[int, int]]) -> int:
    """How many attempts the bank supports without any repeat: min(available // count)."""
    supported = [available // count for available, count in pool_size_by_row if count > 0]
    return min(supported, default=0)

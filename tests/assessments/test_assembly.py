"""Per-participant forms (seed R8; RELIABILITY.md K9)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bangkom.assessments.assembly import BlueprintRow, PoolItem, draw_form

SUBJECTS = (1, 2, 3)
DIFFICULTIES = ("mudah", "sedang", "sulit")


def make_pool(size: int) -> list[PoolItem]:
    return [
        PoolItem(
            item_id=i,
            version_id=1000 + i,
            option_count=4,
            subject_id=SUBJECTS[i % 3],
            difficulty=DIFFICULTIES[(i // 3) % 3],
        )
        for i in range(1, size + 1)
    ]


blueprints = st.lists(
    st.builds(
        BlueprintRow,
        count=st.integers(1, 4),
        subject_id=st.sampled_from((None, *SUBJECTS)),
        difficulty=st.sampled_from((None, *DIFFICULTIES)),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60)
@given(blueprint=blueprints, seed=st.integers(0, 2**62))
def test_counts_match_the_blueprint_and_no_item_appears_twice(blueprint, seed):
    pool = make_pool(180)
    form = draw_form(pool, blueprint, seed=seed)
    ids = [e.item_id for e in form.entries]
    assert len(ids) == len(set(ids))
    assert form.shortfall == 0
    assert len(ids) == sum(row.count for row in blueprint)
    by_id = {p.item_id: p for p in pool}
    for row in blueprint:
        assert sum(1 for i in ids if row.matches(by_id[i])) >= row.count


@settings(max_examples=40)
@given(seed=st.integers(0, 2**62), attempts=st.integers(2, 5))
def test_remedial_forms_share_no_item_while_the_bank_allows(seed, attempts):
    pool = make_pool(100)
    blueprint = [BlueprintRow(count=20)]
    seen: dict[int, int] = {}
    for number in range(1, attempts + 1):
        form = draw_form(pool, blueprint, seed=seed + number, seen=seen)
        drawn = {e.item_id for e in form.entries}
        assert not (drawn & set(seen))
        assert form.repeats == 0
        seen.update(dict.fromkeys(drawn, number))


def test_when_the_bank_is_too_small_the_least_recently_seen_come_back_and_it_is_reported():
    pool = make_pool(30)
    first = draw_form(pool, [BlueprintRow(count=20)], seed=1)
    seen = {e.item_id: 1 for e in first.entries}
    second = draw_form(pool, [BlueprintRow(count=20)], seed=2, seen=seen)
    assert second.repeats == 10
    unseen = {p.item_id for p in pool} - set(seen)
    assert unseen <= {e.item_id for e in second.entries}


def test_two_participants_get_different_forms_and_option_orders():
    pool = make_pool(60)
    a = draw_form(pool, [BlueprintRow(count=20)], seed=11)
    b = draw_form(pool, [BlueprintRow(count=20)], seed=12)
    assert [e.item_id for e in a.entries] != [e.item_id for e in b.entries]
    assert any(e.option_order != (0, 1, 2, 3) for e in a.entries)


@given(seed=st.integers(0, 2**62))
def test_rebuilding_from_the_stored_seed_gives_the_same_form(seed):
    pool = make_pool(50)
    first = draw_form(pool, [BlueprintRow(count=10)], seed=seed, exposure={1: 3, 2: 1})
    again = draw_form(
        list(reversed(pool)), [BlueprintRow(count=10)], seed=seed, exposure={1: 3, 2: 1}
    )
    assert first == again


def test_exposure_is_balanced_toward_items_drawn_less_often():
    pool = make_pool(40)
    exposure = {p.item_id: (100 if p.item_id <= 20 else 0) for p in pool}
    form = draw_form(pool, [BlueprintRow(count=20)], seed=5, exposure=exposure)
    assert {e.item_id for e in form.entries} == set(range(21, 41))

"""The safe quantity-formula evaluator (bangkom/finance/formulas.py): arithmetic,
parameters, rounding, and refusal of everything outside the whitelist."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bangkom.finance.costing import rupiah
from bangkom.finance.formulas import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_MAGNITUDE,
    FormulaError,
    evaluate,
    is_parameter_name,
    validate_formula,
)

VALUES = {"participants": Decimal(30), "meal_days": Decimal(8), "half": Decimal("0.5")}


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("1", "1"),
        ("2 + 3 * 4", "14"),
        ("(2 + 3) * 4", "20"),
        ("10 / 4", "2.5"),
        ("7 - 10", "-3"),
        ("-participants + 31", "1"),
        ("+half", "0.5"),
        ("0.1 + 0.2", "0.3"),  # decimal, not binary floating point
        ("participants * meal_days", "240"),
        ("participants * half", "15"),
        ("min(participants, 25, 40)", "25"),
        ("max(participants, meal_days)", "30"),
        ("ceil(participants / 300)", "1"),
        ("ceil(301 / 300)", "2"),
        ("floor(participants / 7)", "4"),
        ("round(2.5)", "3"),  # half up, as money is rounded (not banker's 2)
        ("round(-2.5)", "-3"),
        ("round(10 / 3, 2)", "3.33"),
        ("round(12345, -3)", "12000"),
        ("1_000 * 2", "2000"),
    ],
)
def test_arithmetic_with_parameters_and_functions(formula, expected):
    assert evaluate(formula, VALUES) == Decimal(expected)


def test_result_is_a_34_digit_decimal_and_money_rounds_half_up_to_whole_rupiah():
    quantity = evaluate("participants / 3", {"participants": 10})
    assert quantity == Decimal("3." + "3" * 33)  # 34 significant digits
    assert rupiah(quantity * 1000) == 3333
    assert rupiah(evaluate("5 / 2", {})) == 3  # 2.5 → 3
    assert rupiah(Decimal("2.49")) == 2


def test_validate_returns_the_parameters_a_formula_uses():
    used = validate_formula("participants * meal_days + 1", ["participants", "meal_days", "days"])
    assert used == {"participants", "meal_days"}


def test_unknown_name_is_refused_and_named():
    with pytest.raises(FormulaError, match="Nama tidak dikenal: 'peserta'"):
        evaluate("peserta * 2", VALUES)


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("__import__('os').system('id')", "Akses atribut"),
        ("__import__('os')", "Fungsi tidak diizinkan: '__import__'"),
        ("().__class__.__bases__[0].__subclasses__()", "Akses atribut"),
        ("open('/etc/passwd')", "Fungsi tidak diizinkan: 'open'"),
        ("eval('1')", "Fungsi tidak diizinkan: 'eval'"),
        ("exec('x = 1')", "Fungsi tidak diizinkan: 'exec'"),
        ("globals()", "Fungsi tidak diizinkan: 'globals'"),
        ("getattr(participants, 'real')", "Fungsi tidak diizinkan: 'getattr'"),
        ("participants.real", "Akses atribut"),
        ("participants[0]", "Indeks"),
        ("lambda: 1", "Lambda"),
        ("[x for x in participants]", "Comprehension"),
        ("(x for x in participants)", "Comprehension"),
        ("{1: 2}", "tidak diizinkan"),
        ("'a' * 10", "Teks tidak diizinkan"),
        ("f'{participants}'", "Teks tidak diizinkan"),
        ("9 ** 9 ** 9", "Pangkat (**) tidak diizinkan"),
        ("participants % 7", "Operator '%' tidak diizinkan"),
        ("participants // 7", "Operator '//' tidak diizinkan"),
        ("participants if participants else 1", "Perbandingan dan logika"),
        ("participants > 1", "Perbandingan dan logika"),
        ("participants and 1", "Perbandingan dan logika"),
        ("not participants", "Operator logika"),
        ("~participants", "Operator logika"),
        ("(participants := 1)", "tidak diizinkan"),
        ("min(*participants)", "hanya menerima argumen biasa"),
        ("round(participants, ndigits=1)", "hanya menerima argumen biasa"),
        ("ceil(1, 2)", "Jumlah argumen fungsi 'ceil' salah"),
        ("min()", "Jumlah argumen fungsi 'min' salah"),
        ("round(1, 0.5)", "Argumen kedua round"),
        ("round(1, 99)", "Argumen kedua round"),
        ("min", "harus dipanggil"),
        ("1j", "Hanya angka"),
        ("True + 1", "Hanya angka"),
        ("...", "Hanya angka"),
        ("1 / 0", "Pembagian dengan nol"),
        ("participants / (meal_days - 8)", "Pembagian dengan nol"),
        ("1e999", "Angka terlalu besar"),
        ("10" + "0" * 19, "Angka terlalu besar"),
        ("999999999999 * 999999999999", "Hasil rumus terlalu besar"),
        ("participants +", "tidak dapat dibaca"),
        ("(participants", "tidak dapat dibaca"),
        ("participants; 1", "tidak dapat dibaca"),
        ("import os", "tidak dapat dibaca"),
        ("", "Rumus kosong"),
        ("   ", "Rumus kosong"),
        ("1 + \x00", "tidak dapat dibaca"),
    ],
)
def test_malicious_or_malformed_formula_is_refused_with_a_message(formula, message):
    with pytest.raises(FormulaError) as refused:
        evaluate(formula, VALUES)
    assert message in str(refused.value)


def test_formula_longer_than_the_limit_is_refused():
    formula = "+".join(["1"] * 101)  # 201 characters
    assert len(formula) > MAX_LENGTH
    with pytest.raises(FormulaError, match="terlalu panjang"):
        validate_formula(formula, [])


def test_nesting_deeper_than_the_limit_is_refused():
    assert evaluate("-" * (MAX_DEPTH - 1) + "1", {}) == Decimal(-1)  # 19 signs + the number
    with pytest.raises(FormulaError, match="terlalu rumit"):
        evaluate("-" * MAX_DEPTH + "1", {})


def test_parameter_names_are_lowercase_identifiers_other_than_functions():
    assert is_parameter_name("jp_per_facilitator_smart")
    assert not is_parameter_name("Participants")
    assert not is_parameter_name("_hidden")
    assert not is_parameter_name("round")
    assert not is_parameter_name("1st")


# --- properties -----------------------------------------------------------------------------

NAMES = {"a": Fraction(7, 2), "b": Fraction(12)}
DECIMAL_NAMES = {
    name: Decimal(value.numerator) / value.denominator for name, value in NAMES.items()
}
Node = tuple[str, Fraction | None, int, Fraction]  # text, exact value, depth, largest magnitude


def _leaf(text: str, value: Fraction) -> Node:
    return text, value, 1, abs(value)


LEAVES = st.one_of(
    st.integers(0, 1000).map(lambda n: _leaf(str(n), Fraction(n))),
    st.decimals(min_value=0, max_value=100, places=2).map(lambda d: _leaf(str(d), Fraction(d))),
    st.sampled_from(sorted(NAMES)).map(lambda name: _leaf(name, NAMES[name])),
)


def _combine(left: Node, operator: str, right: Node) -> Node:
    value = None
    if left[1] is not None and right[1] is not None:
        if operator == "+":
            value = left[1] + right[1]
        elif operator == "-":
            value = left[1] - right[1]
        elif operator == "*":
            value = left[1] * right[1]
        elif right[1] != 0:
            value = left[1] / right[1]
    magnitude = max(left[3], right[3], abs(value) if value is not None else 0)
    return f"({left[0]}) {operator} ({right[0]})", value, max(left[2], right[2]) + 1, magnitude


def _negate(node: Node) -> Node:
    value = -node[1] if node[1] is not None else None
    return f"-({node[0]})", value, node[2] + 1, node[3]


TREES = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.builds(_combine, children, st.sampled_from("+-*/"), children),
        children.map(_negate),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(TREES)
def test_random_arithmetic_evaluates_like_exact_fractions(tree):
    text, expected, depth, magnitude = tree
    assume(len(text) <= MAX_LENGTH and depth <= MAX_DEPTH)
    assume(magnitude < Fraction(MAX_MAGNITUDE) / 1000)
    if expected is None:  # a division by an exact zero
        with pytest.raises(FormulaError):
            evaluate(text, DECIMAL_NAMES)
        return
    result = Fraction(evaluate(text, DECIMAL_NAMES))
    # 34 significant digits per step; cancellation can cost digits, never the operation.
    assert abs(result - expected) <= Fraction(1, 10**9) * (1 + magnitude)


FORMULA_ALPHABET = "abcdefghijklmnopqrstuvwxyz_0123456789+-*/%().,[]{}'\"=<>!&|^~@:; \n\t\\"


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=220), st.text(alphabet=FORMULA_ALPHABET, max_size=220)))
def test_garbage_never_raises_anything_but_formula_error(text):
    try:
        result = evaluate(text, DECIMAL_NAMES)
    except FormulaError as exc:
        message = str(exc)
        result = None
    else:
        message = None
    if result is None:
        assert message  # always a message
    else:
        assert isinstance(result, Decimal)
        assert abs(result) <= MAX_MAGNITUDE

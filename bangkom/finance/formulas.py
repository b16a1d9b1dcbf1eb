"""Safe evaluation of the quantity formulas of cost lines (no ``eval``, no Django).

A formula is an arithmetic expression over named parameters, e.g.
``participants * meal_days`` or ``licence_months * ceil(participants / licence_capacity)``.
It is parsed with :mod:`ast` in ``"eval"`` mode and only this whitelist is accepted:
numbers (integers and decimals), the parameter names, ``+ - * /``, parentheses, unary
``-``/``+`` and the functions ``min``, ``max``, ``ceil``, ``floor`` and ``round``. Anything
else (attribute access, other calls, subscripts, comprehensions, lambdas, strings,
comparisons, ``**`` — refused so a short formula cannot make a huge number) raises
:class:`FormulaError` with an Indonesian message naming the problem. Arithmetic is done in
``Decimal``; division by zero and results beyond :data:`MAX_MAGNITUDE` are refused too.

Messages are Indonesian msgids marked with :func:`gettext_noop`, so ``makemessages`` finds
them; the Django layer translates ``FormulaError.template`` for the viewer's language.
"""

from __future__ import annotations

import ast
import decimal
import functools
import re
from collections.abc import Callable, Collection, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

MAX_LENGTH = 200  # characters; a quantity formula is a line of arithmetic, not a program
MAX_DEPTH = 20  # nesting of the syntax tree
MAX_MAGNITUDE = Decimal(10) ** 18  # any literal or intermediate result beyond this is refused
MAX_ROUND_DIGITS = 6
FUNCTIONS: frozenset[str] = frozenset({"min", "max", "ceil", "floor", "round"})

# Decimal arithmetic with 34 significant digits (IEEE decimal128) for every evaluation.
_CONTEXT = decimal.Context(prec=34, rounding=ROUND_HALF_UP, traps=[decimal.InvalidOperation])
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (for ``makemessages``)."""
    return message


class FormulaError(ValueError):
    """A formula that is refused. ``template % params`` is the Indonesian message."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)

    @property
    def message(self) -> str:
        return str(self)


def is_parameter_name(name: str) -> bool:
    """True for a valid parameter code: lowercase identifier, not a function name."""
    return bool(_IDENTIFIER.match(name)) and name not in FUNCTIONS


def validate_formula(text: str, parameter_names: Collection[str]) -> frozenset[str]:
    """Check ``text`` without evaluating it; return the parameter names it uses.

    Raises FormulaError for anything outside the whitelist, including names that are not
    in ``parameter_names``.
    """
    return _checked(text, parameter_names)[1]


def evaluate(text: str, values: Mapping[str, Decimal | int]) -> Decimal:
    """Evaluate ``text`` with the parameter ``values``; the result is an exact ``Decimal``.

    The formula is validated first (names must be keys of ``values``). Division by zero,
    results beyond MAX_MAGNITUDE and invalid ``round`` digits raise FormulaError.
    """
    tree, _used = _checked(text, values.keys())
    decimals = {name: _decimal(value) for name, value in values.items()}
    try:
        with decimal.localcontext(_CONTEXT):
            return _value(tree.body, decimals)
    except decimal.DecimalException:
        raise FormulaError(gettext_noop("Rumus tidak dapat dihitung dengan nilai ini.")) from None


def _decimal(value: Decimal | int | float) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


# --- parsing and checking --------------------------------------------------------------------


def _checked(text: str, parameter_names: Collection[str]) -> tuple[ast.Expression, frozenset[str]]:
    tree = _parse(text)
    used: set[str] = set()
    _check(tree.body, frozenset(parameter_names), used, depth=1)
    return tree, frozenset(used)


def _parse(text: str) -> ast.Expression:
    if not isinstance(text, str) or not text.strip():
        raise FormulaError(gettext_noop("Rumus kosong."))
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            gettext_noop("Rumus terlalu panjang (%(length)d karakter; paling banyak %(max)d)."),
            length=len(text),
            max=MAX_LENGTH,
        )
    return _syntax_tree(text.strip())


@functools.lru_cache(maxsize=1024)
def _syntax_tree(text: str) -> ast.Expression:
    # Cached: a template's formulas are evaluated once per point of the chart. The trees
    # are only read, never changed, so sharing them is safe.
    try:
        return ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise FormulaError(
            gettext_noop("Rumus tidak dapat dibaca: periksa tanda kurung dan operatornya.")
        ) from None


_OPERATORS: dict[type, str] = {
    ast.Pow: "**",
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
}
_ALLOWED_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)


def _check(node: ast.AST, allowed: frozenset[str], used: set[str], *, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FormulaError(
            gettext_noop("Rumus terlalu rumit atau bersarang (lebih dari %(max)d tingkat)."),
            max=MAX_DEPTH,
        )
    if isinstance(node, ast.Constant):
        _literal(node)
    elif isinstance(node, ast.Name):
        if node.id not in allowed:
            if node.id in FUNCTIONS:
                raise FormulaError(
                    gettext_noop("Fungsi '%(name)s' harus dipanggil dengan tanda kurung."),
                    name=node.id,
                )
            raise FormulaError(gettext_noop("Nama tidak dikenal: '%(name)s'."), name=node.id)
        used.add(node.id)
    elif isinstance(node, ast.BinOp):
        if not isinstance(node.op, _ALLOWED_BINOPS):
            symbol = _OPERATORS.get(type(node.op), type(node.op).__name__)
            if isinstance(node.op, ast.Pow):
                raise FormulaError(gettext_noop("Pangkat (**) tidak diizinkan dalam rumus."))
            raise FormulaError(
                gettext_noop("Operator '%(operator)s' tidak diizinkan; gunakan + - * /."),
                operator=symbol,
            )
        _check(node.left, allowed, used, depth=depth + 1)
        _check(node.right, allowed, used, depth=depth + 1)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise FormulaError(gettext_noop("Operator logika atau bit tidak diizinkan."))
        _check(node.operand, allowed, used, depth=depth + 1)
    elif isinstance(node, ast.Call):
        _check_call(node, allowed, used, depth=depth)
    else:
        raise FormulaError(_refusal_for(node))


def _check_call(node: ast.Call, allowed: frozenset[str], used: set[str], *, depth: int) -> None:
    if not isinstance(node.func, ast.Name):
        if isinstance(node.func, ast.Attribute):
            raise FormulaError(gettext_noop("Akses atribut (titik) tidak diizinkan dalam rumus."))
        raise FormulaError(gettext_noop("Hanya fungsi min, max, ceil, floor dan round diizinkan."))
    name = node.func.id
    if name not in FUNCTIONS:
        raise FormulaError(
            gettext_noop(
                "Fungsi tidak diizinkan: '%(name)s'. Gunakan min, max, ceil, floor atau round."
            ),
            name=name,
        )
    if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
        raise FormulaError(
            gettext_noop("Fungsi '%(name)s' hanya menerima argumen biasa."), name=name
        )
    count = len(node.args)
    wrong = (
        (name in ("ceil", "floor") and count != 1)
        or (name == "round" and count not in (1, 2))
        or (name in ("min", "max") and count < 1)
    )
    if wrong:
        raise FormulaError(
            gettext_noop("Jumlah argumen fungsi '%(name)s' salah (%(count)d)."),
            name=name,
            count=count,
        )
    for arg in node.args:
        _check(arg, allowed, used, depth=depth + 1)


def _refusal_for(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return gettext_noop("Akses atribut (titik) tidak diizinkan dalam rumus.")
    if isinstance(node, ast.Subscript):
        return gettext_noop("Indeks atau irisan ([ ]) tidak diizinkan dalam rumus.")
    if isinstance(node, ast.Lambda):
        return gettext_noop("Lambda tidak diizinkan dalam rumus.")
    if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
        return gettext_noop("Comprehension tidak diizinkan dalam rumus.")
    if isinstance(node, ast.Compare | ast.BoolOp | ast.IfExp):
        return gettext_noop("Perbandingan dan logika tidak diizinkan; gunakan min atau max.")
    if isinstance(node, ast.JoinedStr | ast.FormattedValue):
        return gettext_noop("Teks tidak diizinkan dalam rumus; hanya angka dan parameter.")
    return gettext_noop("Bagian rumus ini tidak diizinkan; hanya angka, parameter, + - * / ( ).")


def _literal(node: ast.Constant) -> Decimal:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str | bytes):
            raise FormulaError(
                gettext_noop("Teks tidak diizinkan dalam rumus; hanya angka dan parameter.")
            )
        raise FormulaError(gettext_noop("Hanya angka bulat atau desimal yang diizinkan."))
    # repr() of a float is the shortest text that reads back the same: 0.1 stays 0.1.
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if not number.is_finite() or abs(number) > MAX_MAGNITUDE:
        raise FormulaError(gettext_noop("Angka terlalu besar dalam rumus."))
    return number


# --- evaluation ----------------------------------------------------------------------------


def _value(node: ast.AST, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return _literal(node)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _value(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        return _binary(node, values)
    if isinstance(node, ast.Call):
        return _call(node, values)
    raise FormulaError(_refusal_for(node))  # unreachable after validation


def _binary(node: ast.BinOp, values: Mapping[str, Decimal]) -> Decimal:
    left, right = _value(node.left, values), _value(node.right, values)
    if isinstance(node.op, ast.Div):
        if right == 0:
            raise FormulaError(gettext_noop("Pembagian dengan nol dalam rumus."))
        result = left / right
    elif isinstance(node.op, ast.Add):
        result = left + right
    elif isinstance(node.op, ast.Sub):
        result = left - right
    else:
        result = left * right
    return _bounded(result)


def _bounded(result: Decimal) -> Decimal:
    if abs(result) > MAX_MAGNITUDE:
        raise FormulaError(gettext_noop("Hasil rumus terlalu besar."))
    return result


def _round(number: Decimal, digits: Decimal | None = None) -> Decimal:
    """Round half up (as money is rounded), to ``digits`` decimals (negative: tens, …)."""
    places = Decimal(0) if digits is None else digits
    if places != places.to_integral_value() or abs(places) > MAX_ROUND_DIGITS:
        raise FormulaError(
            gettext_noop("Argumen kedua round harus bilangan bulat antara -%(max)d dan %(max)d."),
            max=MAX_ROUND_DIGITS,
        )
    exponent = Decimal(1).scaleb(-int(places))
    return number.quantize(exponent, rounding=ROUND_HALF_UP)


_UNARY: dict[str, Callable[[Decimal], Decimal]] = {
    "ceil": lambda x: x.to_integral_value(rounding=ROUND_CEILING),
    "floor": lambda x: x.to_integral_value(rounding=ROUND_FLOOR),
}


def _call(node: ast.Call, values: Mapping[str, Decimal]) -> Decimal:
    name = node.func.id  # type: ignore[attr-defined]  (validated: a whitelisted Name)
    args = [_value(arg, values) for arg in node.args]
    if name == "min":
        return min(args)
    if name == "max":
        return max(args)
    if name == "round":
        return _round(*args)
    return _UNARY[name](args[0])

"""Cost comparison: evaluate a cost template's scenarios for given parameter values.

``compare_costs`` reproduces the seed's Tabel 2 with the built-in template's defaults
(DOMAIN.md S-3: conventional Rp91,829,000, SMART Rp13,731,988, saving 85.05 %, per
participant Rp3,060,967 vs Rp457,733). All money is whole rupiah: each line's amount is
quantity × unit price rounded half up, totals are sums of line amounts, the cost per
participant is rounded half up too. A template is read once into a ``CostPlan`` (four
queries); evaluating a plan is pure, so the per-participant curve of the chart costs no
further query.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from bangkom.finance.builtin import BUILTIN_TEMPLATE_CODE
from bangkom.finance.choices import ScenarioCode
from bangkom.finance.errors import (
    InvalidFormula,
    InvalidParameters,
    PriceMissing,
    TemplateNotFound,
)
from bangkom.finance.formulas import FormulaError, evaluate
from bangkom.finance.models import (
    MAX_PRICE_YEAR,
    MIN_PRICE_YEAR,
    CostLine,
    CostTemplate,
    UnitPrice,
)

PARTICIPANTS = "participants"
MAX_PARAMETER_VALUE = Decimal(1_000_000)  # API: "absurd values (participants > 1,000,000)"
CURVE_PARTICIPANTS = (10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000)
SCENARIO_ORDER = {code: index for index, code in enumerate(ScenarioCode.values)}
# quantity ≤ 10^18 times price ≤ 10^12 needs 31 digits before rounding to whole rupiah
_MONEY_CONTEXT = decimal.Context(prec=40, rounding=ROUND_HALF_UP)


def rupiah(value: Decimal) -> int:
    """Round to whole rupiah, half up (away from zero)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP, context=_MONEY_CONTEXT))


# --- the plan: a template read from the database ----------------------------------------------


@dataclass(frozen=True)
class ParameterSpec:
    code: str
    label: str
    default: Decimal
    unit: str
    note: str


@dataclass(frozen=True)
class PlannedLine:
    order: int
    item: str
    name: str
    unit: str
    formula: str
    unit_price: int
    price_item: str | None  # None: a literal unit price
    price_year: int | None
    price_source: str
    note: str


@dataclass(frozen=True)
class PlannedScenario:
    code: str
    label: str
    note: str
    lines: tuple[PlannedLine, ...]


@dataclass(frozen=True)
class CostPlan:
    template_id: int
    template_code: str
    template_name: str
    year: int
    province: str | None
    parameters: tuple[ParameterSpec, ...]
    scenarios: tuple[PlannedScenario, ...]
    notes: tuple[str, ...]


# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParameterValue:
    code: str
    label: str
    value: Decimal
    default: Decimal
    unit: str
    note: str


@dataclass(frozen=True)
class LineResult:
    item: str
    name: str
    unit: str
    quantity: Decimal
    unit_price: int
    amount: int
    note: str
    formula: str
    price_source: str


@dataclass(frozen=True)
class ScenarioResult:
    code: str
    label: str
    note: str
    lines: tuple[LineResult, ...]
    total: int
    per_participant: int | None


@dataclass(frozen=True)
class ComparisonRow:
    """One item across scenarios; ``cells`` is aligned with ``CostComparison.scenarios``."""

    number: int
    item: str
    name: str
    unit: str
    note: str
    cells: tuple[LineResult | None, ...]

    @property
    def first(self) -> LineResult:
        return next(cell for cell in self.cells if cell is not None)


@dataclass(frozen=True)
class CostComparison:
    template_code: str
    template_name: str
    year: int
    parameters: tuple[ParameterValue, ...]
    scenarios: tuple[ScenarioResult, ...]
    rows: tuple[ComparisonRow, ...]
    notes: tuple[str, ...]

    def scenario(self, code: str) -> ScenarioResult:
        """The scenario with this code; an empty one if the template has none."""
        for scenario in self.scenarios:
            if scenario.code == code:
                return scenario
        return ScenarioResult(code, ScenarioCode(code).label, "", (), 0, None)

    def cell(self, row: ComparisonRow, code: str) -> LineResult | None:
        for scenario, cell in zip(self.scenarios, row.cells, strict=True):
            if scenario.code == code:
                return cell
        return None

    @property
    def conventional(self) -> ScenarioResult:
        return self.scenario(ScenarioCode.CONVENTIONAL)

    @property
    def smart(self) -> ScenarioResult:
        return self.scenario(ScenarioCode.SMART)

    @property
    def saving(self) -> int:
        """Conventional total minus SMART total (negative when SMART costs more)."""
        return self.conventional.total - self.smart.total

    @property
    def saving_percent(self) -> Decimal | None:
        """The saving as a percentage of the conventional total, two decimals; None if 0."""
        if self.conventional.total == 0:
            return None
        ratio = Decimal(self.saving) * 100 / Decimal(self.conventional.total)
        return ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def participants(self) -> Decimal | None:
        return next((p.value for p in self.parameters if p.code == PARTICIPANTS), None)


@dataclass(frozen=True)
class CurvePoint:
    participants: int
    conventional: int | None
    smart: int | None


# --- reading templates ----------------------------------------------------------------------


def template_by_code(code: str | None = None) -> CostTemplate:
    """The template with this code (the built-in Tabel 2 when ``code`` is empty)."""
    template = CostTemplate.objects.filter(code=code or BUILTIN_TEMPLATE_CODE).first()
    if template is None:
        raise TemplateNotFound()
    return template


def parameter_specs(template: CostTemplate) -> tuple[ParameterSpec, ...]:
    """The template's parameters in their order, with defaults."""
    return tuple(
        ParameterSpec(p.code, p.label, _tidy(p.default_value), p.unit, p.note)
        for p in template.parameters.all()
    )


def cost_plan(
    template: CostTemplate, *, year: int | None = None, province: str | None = None
) -> CostPlan:
    """Read ``template`` with the unit prices in force in ``year`` (default: its price year).

    Per price item, the price used is the one with the greatest effective year ≤ ``year``;
    at equal years a row of ``province`` wins over the national one. Raises PriceMissing
    when an item has no price by then, InvalidParameters for a year out of range.
    """
    year = template.price_year if year is None else year
    if not MIN_PRICE_YEAR <= year <= MAX_PRICE_YEAR:
        raise InvalidParameters(
            _("Tahun harga harus antara %(min)d dan %(max)d.")
            % {"min": MIN_PRICE_YEAR, "max": MAX_PRICE_YEAR},
            field="year",
        )
    parameters = parameter_specs(template)
    lines = CostLine.objects.select_related("price_item").order_by("order", "pk")
    scenarios = sorted(
        template.scenarios.prefetch_related(Prefetch("lines", queryset=lines)),
        key=lambda s: SCENARIO_ORDER.get(s.code, len(SCENARIO_ORDER)),
    )
    item_ids = {
        line.price_item_id for s in scenarios for line in s.lines.all() if line.price_item_id
    }
    prices = _prices_in_force(item_ids, year=year, province=province)
    planned = tuple(
        PlannedScenario(
            s.code,
            s.label,
            s.note,
            tuple(_planned_line(line, prices, year) for line in s.lines.all()),
        )
        for s in scenarios
    )
    return CostPlan(
        template_id=template.pk,
        template_code=template.code,
        template_name=template.name,
        year=year,
        province=province,
        parameters=parameters,
        scenarios=planned,
        notes=tuple(template.note_lines),
    )


def _prices_in_force(
    item_ids: Iterable[int], *, year: int, province: str | None
) -> dict[int, UnitPrice]:
    rows = UnitPrice.objects.filter(item_id__in=list(item_ids), effective_year__lte=year).filter(
        Q(province_code__isnull=True) | Q(province_code=province)
    )
    best: dict[int, UnitPrice] = {}
    for row in rows:
        current = best.get(row.item_id)
        if current is None or (row.effective_year, row.province_code is not None) > (
            current.effective_year,
            current.province_code is not None,
        ):
            best[row.item_id] = row
    return best


def _planned_line(line: CostLine, prices: Mapping[int, UnitPrice], year: int) -> PlannedLine:
    if line.price_item_id is None:
        unit_price, price_year, source = line.literal_unit_price, None, ""
    else:
        price = prices.get(line.price_item_id)
        if price is None:
            raise PriceMissing(line.price_item.code, year)
        unit_price, price_year, source = price.amount, price.effective_year, price.source
    return PlannedLine(
        order=line.order,
        item=line.item_code,
        name=line.name,
        unit=line.unit,
        formula=line.quantity_formula,
        unit_price=unit_price,
        price_item=line.price_item.code if line.price_item_id else None,
        price_year=price_year,
        price_source=source,
        note=line.note,
    )


# --- evaluating a plan (pure) ---------------------------------------------------------------


def parameter_values(plan: CostPlan, params: Mapping[str, object]) -> dict[str, Decimal]:
    """Validate ``params`` against the plan; missing (or None) values take the defaults.

    Refused with InvalidParameters: unknown names, non-numbers, negative values, values
    above MAX_PARAMETER_VALUE, and fewer than 1 participant.
    """
    known = {p.code: p for p in plan.parameters}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise InvalidParameters(
            _("Parameter tidak dikenal: %(names)s.") % {"names": ", ".join(unknown)}
        )
    values = {}
    for code, spec in known.items():
        raw = params.get(code)
        value = (
            spec.default if raw is None or raw == "" else checked_value(code, raw, label=spec.label)
        )
        values[code] = _tidy(value)
    return values


def checked_value(code: str, raw: object, *, label: str) -> Decimal:
    """``raw`` as a Decimal parameter value, or InvalidParameters naming ``label``."""
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if isinstance(raw, bool) or not value.is_finite():
        raise InvalidParameters(_("%(label)s harus berupa angka.") % {"label": label}, field=code)
    if value < 0:
        raise InvalidParameters(_("%(label)s tidak boleh negatif.") % {"label": label}, field=code)
    if value > MAX_PARAMETER_VALUE:
        raise InvalidParameters(
            _("%(label)s terlalu besar (paling banyak 1.000.000).") % {"label": label}, field=code
        )
    if code == PARTICIPANTS and value < 1:
        raise InvalidParameters(_("Jumlah peserta paling sedikit 1."), field=code)
    return value


def evaluate_plan(plan: CostPlan, params: Mapping[str, object]) -> CostComparison:
    """Compare the plan's scenarios for ``params`` (see ``parameter_values``)."""
    values = parameter_values(plan, params)
    participants = values.get(PARTICIPANTS)
    scenarios = tuple(_evaluate_scenario(s, values, participants) for s in plan.scenarios)
    parameters = tuple(
        ParameterValue(p.code, p.label, values[p.code], _tidy(p.default), p.unit, p.note)
        for p in plan.parameters
    )
    return CostComparison(
        template_code=plan.template_code,
        template_name=plan.template_name,
        year=plan.year,
        parameters=parameters,
        scenarios=scenarios,
        rows=_rows(scenarios, plan),
        notes=plan.notes,
    )


def _evaluate_scenario(
    scenario: PlannedScenario, values: Mapping[str, Decimal], participants: Decimal | None
) -> ScenarioResult:
    results = []
    for line in scenario.lines:
        try:
            quantity = evaluate(line.formula, values)
        except FormulaError as exc:
            raise InvalidFormula(exc, line_name=line.name) from None
        if quantity < 0:
            raise InvalidParameters(
                _("Volume baris '%(line)s' (%(scenario)s) negatif; periksa rumus dan parameternya.")
                % {"line": line.name, "scenario": scenario.label}
            )
        quantity = _tidy(quantity)
        amount = rupiah(quantity * line.unit_price)
        results.append(
            LineResult(
                line.item,
                line.name,
                line.unit,
                quantity,
                line.unit_price,
                amount,
                line.note,
                line.formula,
                line.price_source,
            )
        )
    total = sum(result.amount for result in results)
    per_participant = rupiah(Decimal(total) / participants) if participants else None
    return ScenarioResult(
        scenario.code, scenario.label, scenario.note, tuple(results), total, per_participant
    )


def _tidy(quantity: Decimal) -> Decimal:
    """240.0000 → 240 and 1.50 → 1.5, without exponent notation (2.4E+2)."""
    if quantity == quantity.to_integral_value():
        return quantity.quantize(Decimal(1))
    return quantity.normalize()


def _rows(scenarios: tuple[ScenarioResult, ...], plan: CostPlan) -> tuple[ComparisonRow, ...]:
    """Merge the scenarios' lines by item code, in the order of their first appearance."""
    orders: dict[str, tuple[int, int]] = {}
    for rank, scenario in enumerate(plan.scenarios):
        for line in scenario.lines:
            orders.setdefault(line.item, (line.order, rank))
    by_scenario = [{line.item: line for line in scenario.lines} for scenario in scenarios]
    rows = []
    for number, item in enumerate(sorted(orders, key=orders.__getitem__), start=1):
        cells = tuple(lines.get(item) for lines in by_scenario)
        first = next(cell for cell in cells if cell is not None)
        rows.append(ComparisonRow(number, item, first.name, first.unit, first.note, cells))
    return tuple(rows)


def plan_curve(
    plan: CostPlan,
    params: Mapping[str, object],
    participants_range: Iterable[int] = CURVE_PARTICIPANTS,
) -> tuple[CurvePoint, ...]:
    """Cost per participant of conventional and SMART for each number of participants.

    A point the template cannot compute (e.g. a formula giving a negative volume for so few
    participants) has ``None`` for both scenarios instead of failing the whole curve.
    """
    points = []
    for count in participants_range:
        try:
            comparison = evaluate_plan(plan, {**params, PARTICIPANTS: count})
        except (InvalidParameters, InvalidFormula):
            points.append(CurvePoint(count, None, None))
            continue
        points.append(
            CurvePoint(
                count,
                comparison.conventional.per_participant,
                comparison.smart.per_participant,
            )
        )
    return tuple(points)


# --- the public one-call functions -------------------------------------------------------


def compare_costs(
    template: CostTemplate,
    *,
    params: Mapping[str, object],
    year: int | None = None,
    province: str | None = None,
) -> CostComparison:
    """Compare the template's scenarios with ``params`` and the prices in force in ``year``.

    Missing parameters take the template's defaults; unknown names, negative or absurd
    values are refused (InvalidParameters, code ``invalid_input``); a formula that cannot
    be computed (division by zero, negative quantity) is refused too.
    """
    return evaluate_plan(cost_plan(template, year=year, province=province), params)


def per_participant_curve(
    template: CostTemplate,
    *,
    params: Mapping[str, object] | None = None,
    participants_range: Iterable[int] = CURVE_PARTICIPANTS,
    year: int | None = None,
) -> tuple[CurvePoint, ...]:
    """The chart's data: cost per participant for 10 … 10,000 participants, both scenarios."""
    return plan_curve(cost_plan(template, year=year), params or {}, participants_range)

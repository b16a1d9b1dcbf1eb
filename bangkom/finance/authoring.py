"""Editing cost templates and unit prices (pengelola, admin).

Every write is all-or-nothing: a line whose quantity formula is refused (unknown name,
forbidden syntax, or no result with the template's defaults) is not saved, and neither is
anything else of that request. The built-in template (the seed's Tabel 2) is read-only so
it keeps reproducing DOMAIN.md S-3; managers copy it and edit the copy. Unit prices are
never overwritten: a new price is a new row with its effective year, so older comparisons
keep their figures (DOMAIN.md §6: a versioned cost table).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bangkom.finance.choices import PriceSource, ScenarioCode
from bangkom.finance.costing import checked_value
from bangkom.finance.errors import (
    BuiltinReadOnly,
    DuplicateCode,
    InvalidFormula,
    InvalidParameters,
    ParameterInUse,
)
from bangkom.finance.formulas import FormulaError, evaluate, is_parameter_name, validate_formula
from bangkom.finance.models import (
    MAX_PRICE_YEAR,
    MAX_UNIT_PRICE,
    MIN_PRICE_YEAR,
    CostLine,
    CostParameter,
    CostScenario,
    CostTemplate,
    PriceItem,
    UnitPrice,
)

# Names the comparison form and the API use beside the parameters.
RESERVED_NAMES = frozenset({"template", "year", "province"})


def _editable(template: CostTemplate) -> None:
    if template.is_builtin:
        raise BuiltinReadOnly()


# --- templates --------------------------------------------------------------------------


@transaction.atomic
def copy_template(source: CostTemplate, *, code: str, name: str) -> CostTemplate:
    """Copy a template with its parameters, scenarios and lines under a new code.

    The copy is never built-in, so it can be edited. Refused: a code already in use.
    """
    code = slugify(code)
    if not code:
        raise InvalidParameters(_("Kode templat wajib diisi."), field="code")
    if CostTemplate.objects.filter(code=code).exists():
        raise DuplicateCode(
            _("Kode templat '%(code)s' sudah dipakai.") % {"code": code}, field="code"
        )
    copy = CostTemplate.objects.create(
        code=code,
        name=name,
        description=source.description,
        notes=source.notes,
        price_year=source.price_year,
        is_builtin=False,
    )
    CostParameter.objects.bulk_create(
        CostParameter(
            template=copy,
            code=p.code,
            label=p.label,
            default_value=p.default_value,
            unit=p.unit,
            note=p.note,
            order=p.order,
        )
        for p in source.parameters.all()
    )
    for scenario in source.scenarios.prefetch_related("lines"):
        new = CostScenario.objects.create(
            template=copy, code=scenario.code, label=scenario.label, note=scenario.note
        )
        CostLine.objects.bulk_create(
            CostLine(
                scenario=new,
                order=line.order,
                item_code=line.item_code,
                name=line.name,
                unit=line.unit,
                quantity_formula=line.quantity_formula,
                price_item_id=line.price_item_id,
                literal_unit_price=line.literal_unit_price,
                note=line.note,
            )
            for line in scenario.lines.all()
        )
    return copy


def update_template(
    template: CostTemplate, *, name: str, description: str, notes: str, price_year: int
) -> CostTemplate:
    """Change a template's name, texts and default price year (not of the built-in one)."""
    _editable(template)
    _check_year(price_year, field="price_year")
    template.name, template.description = name, description
    template.notes, template.price_year = notes, price_year
    template.save(update_fields=["name", "description", "notes", "price_year", "updated_at"])
    return template


def add_scenario(template: CostTemplate, *, code: str, label: str = "") -> CostScenario:
    """Add a scenario (e.g. the hotel/PNBP variant) without lines; refused if present."""
    _editable(template)
    if code not in ScenarioCode.values:
        raise InvalidParameters(_("Skenario tidak dikenal."), field="code")
    if template.scenarios.filter(code=code).exists():
        raise DuplicateCode(_("Skenario ini sudah ada di templat."))
    return CostScenario.objects.create(
        template=template, code=code, label=label or ScenarioCode(code).label
    )


# --- parameters -------------------------------------------------------------------------


def _formulas_using(template: CostTemplate, code: str) -> list[str]:
    names = list(template.parameters.values_list("code", flat=True))
    using = []
    for line in CostLine.objects.filter(scenario__template=template).select_related("scenario"):
        try:
            used = validate_formula(line.quantity_formula, names)
        except FormulaError:
            continue
        if code in used:
            using.append(f"{line.name} ({line.scenario.label})")
    return using


@transaction.atomic
def save_parameter(
    template: CostTemplate,
    *,
    parameter: CostParameter | None = None,
    code: str,
    label: str,
    default_value: Decimal,
    unit: str = "",
    note: str = "",
) -> CostParameter:
    """Create or change a parameter of an editable template.

    Refused: a code that is not a lowercase identifier or is a function name, a code used
    by another parameter, renaming a code that formulas still use, and a default that a
    comparison would refuse (negative, above 1,000,000, participants below 1).
    """
    _editable(template)
    if not is_parameter_name(code) or code in RESERVED_NAMES:
        raise InvalidParameters(
            _(
                "Kode parameter harus huruf kecil, angka dan garis bawah, diawali huruf, dan "
                "bukan nama fungsi (min, max, ceil, floor, round) atau template, year, province."
            ),
            field="code",
        )
    default_value = checked_value(code, default_value, label=label)
    clash = template.parameters.filter(code=code)
    if parameter is not None:
        clash = clash.exclude(pk=parameter.pk)
        if parameter.code != code and (using := _formulas_using(template, parameter.code)):
            raise ParameterInUse(parameter.code, using)
    if clash.exists():
        raise DuplicateCode(
            _("Kode parameter '%(code)s' sudah ada.") % {"code": code}, field="code"
        )
    parameter = parameter or CostParameter(template=template, order=_next_order(template))
    parameter.code, parameter.label, parameter.default_value = code, label, default_value
    parameter.unit, parameter.note = unit, note
    parameter.save()
    return parameter


def _next_order(template: CostTemplate) -> int:
    last = template.parameters.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def delete_parameter(parameter: CostParameter) -> None:
    """Delete a parameter that no formula uses."""
    _editable(parameter.template)
    if using := _formulas_using(parameter.template, parameter.code):
        raise ParameterInUse(parameter.code, using)
    parameter.delete()


# --- lines --------------------------------------------------------------------------------


@transaction.atomic
def save_line(
    scenario: CostScenario,
    *,
    line: CostLine | None = None,
    item_code: str,
    name: str,
    unit: str,
    quantity_formula: str,
    price_item: PriceItem | None,
    literal_unit_price: int | None,
    note: str = "",
    order: int = 0,
) -> CostLine:
    """Create or change a line; nothing is saved if anything is refused.

    Refused: a quantity formula outside the whitelist or naming an unknown parameter, or
    one that cannot be computed with the template's default values (division by zero,
    negative volume); no unit price or both a price item and a literal price; an item code
    already used by another line of the scenario; lines of the built-in template.
    """
    template = scenario.template
    _editable(template)
    _check_formula(template, quantity_formula)
    if (price_item is None) == (literal_unit_price is None):
        raise InvalidParameters(
            _("Pilih item harga atau isi harga satuan tetap (salah satu saja)."),
            field="price_item",
        )
    if literal_unit_price is not None and not 0 <= literal_unit_price <= MAX_UNIT_PRICE:
        raise InvalidParameters(_("Harga satuan di luar batas."), field="literal_unit_price")
    clash = scenario.lines.filter(item_code=item_code)
    if line is not None:
        clash = clash.exclude(pk=line.pk)
    if clash.exists():
        raise DuplicateCode(
            _("Kode baris '%(code)s' sudah ada di skenario ini.") % {"code": item_code},
            field="item_code",
        )
    line = line or CostLine(scenario=scenario)
    line.item_code, line.name, line.unit, line.order = item_code, name, unit, order
    line.quantity_formula, line.note = quantity_formula.strip(), note
    line.price_item, line.literal_unit_price = price_item, literal_unit_price
    line.save()
    return line


def _check_formula(template: CostTemplate, formula: str) -> None:
    defaults = dict(template.parameters.values_list("code", "default_value"))
    try:
        quantity = evaluate(formula, defaults)
    except FormulaError as exc:
        raise InvalidFormula(exc) from None
    if quantity < 0:
        raise InvalidParameters(
            _("Rumus menghasilkan volume negatif dengan nilai bawaan parameter."),
            field="quantity_formula",
        )


def delete_line(line: CostLine) -> None:
    _editable(line.scenario.template)
    line.delete()


# --- unit prices --------------------------------------------------------------------------


def _check_year(year: int, *, field: str) -> None:
    if not MIN_PRICE_YEAR <= year <= MAX_PRICE_YEAR:
        raise InvalidParameters(
            _("Tahun harus antara %(min)d dan %(max)d.")
            % {"min": MIN_PRICE_YEAR, "max": MAX_PRICE_YEAR},
            field=field,
        )


def create_price_item(*, code: str, name: str, unit: str, note: str = "") -> PriceItem:
    """Add a price item (its prices are added with ``add_unit_price``)."""
    if not is_parameter_name(code):
        raise InvalidParameters(
            _("Kode item harus huruf kecil, angka dan garis bawah, diawali huruf."), field="code"
        )
    if PriceItem.objects.filter(code=code).exists():
        raise DuplicateCode(_("Kode item '%(code)s' sudah ada.") % {"code": code}, field="code")
    return PriceItem.objects.create(code=code, name=name, unit=unit, note=note)


def add_unit_price(
    item: PriceItem,
    *,
    effective_year: int,
    amount: int,
    province_code: str | None = None,
    source: str = PriceSource.OTHER,
    source_note: str = "",
) -> UnitPrice:
    """Record a new price of ``item`` from ``effective_year`` on; earlier rows stay.

    Refused: a year out of range, a negative or absurd amount, and a second price of the
    same item for the same year and province (correct prices with a new year instead).
    """
    _check_year(effective_year, field="effective_year")
    if not 0 <= amount <= MAX_UNIT_PRICE:
        raise InvalidParameters(_("Harga satuan di luar batas."), field="amount")
    if source not in PriceSource.values:
        raise InvalidParameters(_("Sumber harga tidak dikenal."), field="source")
    try:
        with transaction.atomic():
            return UnitPrice.objects.create(
                item=item,
                effective_year=effective_year,
                province_code=province_code or None,
                amount=amount,
                source=source,
                source_note=source_note,
            )
    except IntegrityError:
        raise DuplicateCode(
            _("Harga %(item)s untuk tahun %(year)d dan wilayah ini sudah ada.")
            % {"item": item.code, "year": effective_year},
            field="effective_year",
        ) from None

"""API endpoint of the finance context (API.md: Finance).

``POST /api/v1/finance/cost-comparison``: the body holds parameter values (all optional;
the defaults reproduce the seed's Tabel 2: 91,829,000 and 13,731,988), optionally a
``template`` code and a price ``year``. Negative or absurd values answer
``422 code=invalid_input`` through the project's single error handler.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Body, Router

from bangkom.accounts.schemas import ErrorOut
from bangkom.finance.costing import CostComparison, compare_costs, template_by_code
from bangkom.finance.schemas import CostComparisonIn, CostComparisonOut, CostLineOut

router = Router(tags=["finance"])

_NOT_PARAMETERS = {"template", "year", "province"}
_OPTIONAL_BODY = Body(None)  # an empty POST compares with the defaults


@router.post(
    "/finance/cost-comparison",
    url_name="finance-cost-comparison",
    response={200: CostComparisonOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def cost_comparison(
    request: HttpRequest, payload: CostComparisonIn | None = _OPTIONAL_BODY
) -> CostComparisonOut:
    payload = payload or CostComparisonIn()
    template = template_by_code(payload.template)
    known = set(template.parameters.values_list("code", flat=True))
    given = payload.model_dump(exclude_none=True)
    params = {k: v for k, v in given.items() if k in known and k not in _NOT_PARAMETERS}
    comparison = compare_costs(
        template, params=params, year=payload.year, province=payload.province or None
    )
    return _comparison_out(comparison)


def _plain(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _comparison_out(comparison: CostComparison) -> CostComparisonOut:
    codes = [s.code for s in comparison.scenarios]
    lines = []
    for row in comparison.rows:
        cells = dict(zip(codes, row.cells, strict=True))
        first = cells.get("conventional") or row.first
        lines.append(
            CostLineOut(
                item=row.item,
                name=row.name,
                unit=row.unit,
                quantity=_plain(first.quantity),
                unit_price=first.unit_price,
                conventional=cells["conventional"].amount if cells.get("conventional") else None,
                smart=cells["smart"].amount if cells.get("smart") else None,
                note=row.note,
                quantities={
                    c: _plain(cell.quantity) if cell else None for c, cell in cells.items()
                },
                unit_prices={c: cell.unit_price if cell else None for c, cell in cells.items()},
                amounts={c: cell.amount if cell else None for c, cell in cells.items()},
            )
        )
    percent = comparison.saving_percent
    return CostComparisonOut(
        template=comparison.template_code,
        year=comparison.year,
        conventional_total=comparison.conventional.total,
        smart_total=comparison.smart.total,
        saving=comparison.saving,
        saving_percent=float(percent) if percent is not None else None,
        per_participant={
            "conventional": comparison.conventional.per_participant,
            "smart": comparison.smart.per_participant,
        },
        totals={s.code: s.total for s in comparison.scenarios},
        parameters={p.code: _plain(p.value) for p in comparison.parameters},
        lines=lines,
        notes=list(comparison.notes),
    )

"""A plan's budget from the cost model of the finance app (DOMAIN.md S-3, §6).

``plan_budget`` calls ``finance.costing.compare_costs(template, params=..., year=plan.year)``
with the plan's ``cost_template``; the plan's budget is the SMART scenario for nonklasikal
programs and the conventional one for klasikal (KL*) programs, and the participants
parameter defaults to the plan's target. Finance is imported lazily (and its presence
checked), so planning modules load before it and a plan without a template costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.apps import apps

from bangkom.common.errors import DomainError
from bangkom.planning.models import ProgramPlan


def finance_available() -> bool:
    return apps.is_installed("bangkom.finance")


def template_exists(pk: int) -> bool:
    if not finance_available():
        return False
    from bangkom.finance.models import CostTemplate

    return CostTemplate.objects.filter(pk=pk).exists()


def cost_template_of(plan: ProgramPlan) -> object | None:
    """The plan's ``finance.CostTemplate``, or None (none chosen, or no finance app)."""
    if plan.cost_template_id is None or not finance_available():
        return None
    from bangkom.finance.models import CostTemplate

    return CostTemplate.objects.filter(pk=plan.cost_template_id).first()


def cost_templates() -> list:
    """The templates a plan may use; empty without the finance app."""
    if not finance_available():
        return []
    from bangkom.finance.models import CostTemplate

    return list(CostTemplate.objects.order_by("name"))


@dataclass(frozen=True)
class PlanBudget:
    """The plan's budget as the cost model computes it now (or why it cannot)."""

    template_name: str = ""
    year: int | None = None
    scenario: str = ""  # the scenario the plan's budget is: smart, or conventional (KL*)
    total: int | None = None
    per_participant: int | None = None
    totals: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    saving: int | None = None
    saving_percent: Decimal | None = None
    parameters: tuple = ()  # finance ParameterValue rows: code, label, value, unit
    error: str = ""


def _cost_params(plan: ProgramPlan) -> dict[str, object]:
    params: dict[str, object] = dict(plan.cost_parameters or {})
    if plan.target_participants and "participants" not in params:
        params["participants"] = plan.target_participants
    return params


def _scenario_for(plan: ProgramPlan) -> str:
    learning_form = getattr(plan.program, "learning_form", "") or ""
    return "conventional" if learning_form.startswith("KL") else "smart"


def plan_budget(plan: ProgramPlan) -> PlanBudget | None:
    """Compute the plan's budget with its cost template; None without a template.

    Uses ``finance.costing.compare_costs(template, params=..., year=plan.year)``; the
    participants default to the plan's target. A refusal of the cost model (missing
    price, bad parameter) comes back as ``error`` instead of raising.
    """
    template = cost_template_of(plan)
    if template is None:
        return None
    from bangkom.finance.costing import compare_costs

    params = _cost_params(plan)
    try:
        comparison = compare_costs(template, params=params, year=plan.year)
    except DomainError as exc:
        try:  # the plan's year may be outside the price table: use the template's own year
            comparison = compare_costs(template, params=params)
        except DomainError:
            return PlanBudget(template_name=template.name, error=str(exc))
    code = _scenario_for(plan)
    chosen = comparison.scenario(code)
    return PlanBudget(
        template_name=comparison.template_name,
        year=comparison.year,
        scenario=code,
        total=chosen.total,
        per_participant=chosen.per_participant,
        totals={s.code: s.total for s in comparison.scenarios},
        labels={s.code: str(s.label) for s in comparison.scenarios},
        saving=comparison.saving,
        saving_percent=comparison.saving_percent,
        parameters=comparison.parameters,
    )


def check_cost_parameters(template: object, params: dict[str, object]) -> None:
    """Refuse parameter values the cost model refuses (unknown names, negatives, ...)."""
    from bangkom.finance.costing import compare_costs

    compare_costs(template, params=params)


def budget_snapshot(budget: PlanBudget | None, *, now: datetime) -> dict:
    """The JSON stored on submission (schema v1, see ``ProgramPlan.budget_snapshot``)."""
    if budget is None or budget.error:
        return {}
    return {
        "version": 1,
        "computed_at": now.isoformat(),
        "template": budget.template_name,
        "year": budget.year,
        "scenario": budget.scenario,
        "total": budget.total,
        "per_participant": budget.per_participant,
        "totals": budget.totals,
        "saving": budget.saving,
        "parameters": {p.code: str(p.value) for p in budget.parameters},
    }


def budget_total(plan: ProgramPlan) -> Decimal | None:
    """The plan's budget: the snapshot once submitted, else the live computation."""
    if plan.budget_snapshot.get("total") is not None:
        return Decimal(plan.budget_snapshot["total"])
    budget = plan_budget(plan)
    if budget is None or budget.total is None:
        return None
    return Decimal(budget.total)

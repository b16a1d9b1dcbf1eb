"""Cost of an offering versus conventional training, from the plan it came from (DOMAIN.md S-3).

An offering links to at most one ``planning.ProgramPlan`` (``ProgramPlan.offering``). The
figures are the plan's budget: the snapshot stored when the plan was submitted (what was
approved), else the live computation of ``planning.budget.plan_budget`` with the plan's
cost template. Cost per participant is the budget of the plan's own scenario (SMART for
nonklasikal programs, conventional for klasikal ones) divided by the approved participants.
No plan, or a plan without a cost template: ``None`` ("tidak ada rencana").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bangkom.curriculum.models import Offering
from bangkom.planning.budget import plan_budget
from bangkom.planning.models import ProgramPlan

SMART, CONVENTIONAL = "smart", "conventional"


@dataclass(frozen=True)
class OfferingCost:
    plan_id: int
    plan_title: str
    scenario: str  # the plan's own scenario: smart or conventional
    smart_total: int | None
    conventional_total: int | None
    planned_participants: int | None
    actual_participants: int
    error: str = ""

    @property
    def saving(self) -> int | None:
        if self.smart_total is None or self.conventional_total is None:
            return None
        return self.conventional_total - self.smart_total

    @property
    def saving_percent(self) -> Decimal | None:
        if self.saving is None or not self.conventional_total:
            return None
        ratio = Decimal(self.saving) * 100 / Decimal(self.conventional_total)
        return ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def budget(self) -> int | None:
        return self.smart_total if self.scenario == SMART else self.conventional_total

    @property
    def per_participant(self) -> int | None:
        """The plan's budget over the approved participants, whole rupiah."""
        if self.budget is None or not self.actual_participants:
            return None
        value = Decimal(self.budget) / self.actual_participants
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan_of(offering: Offering) -> ProgramPlan | None:
    return ProgramPlan.objects.filter(offering=offering).select_related("program").first()


def offering_cost(
    offering: Offering, *, participants: int, plan: ProgramPlan | None = None
) -> OfferingCost | None:
    """SMART and conventional totals of the offering's plan; None without a plan or budget."""
    plan = plan or plan_of(offering)
    if plan is None:
        return None
    return plan_cost(plan, participants=participants)


def plan_cost(plan: ProgramPlan, *, participants: int) -> OfferingCost | None:
    """The plan's totals: its submitted snapshot if any, else computed now."""
    snapshot = plan.budget_snapshot or {}
    totals = snapshot.get("totals") or {}
    if totals:
        scenario = snapshot.get("scenario") or SMART
        planned = (snapshot.get("parameters") or {}).get("participants")
        return OfferingCost(
            plan_id=plan.pk,
            plan_title=plan.title,
            scenario=scenario,
            smart_total=_int(totals.get(SMART)),
            conventional_total=_int(totals.get(CONVENTIONAL)),
            planned_participants=_int(planned) or plan.target_participants,
            actual_participants=participants,
        )
    budget = plan_budget(plan)
    if budget is None:
        return None
    planned = next((p.value for p in budget.parameters if p.code == "participants"), None)
    return OfferingCost(
        plan_id=plan.pk,
        plan_title=plan.title,
        scenario=budget.scenario or SMART,
        smart_total=budget.totals.get(SMART),
        conventional_total=budget.totals.get(CONVENTIONAL),
        planned_participants=_int(planned) or plan.target_participants,
        actual_participants=participants,
        error=budget.error,
    )


def _int(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        return None

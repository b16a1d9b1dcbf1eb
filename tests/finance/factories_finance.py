"""Helpers that build finance data for tests through the domain functions."""

from __future__ import annotations

from bangkom.finance import authoring
from bangkom.finance.costing import template_by_code
from bangkom.finance.models import CostTemplate


def builtin() -> CostTemplate:
    return template_by_code()


def editable_copy(code: str = "salinan-uji") -> CostTemplate:
    """A copy of the built-in Tabel 2 template, which (unlike the original) may be edited."""
    return authoring.copy_template(builtin(), code=code, name="Salinan uji")


def finance_route_samples() -> dict[str, list]:
    """Real URL arguments for the finance routes (for the role × route matrix)."""
    template = builtin()
    scenario = template.scenarios.first()
    return {
        **{
            name: [template.pk]
            for name in (
                "finance:template-detail",
                "finance:template-edit",
                "finance:template-copy",
                "finance:scenario-add",
                "finance:parameter-add",
            )
        },
        "finance:parameter-edit": [template.parameters.first().pk],
        "finance:line-add": [scenario.pk],
        "finance:line-edit": [scenario.lines.first().pk],
    }

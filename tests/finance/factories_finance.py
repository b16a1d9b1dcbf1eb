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

"""Error codes of the finance context (API.md: Finance; errors as ``{"detail", "code"}``)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bangkom.common.errors import Conflict, Forbidden, InvalidInput, NotFound
from bangkom.finance.formulas import FormulaError


class FinanceErrorCode(StrEnum):
    INVALID_INPUT = "invalid_input"
    INVALID_FORMULA = "invalid_formula"
    PRICE_MISSING = "price_missing"
    NOT_FOUND = "not_found"
    BUILTIN_READ_ONLY = "builtin_read_only"
    DUPLICATE_CODE = "duplicate_code"
    PARAMETER_IN_USE = "parameter_in_use"


def formula_message(error: FormulaError) -> str:
    """The formula error in the viewer's language (its msgid is Indonesian)."""
    template = gettext(error.template)
    return template % error.params if error.params else template


class InvalidParameters(InvalidInput):
    """A parameter value or name that a comparison cannot use; ``field`` names it."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(FinanceErrorCode.INVALID_INPUT, message)
        self.field = field


class InvalidFormula(InvalidInput):
    def __init__(self, error: FormulaError, *, line_name: str | None = None) -> None:
        message = formula_message(error)
        if line_name:
            message = gettext("Baris '%(line)s': %(problem)s") % {
                "line": line_name,
                "problem": message,
            }
        super().__init__(FinanceErrorCode.INVALID_FORMULA, message)
        self.formula_error = error
        self.field = "quantity_formula"


class PriceMissing(InvalidInput):
    def __init__(self, item_code: str, year: int) -> None:
        super().__init__(
            FinanceErrorCode.PRICE_MISSING,
            gettext("Belum ada harga satuan '%(item)s' yang berlaku pada tahun %(year)d.")
            % {"item": item_code, "year": year},
        )


class TemplateNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(FinanceErrorCode.NOT_FOUND, _("Templat biaya tidak ditemukan."))


class BuiltinReadOnly(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            FinanceErrorCode.BUILTIN_READ_ONLY,
            _("Templat bawaan (Tabel 2) tidak dapat diubah; salin dulu lalu ubah salinannya."),
        )


class DuplicateCode(Conflict):
    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(FinanceErrorCode.DUPLICATE_CODE, message)
        self.field = field


class ParameterInUse(Conflict):
    def __init__(self, code: str, lines: list[str]) -> None:
        super().__init__(
            FinanceErrorCode.PARAMETER_IN_USE,
            gettext("Parameter '%(code)s' masih dipakai oleh baris: %(lines)s.")
            % {"code": code, "lines": ", ".join(lines)},
        )

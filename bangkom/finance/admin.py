from django.contrib import admin

from bangkom.finance.models import (
    CostLine,
    CostParameter,
    CostScenario,
    CostTemplate,
    PriceItem,
    UnitPrice,
)


class CostParameterInline(admin.TabularInline):
    model = CostParameter
    extra = 0


@admin.register(CostTemplate)
class CostTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "price_year", "is_builtin"]
    search_fields = ["code", "name"]
    inlines = [CostParameterInline]


class CostLineInline(admin.TabularInline):
    """Read-only here: lines are edited in the app, where formulas are checked before saving."""

    model = CostLine
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "order",
        "item_code",
        "name",
        "unit",
        "quantity_formula",
        "price_item",
        "literal_unit_price",
        "note",
    ]

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(CostScenario)
class CostScenarioAdmin(admin.ModelAdmin):
    list_display = ["template", "code", "label"]
    list_select_related = ["template"]
    inlines = [CostLineInline]


class UnitPriceInline(admin.TabularInline):
    model = UnitPrice
    extra = 0


@admin.register(PriceItem)
class PriceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit"]
    search_fields = ["code", "name"]
    inlines = [UnitPriceInline]

"""Django admin for the evaluation context: templates (custom questionnaires), the
per-program impact delay. Responses are deliberately not registered: nobody browses single
answers (anonymity, issue 8)."""

from django.contrib import admin

from bangkom.evaluation.models import (
    ProgramImpactSetting,
    SurveyItem,
    SurveySection,
    SurveyTemplate,
)


class SurveySectionInline(admin.TabularInline):
    model = SurveySection
    extra = 0


class SurveyItemInline(admin.TabularInline):
    model = SurveyItem
    extra = 0
    fields = ["order", "section", "kind", "text", "is_required"]


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "target", "scale_points", "is_standard"]
    list_filter = ["target", "is_standard"]
    search_fields = ["code", "title"]
    inlines = [SurveySectionInline, SurveyItemInline]


@admin.register(ProgramImpactSetting)
class ProgramImpactSettingAdmin(admin.ModelAdmin):
    list_display = ["program", "weeks_after_certificate"]
    autocomplete_fields = ["program"]

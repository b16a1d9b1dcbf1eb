"""Django admin for the planning context: low-level access for admins only."""

from django.contrib import admin

from bangkom.planning.models import (
    Competency,
    CompetencyAssessment,
    EmployeeAssignment,
    NeedAnswer,
    NeedCandidate,
    NeedsAnalysis,
    PlanComment,
    PlanCommitteeMember,
    Position,
    PositionRequirement,
    PreparationItem,
    ProgramPlan,
)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "competency_type")
    list_filter = ("competency_type",)
    search_fields = ("code", "name")


class PositionRequirementInline(admin.TabularInline):
    model = PositionRequirement
    extra = 0
    autocomplete_fields = ("competency",)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "position_type", "jenjang", "kelas_jabatan", "institution")
    list_filter = ("position_type",)
    search_fields = ("code", "name")
    inlines = (PositionRequirementInline,)


@admin.register(EmployeeAssignment)
class EmployeeAssignmentAdmin(admin.ModelAdmin):
    list_display = ("employee", "position")
    search_fields = ("employee__nip", "employee__name", "position__name")
    raw_id_fields = ("employee", "position")


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(admin.ModelAdmin):
    list_display = ("employee", "competency", "level", "source", "assessed_on")
    list_filter = ("source", "competency__competency_type")
    search_fields = ("employee__nip", "employee__name")
    raw_id_fields = ("employee", "recorded_by")


class NeedCandidateInline(admin.TabularInline):
    model = NeedCandidate
    extra = 0
    fields = ("rank", "program", "competency", "headcount", "average_gap")
    readonly_fields = fields


@admin.register(NeedsAnalysis)
class NeedsAnalysisAdmin(admin.ModelAdmin):
    list_display = ("institution", "year", "status", "built_at")
    list_filter = ("status", "year")
    inlines = (NeedCandidateInline,)


@admin.register(NeedAnswer)
class NeedAnswerAdmin(admin.ModelAdmin):
    list_display = ("candidate", "answered_by", "respondent", "needed", "beneficial")
    list_filter = ("respondent",)
    raw_id_fields = ("candidate", "answered_by", "employee")


class PlanCommentInline(admin.TabularInline):
    model = PlanComment
    extra = 0


class PlanCommitteeInline(admin.TabularInline):
    model = PlanCommitteeMember
    extra = 0


class PreparationItemInline(admin.TabularInline):
    model = PreparationItem
    extra = 0


@admin.register(ProgramPlan)
class ProgramPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "program", "year", "status", "offering")
    list_filter = ("status", "year")
    search_fields = ("title",)
    raw_id_fields = ("created_by", "submitted_by", "decided_by", "offering")
    inlines = (PlanCommitteeInline, PreparationItemInline, PlanCommentInline)

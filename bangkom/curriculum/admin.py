"""Django admin for the curriculum models (low-level corrections by admins).

The rules still hold here where the admin could bypass them: only widyaiswara can be
picked as facilitators, and a rules version's text cannot be edited (publish a new one).
"""

from django.contrib import admin
from django.db.models import ManyToManyField
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.curriculum.models import (
    CommitteeMember,
    FacilitatorCertification,
    FacilitatorProfile,
    Offering,
    Program,
    ProgramCompetency,
    RulesDocument,
    Subject,
)


class SubjectInline(admin.TabularInline):
    model = Subject
    extra = 0
    fields = ["order", "title", "jp"]
    show_change_link = True


class ProgramCompetencyInline(admin.TabularInline):
    model = ProgramCompetency
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "program_type", "learning_form", "total_jp", "is_active"]
    list_filter = ["program_type", "learning_form", "is_active"]
    search_fields = ["code", "title"]
    raw_id_fields = ["created_by"]
    inlines = [SubjectInline, ProgramCompetencyInline]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "order", "jp"]
    list_select_related = ["program"]
    search_fields = ["title", "program__code", "program__title"]
    list_filter = ["program"]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: object
    ) -> ModelMultipleChoiceField:
        if db_field.name == "facilitators":
            kwargs["queryset"] = User.objects.filter(
                role_assignments__role=Role.WIDYAISWARA
            ).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(RulesDocument)
class RulesDocumentAdmin(admin.ModelAdmin):
    list_display = ["program", "version", "title", "published_at"]
    list_select_related = ["program"]
    search_fields = ["program__code", "title"]
    readonly_fields = ["program", "version", "body_html", "body_markdown", "published_at"]
    raw_id_fields = ["created_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions are published from the program page, rendered and sanitised


class CommitteeInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "program", "status", "starts_at", "ends_at", "capacity"]
    list_filter = ["status", "time_zone", "is_trial_mode"]
    list_select_related = ["program"]
    search_fields = ["code", "name", "program__code", "program__title"]
    raw_id_fields = ["created_by"]
    filter_horizontal = ["eligible_institutions"]
    inlines = [CommitteeInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["offering", "user", "task"]
    list_select_related = ["offering", "user"]
    raw_id_fields = ["offering", "user"]


class CertificationInline(admin.TabularInline):
    model = FacilitatorCertification
    extra = 0
    fields = ["name", "issuer", "number", "issued_on", "expires_on", "evidence_name"]
    readonly_fields = ["evidence_name"]


@admin.register(FacilitatorProfile)
class FacilitatorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "expertise", "is_verified", "verified_at"]
    list_filter = ["is_verified"]
    list_select_related = ["user"]
    search_fields = ["user__name", "user__nip", "expertise"]
    raw_id_fields = ["user", "verified_by"]
    inlines = [CertificationInline]

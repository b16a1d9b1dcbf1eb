"""Django admin of the assessments context, for admins only (the access policy's ``admin``).

Item content is changed through the bank pages, where versioning and review apply; here
versions are read-only, and attempts, answers and their logs can only be looked at.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from bangkom.assessments.models import Assessment, Attempt, Item, ItemBank, ItemVersion


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ItemVersionInline(ReadOnlyInline):
    model = ItemVersion
    fields = ("number", "stem_html", "options", "partial_credit", "weight", "is_locked")
    readonly_fields = fields


@admin.register(ItemBank)
class ItemBankAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "program", "subject")
    list_filter = ("program",)
    search_fields = ("code", "title")
    raw_id_fields = ("program", "subject", "created_by")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("pk", "bank", "item_type", "status", "difficulty", "subject")
    list_filter = ("status", "item_type", "difficulty", "bank")
    raw_id_fields = ("bank", "subject", "competency", "author", "reviewer", "current_version")
    readonly_fields = ("current_version", "exposure_count", "reviewer", "reviewed_at")
    inlines = (ItemVersionInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple[str, ...]:
        # as in items.update_item: an item shown in an attempt keeps its type (scoring and
        # the exam page rely on it)
        if obj is not None and obj.versions.filter(is_locked=True).exists():
            return (*self.readonly_fields, "item_type")
        return self.readonly_fields


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("title", "offering", "kind", "subject", "is_published")
    list_filter = ("kind", "is_published")
    raw_id_fields = ("offering", "subject")
    filter_horizontal = ("banks",)


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("pk", "assessment", "participant", "number", "status", "score", "passed")
    list_filter = ("status",)
    raw_id_fields = ("assessment", "enrollment", "participant", "voided_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

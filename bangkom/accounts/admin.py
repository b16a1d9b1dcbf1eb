from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from bangkom.accounts.models import Employee, ImportJob, Institution, RoleAssignment, Unit, User


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province_code"]
    list_filter = ["kind", "province_code"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "institution"]
    list_select_related = ["institution"]
    search_fields = ["name"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["nip", "name", "institution", "employee_type", "is_active"]
    list_filter = ["employee_type", "is_active", "institution"]
    list_select_related = ["institution"]
    search_fields = ["nip", "name"]
    raw_id_fields = ["unit"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["granted_by"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["name"]
    list_display = ["nip", "name", "email", "is_active"]
    search_fields = ["nip", "name", "email"]
    list_filter = ["is_active"]
    inlines = [RoleInline]
    raw_id_fields = ["employee"]
    fieldsets = (
        (None, {"fields": ("nip", "password")}),
        ("Profil", {"fields": ("name", "email", "employee", "time_zone")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser", "last_login")}),
    )
    add_fieldsets = ((None, {"fields": ("nip", "name", "password1", "password2")}),)
    filter_horizontal = ()


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "created_count", "updated_count", "created_at"]
    readonly_fields = ["errors"]

from django.contrib import admin

from bangkom.progression.models import ExternalLearning, FollowUpProgram, JpCredit


@admin.register(JpCredit)
class JpCreditAdmin(admin.ModelAdmin):
    list_display = ["employee", "year", "jp", "source", "title", "certificate_number"]
    list_filter = ["year", "source"]
    search_fields = ["employee__nip", "employee__name", "title", "certificate_number"]
    raw_id_fields = ["employee", "enrollment", "external_learning"]


@admin.register(ExternalLearning)
class ExternalLearningAdmin(admin.ModelAdmin):
    list_display = ["employee", "title", "jp", "status", "recorded_by", "decided_by"]
    list_filter = ["status", "learning_form"]
    search_fields = ["employee__nip", "employee__name", "title"]
    raw_id_fields = ["employee", "recorded_by", "decided_by"]


@admin.register(FollowUpProgram)
class FollowUpProgramAdmin(admin.ModelAdmin):
    list_display = ["program", "follow_up", "competency", "min_level"]
    raw_id_fields = ["program", "follow_up", "competency", "created_by"]

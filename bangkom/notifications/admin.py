"""Admin views for operators: what was notified, and which emails failed and why."""

from django.contrib import admin

from bangkom.notifications.models import EmailDelivery, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__nip", "user__name", "event_key", "title"]
    raw_id_fields = ["user"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ["to_address", "status", "attempts", "created_at", "sent_at", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["to_address", "notification__event_key"]
    raw_id_fields = ["notification"]
    readonly_fields = ["last_error"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "updated_at"]
    search_fields = ["user__nip", "user__name"]
    raw_id_fields = ["user"]

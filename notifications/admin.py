from django.contrib import admin

from core.admin_site import ReadOnlyAdmin, register_read_only
from notifications.models import Batch, Notification, Preferences

register_read_only(Batch)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "kind", "created_at", "read_at", "mail")
    list_filter = ("kind", "mail")
    search_fields = ("recipient__email",)
    list_select_related = ("recipient",)


@admin.register(Preferences)
class PreferencesAdmin(ReadOnlyAdmin):
    list_display = ("user", "help_offered", "published", "waiting", "weekly_digest")
    list_filter = ("weekly_digest",)
    search_fields = ("user__email",)
    list_select_related = ("user",)

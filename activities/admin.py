from django.contrib import admin

from activities.models import Activity, TargetSector
from core.admin_site import ReadOnlyAdmin, register_read_only

register_read_only(TargetSector)


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "start", "publication_status", "updated_at")
    list_filter = ("publication_status", "kind", "open_for_partners")
    search_fields = ("title", "slug", "organisers__name")
    date_hierarchy = "start"

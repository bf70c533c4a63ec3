from django.contrib import admin

from core.admin_site import ReadOnlyAdmin
from search.models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "object_id", "date", "members_only")
    list_filter = ("kind", "members_only")
    search_fields = ("title",)

from django.contrib import admin

from core.admin_site import ReadOnlyAdmin
from offerings.models import Offering


@admin.register(Offering)
class OfferingAdmin(ReadOnlyAdmin):
    list_display = ("title", "provider", "kind", "publication_status", "expires_on", "updated_at")
    list_filter = ("publication_status", "kind", "is_free")
    search_fields = ("title", "provider__name")
    list_select_related = ("provider",)

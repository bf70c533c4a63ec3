from django.contrib import admin

from api.models import ApiToken
from core.admin_site import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    # The key's hash is never shown (core.admin_site.SECRET_FIELDS); its prefix tells tokens apart.
    list_display = ("label", "organisation", "prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("label", "organisation__name", "prefix")
    list_select_related = ("organisation",)

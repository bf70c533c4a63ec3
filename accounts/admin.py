from django.contrib import admin
from django.contrib.auth.models import Group

from core.admin_site import ReadOnlyAdmin

# Django's auth registers Group with a form that edits it; the site uses no groups, so they are only shown.
# The accounts' User is shown by network/admin.py, whose services (de)activate a login.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    search_fields = ("name",)

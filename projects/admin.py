from django.contrib import admin

from core.admin_site import ReadOnlyAdmin, register_read_only
from projects.models import Project, ProjectUpdate

register_read_only(ProjectUpdate)


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "cluster", "status", "publication_status", "updated_at")
    list_filter = ("publication_status", "cluster", "status")
    search_fields = ("code", "title", "leads__name")

from django.contrib import admin

from core.admin_site import ReadOnlyAdmin, register_read_only
from stories.models import CollectionLink, Selection, SelectionRound, Story, StoryPart, Substantiation

register_read_only(StoryPart, Substantiation, SelectionRound, Selection)


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin):
    list_display = ("pk", "programme", "activity", "status", "consent", "source", "collected_on")
    list_filter = ("status", "consent", "source")
    search_fields = ("quote", "organisation_name")
    list_select_related = ("programme", "activity")


@admin.register(CollectionLink)
class CollectionLinkAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "programme", "activity", "is_open", "closes_on")
    list_filter = ("is_open",)
    search_fields = ("code", "title")

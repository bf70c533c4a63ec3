from django.contrib import admin

from core.admin_site import ReadOnlyAdmin
from questions.models import Question, Response


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ("title", "asker", "visibility", "status", "created_at")
    list_filter = ("status", "visibility")
    search_fields = ("title", "asker__email")
    list_select_related = ("asker",)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("question", "author", "created_at")
    search_fields = ("question__title", "author__email")
    list_select_related = ("question", "author")

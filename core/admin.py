from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import mail
from core.admin_site import ReadOnlyAdmin, register_read_only
from core.models import CacheVersion, OutgoingMail, StagedUpload

# UsedFormToken is left out: its primary key is the form token itself.
register_read_only(CacheVersion)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    list_display = ("to", "subject", "status", "attempts", "created_at", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    # The bodies and headers hold invitation, reset and unsubscribe links: support sees who, what and whether.
    exclude = ("text", "html", "headers")
    actions = ("retry",)

    @admin.action(description=_("Try sending again now"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        count = mail.retry(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d mail queued to be sent again.", "%(count)d mails queued to be sent again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(StagedUpload)
class StagedUploadAdmin(ReadOnlyAdmin):
    list_display = ("kind", "target", "filename", "created_by", "created_at", "expires_at")
    list_filter = ("kind",)
    # The uploaded file and what was read from it are a spreadsheet's worth of records: not shown here.
    exclude = ("content", "payload")

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from core.admin_site import ReadOnlyAdmin, register_read_only
from network import services
from network.models import (
    Invitation,
    Line,
    LineQuestion,
    NetworkProfile,
    NetworkRole,
    Organisation,
    OrganisationAlias,
    Person,
    Theme,
)

register_read_only(Theme, OrganisationAlias, LineQuestion, NetworkProfile, NetworkRole)


# Here rather than in accounts: (de)activating goes through network's services, a layer above accounts.
@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_coordinator", "is_superuser")
    list_filter = ("is_active", "is_coordinator", "is_superuser")
    search_fields = ("username", "email", "first_name", "last_name")
    exclude = ("user_permissions",)
    actions = ("deactivate", "activate")

    @admin.action(description=_("Deactivate the chosen logins"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Activate the chosen logins"))
    def activate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._set_active(request, queryset, active=True)

    def _set_active(self, request: HttpRequest, queryset: QuerySet[User], *, active: bool) -> None:
        # One's own login is left alone: deactivating it would lock support out mid-task.
        users = list(queryset.exclude(pk=request.user.pk or 0).exclude(is_active=active))
        for user in users:
            services.set_active(user, active)
        template = (
            ngettext("%(count)d login activated.", "%(count)d logins activated.", len(users))
            if active
            else ngettext("%(count)d login deactivated.", "%(count)d logins deactivated.", len(users))
        )
        self.message_user(request, template % {"count": len(users)}, messages.SUCCESS)


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "sector", "parent", "updated_at")
    list_filter = ("sector",)
    search_fields = ("name", "slug")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("name", "role", "job_title", "organisation", "user")
    list_filter = ("role",)
    search_fields = ("name", "email", "organisation__name")
    list_select_related = ("organisation", "user")


@admin.register(Line)
class LineAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "organisation", "role", "as_coordinator", "created_at", "expires_at", "accepted_at")
    list_filter = ("role", "as_coordinator")
    search_fields = ("email", "organisation__name")
    list_select_related = ("organisation",)
    date_hierarchy = "created_at"

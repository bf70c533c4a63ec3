"""Django's admin, for support: superusers only, and read-mostly.

The site (`AdminSite`, made the default one by `rimpel.apps.AdminConfig`, so `admin.register` lands here) admits
only those `core.permissions.can_use_admin` lets in. It has no login form of its own: a visitor is sent to the
site's login page (with its rate limit), and anyone else who is logged in gets a 403.

Every model is shown through `ReadOnlyAdmin`: it can be looked at, never added, changed or deleted here. The few
writes support needs are admin actions that call the app's own services (e.g. deactivating a login). Secrets
(password hashes, token hashes, attendance keys) are never shown: `ReadOnlyAdmin` leaves out the fields named in
`SECRET_FIELDS` on every model; an admin with more to hide (mail bodies hold links with tokens) excludes those too.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, URLField
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import permissions

ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponseBase])

# Field names that hold a secret (or a keyed hash of a person) on any model: never displayed.
SECRET_FIELDS = frozenset({"password", "token", "token_hash", "key", "key_hash"})


class AdminSite(admin.AdminSite):
    site_header = _("Rimpel: support")
    site_title = _("Rimpel support")
    index_title = _("Records (read only)")

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)

    def admin_view(self, view: ViewT, cacheable: bool = False) -> ViewT:
        """Django sends anyone not admitted to the admin's own login form; here a visitor goes to the site's login
        page (with its rate limit) and a logged-in user who is not admitted (a coordinator, an editor) gets a 403."""
        protected = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return self._refusal(request) or protected(request, *args, **kwargs)

        return cast(ViewT, inner)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return self._refusal(request) or HttpResponseRedirect(reverse("admin:index", current_app=self.name))

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        if self.has_permission(request):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never touch: no add, change or delete, and no secret fields. Writes support needs are actions that
    call the app's services."""

    # The forms only display here; this keeps Django 5's warning about URLField's default scheme away.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        own = [field.name for field in self.model._meta.get_fields() if field.name in SECRET_FIELDS]
        return [*(super().get_exclude(request, obj) or ()), *own]


def register_read_only(*models: type[Model]) -> None:
    """Models support rarely looks at: listed by their name, nothing more."""
    admin.site.register(models, ReadOnlyAdmin)

"""The network's identity page (public) and its edit page (coordinators). The work is network.identity's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from core.permissions import can_edit_identity, require
from core.views_helpers import render_form
from network import identity
from network.forms_identity import IdentityForm
from network.models import NetworkProfile


def identity_page(request: HttpRequest) -> HttpResponse:
    profile = identity.current_profile()
    return render(
        request,
        "network/identity.html",
        {
            "profile": profile,
            "roles": identity.roles_shown(profile) if profile else [],
            "may_edit": can_edit_identity(request.user),
        },
    )


@login_required
def identity_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(can_edit_identity(request.user))
    profile = identity.current_profile() or NetworkProfile()
    form = IdentityForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        identity.save_profile(form.save(commit=False), form.roles())
        messages.success(request, _("The identity page was saved. The home page shows the change too."))
        return redirect("network:identity")
    return render_form(request, form, heading=_("Edit the identity page"), cancel_url=reverse("network:identity"))

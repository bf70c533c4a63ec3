"""Logins for organisations: invitations (by coordinators and editors) and the coordinator's People pages."""

import hashlib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core.permissions import (
    can_invite,
    can_invite_coordinator,
    can_manage_people,
    editable_organisations,
    require,
)
from core.ratelimit import hit
from core.views_helpers import paginate, query_without, render_form, render_list
from network import services
from network.filters import AccountFilter
from network.forms import NO_ROLE, AcceptInvitationForm, InvitationForm, RoleForm
from network.models import Invitation, Organisation

# Invitations (new and resent) per inviting account per hour, and per address per day: enough for a team, too
# few to use the site for mailing strangers.
INVITATIONS_PER_ACCOUNT = 30
INVITATIONS_PER_ADDRESS = 3
HOUR, DAY = 60 * 60, 24 * 60 * 60


def _account_key(request: AuthenticatedHttpRequest) -> str:
    return f"invitations:account:{request.user.pk}"


def _address_key(email: str) -> str:
    return f"invitations:address:{hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]}"


def _within_limits(request: AuthenticatedHttpRequest, email: str) -> bool:
    """Count one invitation to `email`; whether it stays within both limits."""
    return hit(_account_key(request), INVITATIONS_PER_ACCOUNT, HOUR) and hit(
        _address_key(email), INVITATIONS_PER_ADDRESS, DAY
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _invitations_page(organisation: Organisation) -> str:
    return reverse("network:invitation_list", args=[organisation.slug])


@login_required
@never_cache
def invitation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = editable_organisations(request.user)
    require(organisations.exists())
    form = InvitationForm(
        request.POST or None,
        initial={"organisation": request.GET.get("organisatie")},
        organisation_choices=organisations,
        may_invite_coordinator=can_invite_coordinator(request.user),
    )
    if request.method == "POST" and form.is_valid():
        organisation, email = form.cleaned_data["organisation"], form.cleaned_data["email"]
        require(can_invite(request.user, organisation))
        if not _within_limits(request, email):
            form.add_error(None, _("Too many invitations in a short time. Try again tomorrow."))
            return render_form(
                request, form, heading=_("Invite someone"), cancel_url=_invitations_page(organisation), status=429
            )
        services.invite(
            email,
            organisation,
            form.cleaned_data["role"],
            invited_by=request.user,
            as_coordinator=form.cleaned_data.get("as_coordinator", False),
            base_url=_base_url(request),
            language=translation.get_language(),
        )
        messages.success(request, _("The invitation was sent to %(email)s.") % {"email": email})
        return redirect(_invitations_page(organisation))
    return render_form(request, form, heading=_("Invite someone"), cancel_url=reverse("home:dashboard"))


@login_required
def invitation_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(can_invite(request.user, organisation))
    invitations = organisation.invitations.select_related("invited_by", "accepted_by")
    return render(
        request,
        "network/invitation_list.html",
        {
            "organisation": organisation,
            "pending": invitations.pending(),
            "earlier": invitations.exclude(pk__in=invitations.pending().values("pk"))[:50],
        },
    )


@login_required
@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation", "invited_by"), pk=pk)
    require(can_invite(request.user, invitation.organisation))
    if not _within_limits(request, invitation.email):
        messages.error(request, _("Too many invitations in a short time. Try again tomorrow."))
    else:
        try:
            services.resend(invitation, _base_url(request))
            messages.success(request, _("The invitation was sent again, with a new link."))
        except services.InvitationUnavailable:
            messages.error(request, _("This invitation was already used or withdrawn."))
    return redirect(_invitations_page(invitation.organisation))


@login_required
def invitation_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    require(can_invite(request.user, invitation.organisation))
    if request.method == "POST":
        services.withdraw(invitation)
        messages.success(request, _("The invitation was withdrawn. Its link no longer works."))
        return redirect(_invitations_page(invitation.organisation))
    return render(request, "network/invitation_withdraw.html", {"invitation": invitation})


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail: set a name and password, or (with a login for this address) accept with it."""
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_pending:
        return _unavailable(request, invitation)
    context: dict = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.user.email.casefold() != invitation.email.casefold():
            return render(request, "network/invitation_other_account.html", context)
        if request.method == "POST":
            services.accept(invitation, request.user)
            return _welcome(request, invitation)
        return render(request, "network/invitation_accept.html", context)
    if services.account_for_address(invitation.email):
        # Only someone who reads this address's mail has the link, so telling them it has a login tells no one else.
        context["login_url"] = f"{reverse('accounts:login')}?next={request.path}"
        return render(request, "network/invitation_accept.html", context)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_invited_account(
                invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnavailable:
            invitation.refresh_from_db()
            return _unavailable(request, invitation)
        login(request, user)
        return _welcome(request, invitation)
    context["form"] = form
    return render(request, "network/invitation_accept.html", context)


def _unavailable(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    """Why the link does not work; the same for every address, and nothing about accounts."""
    if invitation is None:
        reason = "unknown"
    elif invitation.accepted_at:
        reason = "used"
    elif invitation.withdrawn_at:
        reason = "withdrawn"
    else:
        reason = "expired"
    return render(request, "network/invitation_unavailable.html", {"reason": reason})


def _welcome(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(
        request, _("Welcome! You now work for %(organisation)s.") % {"organisation": invitation.organisation.name}
    )
    return redirect("home:dashboard")


# --- People: every login, for coordinators -------------------------------------------------------------------------


@login_required
def people_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(can_manage_people(request.user))
    account_filter = AccountFilter(
        request.GET, queryset=User.objects.prefetch_related("editable_organisations", "member_organisations")
    )
    page = paginate(request, account_filter.qs)
    return render_list(
        request,
        "network/people_list.html",
        "network/_people_results.html",
        {
            "filter": account_filter,
            "page": page,
            "query": query_without(request, "page"),
            "result_count": page.paginator.count,
            "signups_waiting": services.pending_signups().count(),
        },
    )


@login_required
def account_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(can_manage_people(request.user))
    account = get_object_or_404(User, pk=pk)
    return render(
        request,
        "network/account_detail.html",
        {
            "account": account,
            "roles": services.roles_of(account),
            "role_form": RoleForm(),
            "invitations": Invitation.objects.pending().filter(email__iexact=account.email).exclude(email=""),
            "is_self": account == request.user,
        },
    )


@login_required
@require_POST
def account_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(can_manage_people(request.user))
    account = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        organisation, role = form.cleaned_data["organisation"], form.cleaned_data["role"]
        services.set_role(account, organisation, role or None)
        if role == NO_ROLE:
            message = _("%(name)s no longer works for %(organisation)s.")
        else:
            message = _("%(name)s's role at %(organisation)s was changed.")
        messages.success(request, message % {"name": _display_name(account), "organisation": organisation.name})
    else:
        messages.error(request, _("Choose an organisation and a role."))
    return redirect("network:account_detail", pk=account.pk)


@login_required
def account_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate a login, after confirming. Nothing is deleted."""
    require(can_manage_people(request.user))
    account = get_object_or_404(User, pk=pk)
    if account == request.user:
        messages.error(request, _("You cannot deactivate your own account."))
        return redirect("network:account_detail", pk=account.pk)
    if request.method == "POST":
        services.set_active(account, not account.is_active)
        if account.is_active:
            messages.success(request, _("%(name)s can log in again.") % {"name": _display_name(account)})
        else:
            messages.success(
                request,
                _("%(name)s can no longer log in. What they made stays.") % {"name": _display_name(account)},
            )
        return redirect("network:account_detail", pk=account.pk)
    return render(request, "network/account_active.html", {"account": account})


def _display_name(account: User) -> str:
    return account.get_full_name() or account.get_username()

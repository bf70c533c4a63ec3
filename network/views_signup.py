"""Self sign-up for professionals: the public form, the link in the mail that sets a password, and the coordinator's
page of sign-ups waiting for approval."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core.permissions import can_manage_people, require
from core.ratelimit import client_address, hit
from network import services
from network.forms import DecideSignUpForm, SignUpForm, SignUpPasswordForm, SignUpSettingsForm
from network.models import SignUp

# Mails per address and sign-ups per client address per hour: enough for a typo and a second try, or for a school
# whose staff sign up together, too few to use the form for mailing strangers.
SIGNUPS_PER_ADDRESS = 3
SIGNUPS_PER_CLIENT = 10
HOUR = 60 * 60


def _address_key(email: str) -> str:
    return f"signup:address:{hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]}"


def _client_key(request: HttpRequest) -> str:
    return f"signup:client:{client_address(request)}"


def _closed(request: HttpRequest) -> HttpResponse:
    return render(request, "network/signup_closed.html")


@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.SIGNUP_OPEN:
        return _closed(request)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Over a limit nothing is sent, but the page reads the same: it tells nobody what happened.
        # Both count, whichever refuses.
        within = [
            hit(_address_key(email), SIGNUPS_PER_ADDRESS, HOUR),
            hit(_client_key(request), SIGNUPS_PER_CLIENT, HOUR),
        ]
        if all(within):
            services.request_signup(
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                email=email,
                organisation=form.cleaned_data["organisation_record"],
                organisation_text=form.cleaned_data["organisation"],
                base_url=request.build_absolute_uri("/"),
                language=translation.get_language(),
            )
        return redirect("network:signup_sent")
    return render(request, "network/signup.html", {"form": form, "organisation_names": services.organisation_names()})


def signup_sent(request: HttpRequest) -> HttpResponse:
    """The same page for every address: with or without a login, over a limit or not."""
    return render(request, "network/signup_sent.html")


@never_cache
def signup_verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail: choose a password, and the login exists."""
    if not settings.SIGNUP_OPEN:
        return _closed(request)
    signup = services.find_signup(token)
    problem = services.signup_problem(signup)
    if problem or signup is None:
        return _unavailable(request, problem)
    candidate = User(email=signup.email, first_name=signup.first_name, last_name=signup.last_name)
    form = SignUpPasswordForm(request.POST or None, user=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.verify_signup(signup, form.cleaned_data["password1"])
        except services.SignUpUnavailable as unavailable:
            return _unavailable(request, unavailable.reason)
        if not user.is_active:
            return render(request, "network/signup_waiting.html", {"signup": signup})
        login(request, user)
        messages.success(
            request,
            _("Welcome! You are now a member of %(organisation)s. Ask a question, or offer your help.")
            % {"organisation": signup.organisation},
        )
        return redirect("home:dashboard")
    return render(request, "network/signup_verify.html", {"signup": signup, "form": form})


def _unavailable(request: HttpRequest, reason: str | None) -> HttpResponse:
    """Why the link does not work. "account" only reaches whoever reads the address's mail (they have the link)."""
    return render(request, "network/signup_unavailable.html", {"reason": reason})


# --- For coordinators: sign-ups waiting for approval -------------------------------------------------------------


@login_required
def signup_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(can_manage_people(request.user))
    return render(
        request,
        "network/signup_list.html",
        {
            "signups": services.pending_signups(),
            "settings_form": SignUpSettingsForm(initial={"needs_approval": services.signup_needs_approval()}),
            "signup_open": settings.SIGNUP_OPEN,
        },
    )


@login_required
@require_POST
def signup_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(can_manage_people(request.user))
    form = SignUpSettingsForm(request.POST)
    form.is_valid()  # a lone checkbox: never invalid
    needed = bool(form.cleaned_data.get("needs_approval"))
    services.set_signup_needs_approval(needed)
    if needed:
        messages.success(request, _("From now on a coordinator approves every sign-up."))
    else:
        messages.success(
            request, _("From now on whoever signs up is a member at once, when their organisation is known.")
        )
    return redirect("network:signup_list")


@login_required
def signup_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(can_manage_people(request.user))
    signup = get_object_or_404(SignUp.objects.waiting().select_related("organisation"), pk=pk)
    initial = {"organisation": signup.organisation.name if signup.organisation else signup.organisation_text}
    form = DecideSignUpForm(request.POST or None, initial=initial)
    decision = request.POST.get("decision")
    try:
        if request.method == "POST" and decision == "decline":
            services.decline_signup(signup, decided_by=request.user)
            messages.success(request, _("%(name)s was declined and gets a mail about it.") % {"name": signup.name})
            return redirect("network:signup_list")
        if request.method == "POST" and form.is_valid():
            organisation = form.cleaned_data["organisation"]
            if organisation is None:
                form.add_error("organisation", _("Choose the organisation they become a member of."))
            else:
                services.approve_signup(
                    signup, organisation, decided_by=request.user, base_url=request.build_absolute_uri("/")
                )
                messages.success(
                    request,
                    _("%(name)s is now a member of %(organisation)s and gets a mail about it.")
                    % {"name": signup.name, "organisation": organisation.name},
                )
                return redirect("network:signup_list")
    except services.SignUpUnavailable:  # another coordinator decided a moment earlier
        messages.error(request, _("Another coordinator already decided about this sign-up."))
        return redirect("network:signup_list")
    return render(
        request,
        "network/signup_decide.html",
        {"signup": signup, "form": form, "organisation_names": services.organisation_names()},
    )

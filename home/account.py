"""Each person's own account page (/account/): name, e-mail address, roles, their data, closing the account; and the
privacy statement."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.http import AuthenticatedHttpRequest
from core.permissions import is_coordinator
from core.ratelimit import hit, refund
from home import account_services as services
from home.forms import EmailChangeForm, NameForm, PasswordCheckForm
from network.models import NetworkProfile, Person, PersonRole
from network.services import roles_of
from notifications.services import unread_count

# Requests to change the address per account per hour (each sends two mails), and wrong passwords per account per
# hour on these pages (a left-open session is no way to guess the password).
EMAIL_CHANGES_PER_HOUR = 5
WRONG_PASSWORDS_PER_HOUR = 10
HOUR = 60 * 60


@login_required
@never_cache
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = NameForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.save_name(form.instance)
        messages.success(request, _("Your name was saved."))
        return redirect("home:account")
    return render(
        request,
        "home/account.html",
        {
            "form": form,
            "roles": roles_of(user),
            "is_coordinator": is_coordinator(user),
            "unread_notifications": unread_count(user),
        },
    )


def _wrong_passwords_key(request: AuthenticatedHttpRequest) -> str:
    return f"account-password:{request.user.pk}"


def _may_try(request: AuthenticatedHttpRequest) -> bool:
    """Count a password attempt before the password is checked, so requests sent at once cannot all try one;
    whether it is within the limit. `_checked` gives it back when the password was right."""
    return hit(_wrong_passwords_key(request), WRONG_PASSWORDS_PER_HOUR, HOUR)


def _checked(request: AuthenticatedHttpRequest, form: PasswordCheckForm) -> bool:
    """Whether the form is valid; only a wrong password keeps its place in the limit."""
    valid = form.is_valid()
    if not form.has_error("password", "wrong_password"):
        refund(_wrong_passwords_key(request), HOUR)
    return valid


def _too_many(request: AuthenticatedHttpRequest, form: PasswordCheckForm, template: str) -> HttpResponse:
    messages.error(request, _("Too many attempts in a short time. Try again in an hour."))
    return render(request, template, {"form": form}, status=429)


@login_required
@never_cache
def email_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    template = "home/account_email.html"
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not _may_try(request):
            return _too_many(request, form, template)
        if _checked(request, form):
            if not hit(f"email-changes:{request.user.pk}", EMAIL_CHANGES_PER_HOUR, HOUR):
                return _too_many(request, form, template)
            new_email = form.cleaned_data["new_email"]
            services.request_email_change(request.user, new_email, base_url=request.build_absolute_uri("/"))
            # The same words whether or not the address is taken: the mail to it says which.
            messages.success(
                request,
                _("We sent a link to %(email)s. Open it within 24 hours to confirm your new address.")
                % {"email": new_email},
            )
            return redirect("home:account")
    return render(request, template, {"form": form})


@never_cache
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail: it works without logging in (the mail proves the address). Opening it shows a
    button, so a mail program that opens links ahead changes nothing."""
    try:
        if request.method == "POST":
            user = services.confirm_email_change(token)
            messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": user.email})
            return redirect("home:account" if request.user == user else "accounts:login")
        _user, new_email = services.email_change_of(token)
    except services.EmailChangeUnavailable:
        return render(request, "home/account_email_unavailable.html")
    return render(request, "home/account_email_confirm.html", {"new_email": new_email})


@login_required
@never_cache
def data_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(services.personal_data_json(request.user), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@login_required
@never_cache
def close(request: AuthenticatedHttpRequest) -> HttpResponse:
    template = "home/account_close.html"
    form = PasswordCheckForm(request.POST or None, user=request.user)
    last_coordinator = services.is_last_coordinator(request.user)
    if request.method == "POST" and not last_coordinator:
        if not _may_try(request):
            return _too_many(request, form, template)
        if _checked(request, form):
            try:
                services.close_account(request.user)
            except services.LastCoordinator:  # another coordinator closed theirs a moment ago
                last_coordinator = True
            else:
                logout(request)
                return redirect("home:account_closed")
    return render(request, template, {"form": form, "last_coordinator": last_coordinator})


def closed(request: HttpRequest) -> HttpResponse:
    return render(request, "home/account_closed.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home/privacy.html",
        {
            "profile": NetworkProfile.objects.first(),
            "coordinators": Person.objects.filter(role=PersonRole.COORDINATOR).select_related("organisation"),
            "registration_retention_days": settings.RIMPEL_REGISTRATION_RETENTION_DAYS,
        },
    )

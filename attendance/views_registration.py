"""Sign-up for activities: the organiser's setup and list, registering (public form or one click), cancelling by
the link in the mail. The work is in attendance.services.registration."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from activities.models import Activity
from attendance.forms import OrganiserCancelForm, RegistrationForm, RegistrationSetupForm
from attendance.models import AttendanceList, Registration, RegistrationSetup, RegistrationStatus
from attendance.services import registration as signup
from core.exports import Column, export_response, wants_export
from core.permissions import can_manage_registration, can_register, require, require_visible, visible
from core.ratelimit import client_address, hit
from core.views_helpers import render_form

# Sign-ups per address and per client address per hour: a typo and a second try, or a class signing up together
# from one school network; too few to use the form for mailing strangers.
PER_ADDRESS = 3
PER_CLIENT = 20
HOUR = 60 * 60

LIST_COLUMNS = [
    (gettext_lazy("Name"), lambda row: row.name),
    (gettext_lazy("E-mail address"), lambda row: row.email),
    (gettext_lazy("Status"), lambda row: row.get_status_display()),
    (gettext_lazy("Signed up"), lambda row: row.queued_at),
    (gettext_lazy("Address may be kept"), lambda row: row.consent),
    (gettext_lazy("Came"), lambda row: row.came),
]


def _activity(request: HttpRequest, slug: str) -> Activity:
    """An activity the visitor can see (published, or a draft they edit)."""
    return get_object_or_404(visible(Activity.objects.all(), request.user, "organisers"), slug=slug)


def _managed(request: HttpRequest, slug: str) -> Activity:
    activity = get_object_or_404(Activity, slug=slug)
    require_visible(request.user, activity)
    require(can_manage_registration(request.user, activity))
    return activity


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _address_key(email: str) -> str:
    return f"registration:address:{hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]}"


# --- the organiser ---------------------------------------------------------------------------------------------


@login_required
def setup(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Open sign-up, or change its terms."""
    activity = _managed(request, slug)
    current = signup.setup_of(activity)
    form = RegistrationSetupForm(request.POST or None, initial=RegistrationSetupForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        signup.save_setup(
            activity,
            capacity=form.cleaned_data["capacity"],
            deadline=form.deadline_moment(),
            audience=form.cleaned_data["audience"],
            questions=form.cleaned_data["questions"],
            base_url=_base_url(request),
        )
        messages.success(request, _("Sign-up is open. People can now register on the activity's page."))
        return redirect("attendance:registrations", slug=activity.slug)
    heading = _("Sign-up for %(title)s") % {"title": activity.title}
    return render_form(
        request, form, heading=heading, cancel_url=activity.get_absolute_url(), status=400 if form.errors else 200
    )


@login_required
@require_POST
def set_open(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = _managed(request, slug)
    current = get_object_or_404(RegistrationSetup, activity=activity)
    is_open = request.POST.get("action") == "open"
    signup.set_open(current, is_open)
    messages.success(
        request,
        _("Sign-up is open again.") if is_open else _("Sign-up is closed. Those who registered keep their place."),
    )
    return redirect("attendance:registrations", slug=activity.slug)


def _answer_column(number: int, question: str) -> Column:
    def answer(row: Registration) -> str:
        return (list(row.answers) + [""] * (number + 1))[number]

    return (question, answer)  # type: ignore[return-value]  # export_response hands it registrations


@login_required
def registrations(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organiser's list: registered, waiting and cancelled, with the answers; as CSV or XLSX with ?formaat=."""
    activity = _managed(request, slug)
    current = signup.setup_of(activity)
    if current is None:
        return redirect("attendance:registration_setup", slug=activity.slug)
    listed = signup.listed(activity)
    if wants_export(request):
        answers = [_answer_column(number, question) for number, question in enumerate(current.questions)]
        columns: list = [*LIST_COLUMNS, *answers]  # lazy headers and plain question texts
        return export_response(request, f"aanmeldingen-{activity.slug}", columns, listed)
    return render(
        request,
        "attendance/registration/list.html",
        {
            "activity": activity,
            "setup": current,
            "accepting": signup.accepts(current),
            "counts": signup.counts(activity, current),
            "rows": [(row, signup.answer_pairs(current, row)) for row in listed],
            "has_list": AttendanceList.objects.filter(activity=activity).exists(),
        },
    )


@login_required
@require_POST
def to_attendance(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The registered people who came (ticked, or all) become the activity's attendance list."""
    activity = _managed(request, slug)
    if AttendanceList.objects.filter(activity=activity).exists() and request.POST.get("replace") != "1":
        messages.error(
            request,
            _("Nothing was saved. The activity has an attendance list already: tick that this list may replace it."),
        )
        return redirect("attendance:registrations", slug=activity.slug)
    came = None
    if request.POST.get("action") != "all":
        came = {int(pk) for pk in request.POST.getlist("came") if pk.isdigit() and len(pk) < 12}
    saved = signup.to_attendance(activity, came, request.user)
    messages.success(
        request,
        _("The attendance list was saved with %(count)s people. The activity's figures now come from it.")
        % {"count": saved.rows},
    )
    return redirect("attendance:registrations", slug=activity.slug)


@login_required
def remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organiser cancels one person's place (or place on the waiting list): a page that asks, with a reason."""
    activity = _managed(request, slug)
    registration = get_object_or_404(
        Registration.objects.exclude(status=RegistrationStatus.CANCELLED), activity=activity, pk=pk
    )
    form = OrganiserCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if signup.cancel_by_organiser(registration, reason=form.cleaned_data["reason"], base_url=_base_url(request)):
            messages.success(
                request,
                _("%(name)s is cancelled and gets a mail about it. The place goes to the first person waiting.")
                % {"name": registration.name or _("The person")},
            )
        return redirect("attendance:registrations", slug=activity.slug)
    return render(
        request,
        "attendance/registration/remove.html",
        {"activity": activity, "registration": registration, "form": form},
        status=400 if form.errors else 200,
    )


# --- registering ------------------------------------------------------------------------------------------------


@never_cache
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign up: the form on the activity's page posts here; on errors it shows again here, with what was typed."""
    activity = _activity(request, slug)
    current = signup.setup_of(activity)
    if current is None:
        raise Http404
    if not signup.accepts(current):
        return render(request, "attendance/registration/closed.html", {"activity": activity})
    if not can_register(request.user, current.audience):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(request, "attendance/registration/partners_only.html", {"activity": activity}, status=403)
    account = request.user if request.user.is_authenticated and request.user.email else None
    # One click posts no fields at all: an empty POST is still a POST.
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(data, questions=current.questions, account=account)
    if request.method == "POST" and form.is_valid():
        email = account.email if account else form.cleaned_data["email"]
        name = (account.get_full_name() or account.username) if account else form.cleaned_data["name"]
        # Over a limit nothing is sent, but the answer reads the same. Both count, whichever refuses.
        within = [
            hit(_address_key(email), PER_ADDRESS, HOUR),
            hit(f"registration:client:{client_address(request)}", PER_CLIENT, HOUR),
        ]
        if all(within):
            signup.register(
                activity,
                name=name,
                email=email,
                answers=form.answers(),
                consent=form.cleaned_data["consent"],
                user=account,
                base_url=_base_url(request),
                language=translation.get_language(),
            )
        return redirect("attendance:registration_sent", slug=activity.slug)
    return render(
        request,
        "attendance/registration/register.html",
        {"activity": activity, "form": form, "account": account},
        status=400 if form.errors else 200,
    )


def sent(request: HttpRequest, slug: str) -> HttpResponse:
    """The same page for every address: registered, waiting, on the list already, or over a limit."""
    return render(request, "attendance/registration/sent.html", {"activity": _activity(request, slug)})


@never_cache
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail: a page that asks (mail programs open links to check them), and cancels on POST."""
    found = signup.find_by_token(token)
    if found is None:
        return render(request, "attendance/registration/cancel_unavailable.html", status=404)
    if request.method == "POST":
        cancelled: Registration | None = signup.cancel(token, base_url=_base_url(request))
        if cancelled is None:
            return render(request, "attendance/registration/cancel_unavailable.html", status=404)
        return render(request, "attendance/registration/cancelled.html", {"activity": cancelled.activity})
    waiting = found.status == RegistrationStatus.WAITING
    return render(request, "attendance/registration/cancel.html", {"activity": found.activity, "waiting": waiting})

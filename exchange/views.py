import datetime as dt
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.permissions import can_edit, require
from exchange import services
from exchange.calendar_import import Reading, local_zone, read_calendar
from exchange.forms import CalendarImportForm
from network.models import Organisation

HOLD_SECONDS = 24 * 3600


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(can_edit(request.user, organisation))
    return organisation


def _session_key(organisation: Organisation) -> str:
    return f"exchange-import-{organisation.pk}"


def _window(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = local_zone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=zone),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _page(
    request: HttpRequest, organisation: Organisation, form: Form, *, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "exchange/import.html",
        {
            "organisation": organisation,
            "form": form,
            "removed": services.removed_events(organisation),
            **extra,
        },
        status=status,
    )


@login_required
def import_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An organisation's calendar file checked (POST) and shown as what would change, before it is saved."""
    organisation = _organisation(request, slug)
    if request.method != "POST":
        return _page(request, organisation, CalendarImportForm())
    form = CalendarImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, organisation, form, status=400)
    first, last = form.cleaned_data["window_start"], form.cleaned_data["window_end"]
    data = form.cleaned_data["file"].read()
    reading = read_calendar(data, first, last)
    if reading.error:
        return _page(request, organisation, form, status=400, reading=reading)
    token = secrets.token_urlsafe(24)
    request.session[_session_key(organisation)] = {
        "token": token,
        "user": request.user.pk,
        "saved": timezone.now().timestamp(),
        "window": [first.isoformat(), last.isoformat()],
        "reading": reading.to_dict(),
    }
    preview = services.preview(organisation, reading, _window(first, last))
    return _page(
        request,
        organisation,
        CalendarImportForm(initial={"window_start": first, "window_end": last}),
        reading=reading,
        preview=preview,
        token=token,
        window=(first, last),
    )


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    held = request.session.get(_session_key(organisation))
    token = request.POST.get("token", "")
    if (
        not held
        or not secrets.compare_digest(held.get("token", ""), token)
        or held.get("user") != request.user.pk
        or timezone.now().timestamp() - held.get("saved", 0) > HOLD_SECONDS
    ):
        messages.info(
            request,
            _(
                "No checked calendar is waiting to be imported: it was imported or cancelled "
                "already, or it is older than a day. Upload it again if needed."
            ),
        )
        return redirect("exchange:import", slug=organisation.slug)
    del request.session[_session_key(organisation)]
    if request.POST.get("action") == "cancel":
        messages.info(request, _("Nothing was imported."))
        return redirect("exchange:import", slug=organisation.slug)
    reading = Reading.from_dict(held["reading"])
    first, last = (dt.date.fromisoformat(value) for value in held["window"])
    try:
        result = services.apply(organisation, reading, request.user, _window(first, last))
    except ValidationError as error:
        messages.error(
            request,
            _("Nothing was imported: an event could not be saved (%(error)s).") % {"error": "; ".join(error.messages)},
        )
        return redirect("exchange:import", slug=organisation.slug)
    counts = result.counts
    messages.success(
        request,
        _(
            "The calendar was imported: %(new)s new, %(updated)s updated, %(unchanged)s "
            "unchanged, %(removed)s no longer in the calendar. New activities are drafts "
            "until a coordinator publishes them."
        )
        % counts,
    )
    return redirect("exchange:import", slug=organisation.slug)

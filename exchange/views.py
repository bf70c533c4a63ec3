import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core import staging
from core.permissions import can_edit, require
from exchange import services
from exchange.calendar_import import Reading, local_zone, read_calendar
from exchange.forms import CalendarImportForm
from network.models import Organisation

# The kind of staged upload that holds a checked calendar (its reading and window) until it is imported.
UPLOAD_KIND = "calendar"


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(can_edit(request.user, organisation))
    return organisation


def _target(organisation: Organisation) -> str:
    return f"organisation:{organisation.pk}"


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
    # Only the latest check of an organisation's calendar by this user can be imported.
    staged = staging.stage(
        request.user,
        UPLOAD_KIND,
        target=_target(organisation),
        payload={"window": [first.isoformat(), last.isoformat()], "reading": reading.to_dict()},
        replace=True,
    )
    preview = services.preview(organisation, reading, _window(first, last))
    return _page(
        request,
        organisation,
        CalendarImportForm(initial={"window_start": first, "window_end": last}),
        reading=reading,
        preview=preview,
        token=staged.token,
        window=(first, last),
    )


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    staged = staging.find(request.user, UPLOAD_KIND, request.POST.get("token", ""), _target(organisation))
    # Consumed by another request in between (a form posted twice) reads as not waiting.
    if staged is None or not staging.consume(staged):
        messages.info(
            request,
            _(
                "No checked calendar is waiting to be imported: it was imported or cancelled "
                "already, or it is older than a day. Upload it again if needed."
            ),
        )
        return redirect("exchange:import", slug=organisation.slug)
    if request.POST.get("action") == "cancel":
        messages.info(request, _("Nothing was imported."))
        return redirect("exchange:import", slug=organisation.slug)
    reading = Reading.from_dict(staged.payload["reading"])
    first, last = (dt.date.fromisoformat(value) for value in staged.payload["window"])
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

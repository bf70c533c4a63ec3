"""The pages of a line's meetings. Members of the network read them; coordinators and the line's holders write them
(core.permissions.can_manage_line); the owner of a follow-up ticks it off (can_tick_off)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Case, F, When
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.dates import start_of_today
from core.permissions import can_manage_line, can_tick_off, require
from core.views_helpers import already_submitted, paginate, render_form, save_once
from meetings import services
from meetings.forms import DecisionForm, FollowUpForm, MeetingForm
from meetings.models import Decision, FollowUp, Meeting
from network.models import Line


def _managed_meeting(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("line"), pk=pk)
    require(can_manage_line(request.user, meeting.line))
    return meeting


def _create(
    request: AuthenticatedHttpRequest,
    form: BaseForm,
    save: Callable[[], Meeting],
    *,
    heading: str,
    cancel_url: str,
    saved: str,
) -> HttpResponse:
    """A create form posted once: saves and leads to the meeting's page, or shows the form again as typed."""
    if request.method == "POST":
        if earlier := already_submitted(request, form):
            return earlier
        if form.is_valid():
            return save_once(request, form, save, saved)
    return render_form(request, form, heading=heading, cancel_url=cancel_url)


@login_required
def meeting_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    line = get_object_or_404(Line, slug=slug)
    require(can_manage_line(request.user, line))
    form = MeetingForm(request.POST or None, instance=Meeting(line=line))

    def save() -> Meeting:
        return services.save_meeting(form.instance, invitees=form.cleaned_data["invitees"], by=request.user)

    heading = _("New meeting of “%(line)s”") % {"line": line.name}
    return _create(
        request, form, save, heading=heading, cancel_url=line.get_absolute_url(), saved=_("The meeting was added.")
    )


@login_required
def line_meetings(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """All of a line's meetings, members only like each meeting: the coming ones first (soonest first), then the
    past ones (latest first)."""
    line = get_object_or_404(Line, slug=slug)
    # Only coming meetings have a date to sort on ascending; the past ones (null) follow, newest first.
    coming_at = Case(When(starts_at__gte=start_of_today(), then=F("starts_at")), default=None)
    meetings = line.meetings.annotate(coming_at=coming_at).order_by(
        F("coming_at").asc(nulls_last=True), "-starts_at", "-pk"
    )
    page = paginate(request, meetings)
    return render(
        request,
        "meetings/line_meetings.html",
        {
            "line": line,
            "page": page,
            "coming": [meeting for meeting in page if meeting.coming_at is not None],
            "past": [meeting for meeting in page if meeting.coming_at is None],
            "may_manage": can_manage_line(request.user, line),
        },
    )


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("line", "activity").prefetch_related(
            "invitees__organisation", "decisions", "follow_ups__owner"
        ),
        pk=pk,
    )
    may_manage = can_manage_line(request.user, meeting.line)
    today = timezone.localdate()
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "may_manage": may_manage,
            "follow_ups": [
                (follow_up, follow_up.is_overdue(today), may_manage or can_tick_off(request.user, follow_up))
                for follow_up in meeting.follow_ups.all()
            ],
        },
    )


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.save_meeting(form.instance, invitees=form.cleaned_data["invitees"], by=request.user)
        messages.success(request, _("Your changes were saved."))
        return redirect(meeting)
    return render_form(
        request, form, heading=_("Edit “%(title)s”") % {"title": meeting.title}, cancel_url=meeting.get_absolute_url()
    )


@login_required
def decision_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = DecisionForm(request.POST or None, instance=Decision(meeting=meeting))

    def save() -> Meeting:
        services.add_decision(form.instance, by=request.user)
        return meeting

    heading = _("A decision of “%(title)s”") % {"title": meeting.title}
    saved = _("The decision was recorded.")
    return _create(request, form, save, heading=heading, cancel_url=meeting.get_absolute_url(), saved=saved)


@login_required
def follow_up_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = FollowUpForm(request.POST or None, instance=FollowUp(meeting=meeting))

    def save() -> Meeting:
        services.save_follow_up(form.instance)
        return meeting

    heading = _("A follow-up of “%(title)s”") % {"title": meeting.title}
    saved = _("The follow-up was added.")
    return _create(request, form, save, heading=heading, cancel_url=meeting.get_absolute_url(), saved=saved)


@login_required
@require_POST
def follow_up_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """POST done=1 ticks the follow-up off, done=0 opens it again; back=werk returns to *Mijn werk*."""
    follow_up = get_object_or_404(FollowUp.objects.select_related("owner", "meeting__line"), pk=pk)
    require(can_tick_off(request.user, follow_up))
    done = request.POST.get("done") == "1"
    with transaction.atomic():
        services.set_done(follow_up, done)
    if done:
        messages.success(request, _("Done: “%(text)s”.") % {"text": follow_up.text})
    else:
        messages.success(request, _("The follow-up is open again."))
    if request.POST.get("back") == "werk":
        return redirect(reverse("home:dashboard") + "#vervolgacties")
    return redirect(follow_up.meeting)

"""What the calendar adds to pages of the network (core.contributions): an organisation's activities and the
meetings of the lines."""

from weakref import WeakKeyDictionary

from django.http import HttpRequest

from activities.models import Activity
from core.contributions import Section
from core.dates import start_of_today
from core.permissions import visible
from network.models import Line, Organisation


def organisation_activities(request: HttpRequest, organisation: Organisation) -> Section:
    """Its next ten activities and its last ten."""
    activities = visible(Activity.objects.filter(organisers=organisation), request.user, "organisers")
    return Section(
        "activities/_organisation_activities.html",
        {
            "organisation": organisation,
            "upcoming": activities.filter(end__gte=start_of_today()).for_listing()[:10],
            "recent": activities.filter(end__lt=start_of_today())
            .order_by("-start")
            .only("title", "slug", "start")[:10],
        },
    )


def line_meetings(request: HttpRequest, line: Line) -> Section:
    """The line page's upcoming meetings."""
    meetings = visible(line.activities.all(), request.user, "organisers").filter(end__gte=start_of_today())
    return Section(
        "activities/_line_meetings.html",
        {"line": line, "meetings": meetings.prefetch_related("organisers", "themes").order_by("start")[:20]},
    )


def line_next_meeting(request: HttpRequest, line: Line) -> Section | None:
    """A line's next meeting, on its card in the list of lines."""
    meeting = _next_meetings(request).get(line.pk)
    return Section("activities/_line_next_meeting.html", {"meeting": meeting}) if meeting else None


# The list of lines asks for each card in turn; the first card's question finds every line's next meeting
# in one query, which the other cards of the same request read.
_next_meetings_of: WeakKeyDictionary[HttpRequest, dict[int, Activity]] = WeakKeyDictionary()


def _next_meetings(request: HttpRequest) -> dict[int, Activity]:
    if request not in _next_meetings_of:
        upcoming = visible(Activity.objects.filter(end__gte=start_of_today()), request.user, "organisers")
        links = (
            Activity.lines.through.objects.filter(activity__in=upcoming)
            .select_related("activity")
            .order_by("activity__start")
        )
        next_meetings: dict[int, Activity] = {}
        for link in links:
            next_meetings.setdefault(link.line_id, link.activity)
        _next_meetings_of[request] = next_meetings
    return _next_meetings_of[request]

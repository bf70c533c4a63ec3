"""What meetings adds to the line page (core.contributions): the line's workspace for members of the network: its
next meeting, past meetings, recent decisions and open follow-ups."""

from django.http import HttpRequest
from django.utils import timezone

from core.contributions import Section
from core.dates import start_of_today
from core.permissions import can_manage_line
from meetings.models import Decision, FollowUp
from network.models import Line

RECENT = 5


def line_workspace(request: HttpRequest, line: Line) -> Section | None:
    """Members only: a meeting's notes, invitees and follow-ups are the network's own working memory."""
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    meetings = line.meetings.all()
    upcoming = meetings.filter(starts_at__gte=start_of_today()).order_by("starts_at", "pk")
    follow_ups = FollowUp.objects.filter(meeting__line=line, done_at__isnull=True).select_related("owner", "meeting")
    return Section(
        "meetings/_line_workspace.html",
        {
            "line": line,
            "next_meeting": upcoming.first(),
            "later_meetings": list(upcoming[1:RECENT]),
            "past_meetings": list(meetings.filter(starts_at__lt=start_of_today())[: RECENT * 2]),
            "decisions": list(
                Decision.objects.filter(meeting__line=line)
                .select_related("meeting")
                .order_by("-meeting__starts_at", "-pk")[:RECENT]
            ),
            "follow_ups": [(follow_up, follow_up.is_overdue(today)) for follow_up in follow_ups],
            "may_manage": can_manage_line(request.user, line),
        },
    )

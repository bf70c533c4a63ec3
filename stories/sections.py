"""What stories adds to pages of lower apps (core.contributions): the stories told about an activity, a
programme or the activities of a line of work."""

from django.http import HttpRequest

from activities.models import Activity
from core.contributions import Section
from core.permissions import can_curate
from network.models import Line
from programmes.models import Programme
from stories.models import COUNTED, Story
from stories.permissions import visible_stories
from stories.route_support import route_support


def activity_stories(request: HttpRequest, activity: Activity) -> Section:
    """How many stories the reader may read about the activity, and where to collect more."""
    story_count = visible_stories(activity.stories.filter(COUNTED), request.user).count()
    return Section("stories/_activity_stories.html", {"activity": activity, "story_count": story_count})


def programme_stories(request: HttpRequest, programme: Programme) -> Section:
    """The programme's story book and, per impact route and ring, the stories that speak on it."""
    stories = visible_stories(programme.stories.filter(COUNTED), request.user)
    return Section(
        "stories/_programme_stories.html",
        {
            "programme": programme,
            "route_support": route_support(programme, stories),
            "story_count": stories.count(),
            "may_curate": can_curate(request.user),
        },
    )


def line_stories(request: HttpRequest, line: Line) -> Section | None:
    """The latest stories the reader may read about the line's activities; nothing when there are none."""
    stories = visible_stories(Story.objects.filter(COUNTED, activity__lines=line), request.user)
    latest = list(stories.prefetch_related("parts").order_by("-collected_on", "-pk")[:3])
    return Section("stories/_line_stories.html", {"stories": latest}) if latest else None

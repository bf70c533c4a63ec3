"""What impact adds to pages of lower apps (core.contributions): an activity's counted figures."""

from django.db.models import prefetch_related_objects
from django.http import HttpRequest

from activities.models import Activity
from core.contributions import Section
from impact.models import ActivityFigures


def _recorded_figures(activity: Activity) -> ActivityFigures | None:
    # Fetched onto the activity, so the figures section and the editors' link read them with one query.
    prefetch_related_objects([activity], "figures__composition", "figures__media", "figures__surveys")
    return getattr(activity, "figures", None)


def activity_figures(request: HttpRequest, activity: Activity) -> Section | None:
    """ "What we counted" on the activity page, once figures are recorded."""
    figures = _recorded_figures(activity)
    return Section("impact/_activity_figures.html", {"figures": figures}) if figures else None


def activity_figures_link(request: HttpRequest, activity: Activity) -> Section:
    """The editors' link to record or change the activity's figures."""
    return Section("impact/_activity_figures_link.html", {"activity": activity, "figures": _recorded_figures(activity)})

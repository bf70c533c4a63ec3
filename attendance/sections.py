"""What attendance adds to pages of lower apps (core.contributions): who keeps coming back to a programme, and
the attendance list of an activity."""

from django.http import HttpRequest

from activities.models import Activity
from attendance.services import programme_attendance
from core.contributions import Section
from programmes.models import Programme


def programme_summary(request: HttpRequest, programme: Programme) -> Section:
    return Section("attendance/_programme_summary.html", {"attendance_years": programme_attendance(programme)})


def activity_list_link(request: HttpRequest, activity: Activity) -> Section:
    """The editors' link to the activity's attendance list."""
    return Section("attendance/_activity_link.html", {"activity": activity})

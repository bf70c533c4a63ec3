"""What attendance adds to pages of lower apps (core.contributions): who keeps coming back to a programme, the
attendance list of an activity, and sign-up for it."""

from django.http import HttpRequest

from activities.models import Activity
from attendance.forms import RegistrationForm
from attendance.services import programme_attendance
from attendance.services import registration as signup
from core.contributions import Section
from core.permissions import can_manage_registration, can_register
from programmes.models import Programme


def programme_summary(request: HttpRequest, programme: Programme) -> Section:
    return Section("attendance/_programme_summary.html", {"attendance_years": programme_attendance(programme)})


def activity_list_link(request: HttpRequest, activity: Activity) -> Section:
    """The editors' link to the activity's attendance list."""
    return Section("attendance/_activity_link.html", {"activity": activity})


def registration(request: HttpRequest, activity: Activity) -> Section | None:
    """Sign-up on the activity's page: the form (or one button) while open, one's own place, and for the
    organisers the list in numbers: registered → came → first time."""
    setup = signup.setup_of(activity)
    if setup is None:
        return None
    accepting = signup.accepts(setup)
    user = request.user
    allowed = can_register(user, setup.audience)
    account = user if user.is_authenticated and user.email else None
    return Section(
        "attendance/registration/_activity.html",
        {
            "activity": activity,
            "setup": setup,
            "accepting": accepting,
            "counts": signup.counts(activity, setup),
            "own": signup.own_registration(activity, user),
            "allowed": allowed,
            "account": account,
            "form": RegistrationForm(questions=setup.questions, account=account) if accepting and allowed else None,
            "manages": can_manage_registration(user, activity),
        },
    )


def registration_link(request: HttpRequest, activity: Activity) -> Section:
    """The organisers' link to sign-up: its list once open, else the page that opens it."""
    return Section("attendance/registration/_editor_link.html", {"activity": activity})

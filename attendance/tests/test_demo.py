"""The demo's attendance history: made up, repeatable, and in line with the figures the demo records."""

import pytest
from django.core.management import call_command

from activities.models import Activity
from attendance.demo import load_demo_attendance
from attendance.models import Attendance, Participant
from attendance.services import programme_attendance
from impact.models import ActivityFigures
from programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return {
        figures.activity.title: (figures.participants, figures.first_timers)
        for figures in ActivityFigures.objects.select_related("activity")
    }


def attendance_state():
    return (
        sorted(Attendance.objects.values_list("activity_id", "participant__key", "first_time", "sector")),
        sorted(ActivityFigures.objects.values_list("activity_id", "participants", "first_timers", "source")),
    )


def test_demo_attendance(demo):
    made = load_demo_attendance()

    # The lists give exactly the figures the demo records.
    nacht = Activity.objects.get(title="Nacht van de Leraar 2025")
    assert Attendance.objects.filter(activity=nacht).count() == 350
    assert Attendance.objects.filter(activity=nacht, first_time=True).count() == 210
    for title, (participants, first_timers) in demo.items():
        figures = ActivityFigures.objects.get(activity__title=title)
        if Attendance.objects.filter(activity=figures.activity).exists():
            assert figures.participants == participants, title
            assert first_timers is None or figures.first_timers == first_timers, title
    assert made["attendance lists"] >= 20 and made["participants"] == Participant.objects.count()

    # A returning core of some dozens, a mix of sectors and roles, and only made-up names.
    (year,) = programme_attendance(Programme.objects.get(slug="lnos25")).years
    assert 24 <= year.core <= 120, year
    assert len(set(Attendance.objects.values_list("sector", flat=True))) >= 8
    assert len(set(Attendance.objects.values_list("role", flat=True))) >= 10
    names = set(Participant.objects.exclude(display_name="").values_list("display_name", flat=True))
    assert names and all(name.startswith("Deelnemer ") for name in names)

    # Loading again gives the same state.
    state = attendance_state()
    load_demo_attendance()
    assert attendance_state() == state

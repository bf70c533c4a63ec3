"""Attendance lists feed the activity's first-degree figures, and removing a list undoes that."""

import pytest

from attendance import services
from attendance.models import AttendanceList
from attendance.services import remove_list, save_list
from attendance.tests.helpers import activity_on, rows
from impact.figures import save_figures
from impact.models import ActivityFigures, Composition
from programmes.services import rollup
from stories.tests.factories import make_line, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def figures(activity):
    found = ActivityFigures.objects.get(activity=activity)
    return found.participants, found.first_timers, found.source


def test_a_saved_list_sets_participants_and_first_timers():
    activity = activity_on("2025-03-01")
    save_list(activity, rows("a@x.nl", "b@x.nl", "c@x.nl"), None)
    assert figures(activity) == (3, 3, "attendance list (3 rows)")


def test_a_list_saved_out_of_order_updates_the_later_activitys_figures():
    march, april = activity_on("2025-03-01"), activity_on("2025-04-01")
    save_list(april, rows("a@x.nl", "b@x.nl"), None)
    assert figures(april)[:2] == (2, 2)
    save_list(march, rows("a@x.nl"), None)
    assert figures(april)[:2] == (2, 1)
    assert figures(march)[:2] == (1, 1)


def test_figures_changed_by_hand_no_longer_follow_the_list():
    march, april = activity_on("2025-03-01"), activity_on("2025-04-01")
    save_list(april, rows("a@x.nl", "b@x.nl"), None)
    save_figures(april, participants=40, first_timers=2, source="telling bij de deur")
    save_list(march, rows("a@x.nl"), None)
    assert figures(april) == (40, 2, "telling bij de deur")


def test_removing_the_list_restores_the_figures_from_before_and_keeps_the_rest():
    activity = activity_on("2025-03-01")
    recorded = save_figures(activity, participants=350, first_timers=None, source="Impactverslag")
    Composition.objects.create(figures=recorded, group="onderwijsprofessionals", share_percent=75, base=350)
    save_list(activity, rows("a@x.nl", "b@x.nl"), None)
    save_list(activity, rows("a@x.nl", "b@x.nl", "c@x.nl"), None)  # a replacement keeps what was there first
    assert figures(activity) == (3, 3, "attendance list (3 rows)")
    remove_list(activity)
    assert figures(activity) == (350, None, "Impactverslag")
    assert ActivityFigures.objects.get(activity=activity).composition.count() == 1
    assert not AttendanceList.objects.exists()


def test_removing_a_list_without_earlier_figures_removes_the_figures_it_made():
    programme = make_programme(slug="lnos25")
    activity = activity_on("2025-03-01")
    make_line(programme, "1", activities=[activity])
    assert rollup(programme).with_figures == 0
    save_list(activity, rows("a@x.nl"), None)
    assert rollup(programme).with_figures == 1
    remove_list(activity)
    assert not ActivityFigures.objects.filter(activity=activity).exists()
    assert rollup(programme).with_figures == 0


def test_removing_keeps_figures_the_list_made_once_they_hold_more():
    activity = activity_on("2025-03-01")
    save_list(activity, rows("a@x.nl"), None)
    recorded = ActivityFigures.objects.get(activity=activity)
    Composition.objects.create(figures=recorded, group="onderwijsprofessionals", share_percent=100, base=1)
    remove_list(activity)
    assert figures(activity) == (None, None, "")
    assert recorded.composition.count() == 1


def test_counts_corrected_by_hand_under_the_lists_source_are_kept():
    # The figures form offers the source again with the counts, so a hand edit may keep it.
    earlier, later = activity_on("2025-03-01"), activity_on("2025-04-01")
    save_list(later, rows("a@x.nl", "b@x.nl"), None)
    save_figures(later, participants=40, first_timers=2, source="attendance list (2 rows)")
    save_list(earlier, rows("a@x.nl"), None)  # a is no longer a first-timer at the later activity
    assert figures(later) == (40, 2, "attendance list (2 rows)")
    assert not services.activity_attendance(later).figures_follow
    remove_list(later)
    assert figures(later) == (40, 2, "attendance list (2 rows)")


def test_removing_leaves_figures_that_were_changed_by_hand():
    activity = activity_on("2025-03-01")
    save_list(activity, rows("a@x.nl"), None)
    save_figures(activity, participants=12, first_timers=1, source="eigen telling")
    remove_list(activity)
    assert figures(activity) == (12, 1, "eigen telling")


def test_a_list_saved_after_a_hand_edit_remembers_the_hand_edit():
    activity = activity_on("2025-03-01")
    save_list(activity, rows("a@x.nl"), None)
    save_figures(activity, participants=12, first_timers=1, source="eigen telling")
    save_list(activity, rows("a@x.nl", "b@x.nl"), None)
    assert figures(activity)[:2] == (2, 2)
    remove_list(activity)
    assert figures(activity) == (12, 1, "eigen telling")

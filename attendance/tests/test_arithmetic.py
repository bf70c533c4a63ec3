"""First-timers, returning participants and the returning core, on a small history whose answers are known."""

import pytest

from attendance.models import Attendance, Participant
from attendance.services import remove_list, save_list, year_table
from attendance.tests.helpers import activity_on, at, rows
from impact.models import ActivityFigures

pytestmark = pytest.mark.django_db

# Alice comes four times, twice on her first day; Bob twice; Carol, Dave and Erin once.
HISTORY = {
    "morning": ("2025-02-10", 10, ["alice@x.nl", "bob@x.nl"]),
    "afternoon": ("2025-02-10", 15, ["alice@x.nl", "carol@x.nl"]),
    "march": ("2025-03-01", 10, ["ALICE@x.nl ", "bob@x.nl", "dave@x.nl"]),
    "april": ("2025-04-01", 10, ["alice@x.nl", "erin@x.nl"]),
}
EXPECTED_FIRST = {"morning": 2, "afternoon": 2, "march": 1, "april": 1}


@pytest.fixture
def activities():
    return {name: activity_on(day, hour) for name, (day, hour, _people) in HISTORY.items()}


def first_timers(activity) -> int:
    return Attendance.objects.filter(activity=activity, first_time=True).count()


def flags():
    return sorted(Attendance.objects.values_list("activity__title", "participant__key", "first_time"))


@pytest.mark.parametrize(
    "order",
    [
        ["morning", "afternoon", "march", "april"],
        ["april", "march", "afternoon", "morning"],
        ["march", "april", "morning", "afternoon"],
        ["afternoon", "april", "morning", "march"],
    ],
)
def test_lists_in_any_order_give_the_same_first_timers(activities, order):
    for name in order:
        save_list(activities[name], rows(*HISTORY[name][2]), None)
    assert {name: first_timers(activity) for name, activity in activities.items()} == EXPECTED_FIRST
    assert Participant.objects.count() == 5


def test_same_day_attendance_counts_as_first_time_at_both(activities):
    for name in ("afternoon", "morning"):
        save_list(activities[name], rows(*HISTORY[name][2]), None)
    alice = Attendance.objects.filter(
        participant__attendances__activity=activities["morning"], activity=activities["afternoon"]
    ).get()
    assert alice.first_time


def test_the_local_day_decides_not_the_utc_day():
    late = activity_on("2025-02-09", 23)  # 22:00 UTC on the 9th
    just_after_midnight = activity_on("2025-02-10", 0)  # 23:00 UTC on the 9th, but the 10th in Leiden
    save_list(just_after_midnight, rows("night@x.nl"), None)
    save_list(late, rows("night@x.nl"), None)
    assert first_timers(late) == 1 and first_timers(just_after_midnight) == 0


def test_saving_the_same_list_twice_gives_the_same_state(activities):
    for name in HISTORY:
        save_list(activities[name], rows(*HISTORY[name][2]), None)
    before = flags()
    save_list(activities["march"], rows(*HISTORY["march"][2]), None)
    assert flags() == before
    assert Attendance.objects.count() == 9


def test_removing_a_list_recomputes_the_others_as_if_it_was_never_saved(activities):
    for name in HISTORY:
        save_list(activities[name], rows(*HISTORY[name][2]), None)
    remove_list(activities["morning"])
    remove_list(activities["afternoon"])
    assert first_timers(activities["march"]) == 3  # Alice and Bob are new again
    assert first_timers(activities["april"]) == 1
    assert not Participant.objects.filter(key__in=[]).exists()
    assert Participant.objects.count() == 4  # Carol was only on the removed lists: her key is gone


def test_replacing_a_list_moves_first_times(activities):
    save_list(activities["march"], rows("bob@x.nl"), None)
    save_list(activities["april"], rows("bob@x.nl"), None)
    assert (first_timers(activities["march"]), first_timers(activities["april"])) == (1, 0)
    save_list(activities["march"], rows("someone-else@x.nl"), None)
    assert (first_timers(activities["march"]), first_timers(activities["april"])) == (1, 1)


def test_year_table_core_share_and_first_timers(activities, settings):
    settings.ATTENDANCE_CORE_MINIMUM = 3
    for name in HISTORY:
        save_list(activities[name], rows(*HISTORY[name][2]), None)
    (year,) = year_table().years
    assert (year.year, year.activities, year.attendances, year.participants) == (2025, 4, 9, 5)
    assert year.core == 1  # only Alice came three times or more
    assert year.outside_core_percent == 80.0
    assert year.first_timers == 5
    assert year.per_participant == 1.8
    settings.ATTENDANCE_CORE_MINIMUM = 2
    assert year_table().years[0].core == 2


def test_year_table_shows_the_change_over_the_years():
    for day, people in [
        ("2024-05-01", ["a@x.nl", "b@x.nl"]),
        ("2024-06-01", ["a@x.nl", "c@x.nl"]),
        ("2024-07-01", ["a@x.nl"]),
        ("2025-05-01", ["a@x.nl", "b@x.nl", "d@x.nl"]),
        ("2025-06-01", ["a@x.nl", "b@x.nl"]),
        ("2025-07-01", ["a@x.nl", "b@x.nl", "e@x.nl"]),
    ]:
        save_list(activity_on(day), rows(*people), None)
    last_year, this_year = year_table().years
    assert (last_year.year, last_year.participants, last_year.core, last_year.first_timers) == (2024, 3, 1, 3)
    assert (this_year.year, this_year.participants, this_year.core, this_year.first_timers) == (2025, 4, 2, 2)
    assert last_year.core_change is None
    assert this_year.core_change == 1 and this_year.core_change_shown == "+1"
    assert this_year.outside_core_change == pytest.approx(50.0 - 66.7)


def test_the_year_follows_local_time():
    save_list(activity_on("2025-01-01", 0), rows("new-year@x.nl"), None)  # 23:00 UTC on 31 December 2024
    assert [year.year for year in year_table().years] == [2025]


def test_moving_an_activity_to_another_day_recounts_first_timers(activities):
    for name in ("march", "april"):
        save_list(activities[name], rows(*HISTORY[name][2]), None)
    assert first_timers(activities["april"]) == 1
    moved = activities["april"]
    moved.start, moved.end = at("2025-02-01"), at("2025-02-01", 12)
    moved.save()
    assert first_timers(moved) == 2 and first_timers(activities["march"]) == 2  # Alice now came first in February
    assert ActivityFigures.objects.get(activity=activities["march"]).first_timers == 2


def test_deleting_an_activity_recounts_the_others_and_drops_keys_no_list_names(activities):
    for name in ("march", "april"):
        save_list(activities[name], rows(*HISTORY[name][2]), None)
    activities["march"].delete()
    assert first_timers(activities["april"]) == 2
    assert ActivityFigures.objects.get(activity=activities["april"]).first_timers == 2
    assert Participant.objects.count() == 2


def test_long_lists_count_right(settings):
    settings.ATTENDANCE_CORE_MINIMUM = 2
    first, second = activity_on("2025-03-01"), activity_on("2025-04-01")
    save_list(second, rows(*[f"p{n}@x.nl" for n in range(3000, 9000)]), None)
    save_list(first, rows(*[f"p{n}@x.nl" for n in range(6000)]), None)
    assert (first_timers(first), first_timers(second)) == (6000, 3000)
    assert year_table().years[0].core == 3000

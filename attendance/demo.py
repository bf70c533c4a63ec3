"""A synthetic, repeatable attendance history for the LNOS25 demo programme.

Everyone in it is made up ("deelnemer-00123@voorbeeld.invalid"). Where the demo records an activity's
participants or first-timers, the generated list has exactly those numbers, so the figures counted from the
lists equal the recorded ones; a few dozen people come back again and again and form the returning core.
Call it after the programmes are loaded; running it again gives the same state.

The network's own meetings and events of 2026 (up to a fixed day, so the demo does not depend on when it is
loaded) get smaller lists in which most people come back: the year table then shows the returning core
growing and the share of people outside it shrinking, the pattern the network wants to break.
"""

import datetime as dt
import random
from collections import Counter

from django.utils import timezone

from activities.models import Activity, ActivityKind
from attendance.models import AttendanceList
from attendance.reading import Row
from attendance.services import local_day, save_list
from core.pseudonyms import normalise_identifier, participant_key
from impact.models import ActivityFigures
from programmes.models import Programme
from programmes.services import programme_activity_ids

CORE_SIZE = 40
SECOND_YEAR = 2026
SECOND_YEAR_UNTIL = dt.date(2026, 11, 20)
PROFILES = [  # sector, roles, organisations as people write them
    ("po", ["leerkracht", "intern begeleider", "directeur"], ["SCOL", "PROO Leiden", ""]),
    ("vo", ["docent", "teamleider", "decaan"], ["Da Vinci", "Stedelijk Gymnasium Leiden", ""]),
    ("mbo", ["docent", "student", "opleidingsmanager"], ["mboRijnland", ""]),
    ("hbo", ["docent", "student", "lector", "onderzoeker"], ["HsL", "Hogeschool Leiden"]),
    ("wo", ["onderzoeker", "student"], ["UL", ""]),
    ("gemeente", ["beleidsmedewerker", "wethouder"], ["GL", "Gemeente Leiden"]),
    ("kinderopvang", ["pedagogisch medewerker"], [""]),
    ("cultuur", ["educatiemedewerker"], ["BplusC", "Naturalis"]),
    ("welzijn_zorg", ["jongerenwerker"], [""]),
    ("", ["ouder", ""], [""]),
]


def _has_attendance(activity: Activity) -> bool:
    # Series and broadcasts have no door at which people are counted.
    return activity.kind != ActivityKind.SERIES and not (activity.kind == ActivityKind.PUBLICATION and activity.all_day)


def load_demo_attendance(seed: int = 2025) -> dict[str, int]:
    """Save an attendance list for each LNOS25 activity that has a door; returns what was made."""
    programme = Programme.objects.get(slug="lnos25")
    activities = [
        activity
        for activity in Activity.objects.filter(pk__in=programme_activity_ids(programme)).order_by("start", "pk")
        if _has_attendance(activity)
    ]
    recorded = _recorded(activities)
    rng = random.Random(seed)  # noqa: S311 - repeatable made-up data, not secrets
    people: dict[int, Row] = {}  # by person number
    # People seen on earlier days and on the current day, as ordered sets: only the first may return as
    # "returning", since someone whose first day is today is a first-timer at every activity of the day.
    earlier: dict[int, None] = {}
    today: dict[int, None] = {}
    day = None
    visits: Counter[int] = Counter()
    rows = 0
    later = _second_year(activities)
    for activity in [*activities, *later]:
        if local_day(activity.start) != day:
            earlier.update(today)
            today, day = {}, local_day(activity.start)
        participants, first_timers = recorded.get(activity.pk, (None, None))
        size = participants or rng.randint(25, 120)
        if activity in later:
            size = rng.randint(20, 70)
            new = round(size * rng.uniform(0.1, 0.3))
        elif first_timers is not None:
            new = first_timers
        else:
            new = max(size - len(earlier), round(size * rng.uniform(0.3, 0.6)))
        if size - new > len(earlier):
            raise ValueError(f"Too few earlier participants to return at {activity}")
        listed = _returning(rng, list(earlier), visits, size - new)
        for _new in range(new):
            number = len(people) + 1
            people[number] = _person(rng, number)
            listed.append(number)
        today.update(dict.fromkeys(listed))
        visits.update(listed)
        save_list(activity, [people[number] for number in listed], None)
        rows += len(listed)
    return {"attendance lists": len(activities) + len(later), "attendances": rows, "participants": len(people)}


def _second_year(programme_activities: list[Activity]) -> list[Activity]:
    until = timezone.make_aware(dt.datetime.combine(SECOND_YEAR_UNTIL, dt.time.min))
    return [
        activity
        for activity in Activity.objects.filter(start__year=SECOND_YEAR, start__lt=until)
        .exclude(pk__in=[activity.pk for activity in programme_activities])
        .order_by("start", "pk")
        if _has_attendance(activity)
    ]


def _recorded(activities) -> dict[int, tuple]:
    """(participants, first-timers) as the demo recorded them, also when an earlier run's list has replaced them."""
    lists = {item.activity_id: item for item in AttendanceList.objects.filter(activity__in=activities)}
    recorded = {}
    for figures in ActivityFigures.objects.filter(activity__in=activities):
        attendance_list = lists.get(figures.activity_id)
        if attendance_list is not None and attendance_list.figures_follow(figures):
            recorded[figures.activity_id] = (
                attendance_list.previous_participants,
                attendance_list.previous_first_timers,
            )
        else:
            recorded[figures.activity_id] = (figures.participants, figures.first_timers)
    return recorded


def _returning(rng: random.Random, earlier: list[int], visits: Counter, count: int) -> list[int]:
    """Returning people: the core first (each about half of the time), then those seen least often, so that
    outside the core few people reach the core's number of activities."""
    core = [number for number in earlier if number <= CORE_SIZE and rng.random() < 0.5][:count]
    others = [number for number in earlier if number not in core]
    rng.shuffle(others)
    others.sort(key=visits.__getitem__)
    return core + others[: count - len(core)]


def _person(rng: random.Random, number: int) -> Row:
    sector, roles, organisations = rng.choice(PROFILES)
    consent = rng.random() < 0.05
    return Row(
        number=number,
        key=participant_key(normalise_identifier(f"deelnemer-{number:05d}@voorbeeld.invalid")),
        consent=consent,
        name=f"Deelnemer {number:05d}" if consent else "",
        role=rng.choice(roles),
        sector=sector,
        organisation=rng.choice(organisations),
    )

"""Saving, removing and erasing attendance lists, and the figures counted from them. Views call these.

Every write takes its turn (_take_turn) before it reads anything, so two writes that share people never work
on each other's half-done state.

First-timer rule: a participant is a first-timer at an activity when they attended no activity on an earlier
local day (Europe/Amsterdam). Two activities on someone's first day both count them; a person listed twice in
one list counts once. The flag is stored and recomputed for every listed attendance of the people a save or a
removal touches, so lists imported out of date order end up as if imported in date order. Rows whose person
was erased keep their flag, so an activity's totals do not change after an erasure request. An activity that
moves to another day or is deleted is recounted the same way (attendance.signals).
"""

import datetime as dt
import hashlib
import json
import secrets
import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from activities.models import Activity
from attendance.models import (
    Attendance,
    AttendanceList,
    AttendanceUpload,
    AttendanceVersion,
    ErasedKey,
    Participant,
)
from attendance.reading import Reading, Row
from core.exports import safe_cell
from core.models import Sector
from core.text import normalise_key
from impact.figures import save_figures
from impact.models import ActivityFigures
from network.models import Organisation, OrganisationAlias
from programmes.models import Programme
from programmes.services import programme_activity_ids

# Activities to count: their ids, or a values("pk") queryset of them (programmes.services.programme_activity_ids).
ActivityIds = Iterable[int] | QuerySet[Activity, dict[str, Any]]

# Keys per query: stays under SQLite's limit on query parameters.
CHUNK = 500
BATCH = 1000
UPLOAD_LIFETIME = dt.timedelta(days=1)
STATISTICS_AFTER = 5000
# Below this many people a check does not show who is new: on a short list that would tell any editor whether
# the people they typed came to other organisations' activities before.
SPLIT_SHOWN_FROM = 5
VERSION_ROW = 1
CACHE_SECONDS = 60 * 60


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _take_turn() -> None:
    """Start of every attendance write: lock the one AttendanceVersion row until the transaction ends, and renew
    its token.

    The lock makes writes take turns: first-time flags depend on other activities' rows, so a removal and a save
    that share people would otherwise compute from each other's half-done state, and a removal could delete a
    participant a save has just looked up. The new token makes year tables cached before this write stale once it
    commits; a write that rolls back leaves the old token, whose tables still hold.
    """
    AttendanceVersion.objects.get_or_create(pk=VERSION_ROW, defaults={"token": uuid.uuid4().hex})
    AttendanceVersion.objects.filter(pk=VERSION_ROW).update(token=uuid.uuid4().hex)


def current_version() -> str | None:
    """The token year tables are cached under; None before the first write, when there is nothing to cache."""
    return AttendanceVersion.objects.filter(pk=VERSION_ROW).values_list("token", flat=True).first()


# --- Checking a list before it is saved -------------------------------------------------------------------------


@dataclass
class Preview:
    people: int
    # None on a list of fewer than SPLIT_SHOWN_FROM people.
    new_participants: int | None
    first_timers: int | None
    returning: int | None
    skipped: int
    replaces: int | None  # the number of rows of the list it replaces
    unknown_organisations: list[tuple[str, int]]  # kept as written: (name, rows)
    split_shown_from: int = SPLIT_SHOWN_FROM


def preview(activity: Activity, reading: Reading) -> Preview:
    """What saving these rows would give, counted as save_list will count it."""
    keys = [row.key for row in reading.rows]
    new_participants = first_timers = returning = None
    if len(keys) >= SPLIT_SHOWN_FROM:
        known = _known_participants(keys)
        day_start = start_of_day(local_day(activity.start))
        returning = 0
        for ids in chunks(list(known.values())):
            returning += (
                Attendance.objects.filter(participant_id__in=ids, activity__start__lt=day_start)
                .exclude(activity=activity)
                .values("participant_id")
                .distinct()
                .count()
            )
        new_participants, first_timers = len(keys) - len(known), len(keys) - returning
    names = Counter(row.organisation for row in reading.rows if row.organisation)
    resolved = _organisations(names)
    current = AttendanceList.objects.filter(activity=activity).first()
    return Preview(
        people=len(keys),
        new_participants=new_participants,
        first_timers=first_timers,
        returning=returning,
        skipped=reading.duplicates + reading.absent,
        replaces=current.rows if current else None,
        unknown_organisations=sorted(
            ((name, count) for name, count in names.items() if resolved[name] is None),
            key=lambda item: (-item[1], item[0]),
        ),
    )


def _known_participants(keys: list[str]) -> dict[str, int]:
    known: dict[str, int] = {}
    for part in chunks(keys):
        known.update(Participant.objects.filter(key__in=part).values_list("key", "pk"))
    return known


def _organisations(names: Iterable[str]) -> dict:
    """Each organisation name as written, resolved to a network organisation where one matches.

    The rules of network.services.resolve_organisation (an alias written the same but for case, then the normalised
    name or alias; an alias that fits two organisations matches none), with two queries per CHUNK names rather than
    two per name. An alias that fits ignoring case has the same normalised key, so loading by key finds it.
    """
    texts = {name: (name or "").strip() for name in names}
    keys = sorted({normalise_key(text) for text in texts.values() if text})
    by_name: dict[str, Organisation] = {}
    by_alias: defaultdict[str, list[OrganisationAlias]] = defaultdict(list)
    for part in chunks(keys):
        by_name.update(
            (organisation.name_key, organisation) for organisation in Organisation.objects.filter(name_key__in=part)
        )
        for alias in OrganisationAlias.objects.filter(key__in=part).select_related("organisation"):
            by_alias[alias.key].append(alias)
    resolved = {}
    for name, text in texts.items():
        key = normalise_key(text)
        aliases = by_alias.get(key, [])
        exact = {
            alias.organisation.pk: alias.organisation for alias in aliases if alias.alias.casefold() == text.casefold()
        }
        if not text or exact:
            resolved[name] = exact.popitem()[1] if len(exact) == 1 else None
            continue
        candidates = [alias.organisation for alias in aliases] + ([by_name[key]] if key in by_name else [])
        resolved[name] = min(candidates, key=lambda organisation: (organisation.name, organisation.pk), default=None)
    return resolved


def _erased_keys(keys: list[str]) -> set[str]:
    erased: set[str] = set()
    for part in chunks(keys):
        erased.update(ErasedKey.objects.filter(key__in=part).values_list("key", flat=True))
    return erased


def leave_out_erased(reading: Reading) -> None:
    """Leave out the rows of people who asked to be removed (see ErasedKey), with a note saying how many."""
    erased = _erased_keys([row.key for row in reading.rows])
    if not erased:
        return
    reading.rows = [row for row in reading.rows if row.key not in erased]
    reading.note(
        ngettext(
            "%(count)s person asked to be removed from the attendance lists and was left out.",
            "%(count)s people asked to be removed from the attendance lists and were left out.",
            len(erased),
        )
        % {"count": len(erased)}
    )
    if not reading.rows:
        reading.fail(_("Everyone on the list asked to be removed from the attendance lists; there is nothing to save."))


def _drop_expired_uploads() -> None:
    AttendanceUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_LIFETIME).delete()


def hold(activity: Activity, user: User, reading: Reading) -> AttendanceUpload:
    """Keep checked rows server-side until the organiser confirms. Only the latest check of an activity by a user
    can be confirmed; stale ones are dropped on the way."""
    _drop_expired_uploads()
    AttendanceUpload.objects.filter(activity=activity, created_by=user).delete()
    rows = [[row.key, row.consent, row.name, row.role, row.sector, row.organisation] for row in reading.rows]
    return AttendanceUpload.objects.create(
        token=secrets.token_urlsafe(32), activity=activity, created_by=user, rows=json.dumps(rows, ensure_ascii=False)
    )


def held(activity: Activity, user: User, token: str) -> AttendanceUpload | None:
    """The checked list waiting under this token, if it is less than a day old; older ones go on the way."""
    _drop_expired_uploads()
    return AttendanceUpload.objects.filter(activity=activity, created_by=user, token=token).first()


def held_rows(upload: AttendanceUpload) -> list[Row]:
    return [
        Row(number, key, consent, name, role, sector, organisation)
        for number, (key, consent, name, role, sector, organisation) in enumerate(json.loads(upload.rows), 1)
    ]


# --- Saving and removing ----------------------------------------------------------------------------------------


@transaction.atomic
def save_held(upload: AttendanceUpload, user: User) -> AttendanceList:
    """Save a confirmed list; the held rows go once they are saved."""
    attendance_list = save_list(upload.activity, held_rows(upload), user)
    upload.delete()
    return attendance_list


@transaction.atomic
def save_list(activity: Activity, rows: list[Row], user: User | None) -> AttendanceList:
    """Replace the activity's whole list with these rows (the same rows twice give the same state) and let the
    activity's figures follow it: participants and first-timers, with the list as their source.

    The figures it replaces are remembered, so removing the list can put them back.
    """
    _take_turn()
    # Checking left these people out already; an erasure may have come in since.
    erased = _erased_keys([row.key for row in rows])
    rows = [row for row in rows if row.key not in erased]
    before = _listed_participants(activity)
    Attendance.objects.filter(activity=activity).delete()
    participants = _participants(rows)
    listed = set(participants.values())
    _update_statistics(len(rows))
    day = local_day(activity.start)
    # The new rows get their flags as they are written; only other activities' rows may need changing.
    recount = refresh_first_time(before | listed, joining=(listed, day))
    organisations = _organisations({row.organisation for row in rows if row.organisation})
    Attendance.objects.bulk_create(
        (
            Attendance(
                activity=activity,
                participant_id=participants[row.key],
                role=row.role,
                sector=row.sector,
                organisation=organisations.get(row.organisation),
                organisation_name=row.organisation,
                first_time=recount.first_days[participants[row.key]] == day,
            )
            for row in rows
        ),
        batch_size=BATCH,
    )
    _drop_unlisted(before - listed)
    attendance_list = _record_list(activity, len(rows), user)
    _refresh_figures(recount.changed - {activity.pk})
    return attendance_list


def _update_statistics(rows: int) -> None:
    """PostgreSQL plans queries by table statistics that do not yet know the rows this transaction just wrote;
    after a long list its plans scan whole indexes per chunk (minutes instead of seconds). Counting again takes
    a fraction of a second."""
    if rows >= STATISTICS_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Participant._meta.db_table}, {Attendance._meta.db_table}")


def _listed_participants(activity: Activity) -> set[int]:
    return set(
        Attendance.objects.filter(activity=activity, participant__isnull=False).values_list("participant_id", flat=True)
    )


def _participants(rows: list[Row]) -> dict[str, int]:
    """Participant ids by key, made where new, with names kept or dropped as each row's consent says.

    A list that says nothing about consent leaves a name given earlier; an explicit no removes it.
    """
    by_key = {row.key: row for row in rows}
    keys = sorted(by_key)
    Participant.objects.bulk_create(
        (Participant(key=key, display_name=by_key[key].name) for key in keys), ignore_conflicts=True, batch_size=BATCH
    )
    ids, renamed = {}, []
    for part in chunks(keys):
        for key, pk, stored_name in Participant.objects.filter(key__in=part).values_list("key", "pk", "display_name"):
            ids[key] = pk
            row = by_key[key]
            name = row.name if row.consent else ("" if row.consent is False else stored_name)
            if name != stored_name:
                renamed.append(Participant(pk=pk, display_name=name))
    Participant.objects.bulk_update(renamed, ["display_name"], batch_size=BATCH)
    return ids


class Recount(NamedTuple):
    first_days: dict[int, dt.date]  # by participant id
    changed: set[int]  # activities whose flags changed


def refresh_first_time(participant_ids: set[int], joining: tuple[set[int], dt.date] | None = None) -> Recount:
    """Recompute the first-time flags of these participants' attendances.

    joining: participants about to be written as attending on a day, which counts towards their first day.
    """
    joining_ids, joining_day = joining or (set(), None)
    days: dict[int, dt.date] = {}
    first_days: dict[int, dt.date] = {}
    now_first: list[int] = []
    no_longer_first: list[int] = []
    changed: set[int] = set()
    for ids in chunks(sorted(participant_ids)):
        rows = list(
            Attendance.objects.filter(participant_id__in=ids).values_list(
                "pk", "participant_id", "activity_id", "activity__start", "first_time"
            )
        )
        first_day = {person: joining_day for person in ids if joining_day is not None and person in joining_ids}
        for _pk, person, activity_id, start, _flag in rows:
            day = days.setdefault(activity_id, local_day(start))
            first_day[person] = min(day, first_day.get(person, day))
        for pk, person, activity_id, _start, flag in rows:
            first_time = days[activity_id] == first_day[person]
            if first_time != flag:
                (now_first if first_time else no_longer_first).append(pk)
                changed.add(activity_id)
        first_days.update(first_day)
    # Two plain updates per chunk: far quicker than bulk_update's per-row CASE for tens of thousands of rows.
    for pks, first_time in ((now_first, True), (no_longer_first, False)):
        for part in chunks(pks):
            Attendance.objects.filter(pk__in=part).update(first_time=first_time)
    return Recount(first_days, changed)


def _drop_unlisted(participant_ids: set[int]) -> None:
    """A key that no list names any more is not kept."""
    for ids in chunks(sorted(participant_ids)):
        # Two indexed lookups rather than an anti-join, which PostgreSQL plans badly on rows inserted moments ago.
        listed = set(Attendance.objects.filter(participant_id__in=ids).values_list("participant_id", flat=True))
        Participant.objects.filter(pk__in=set(ids) - listed).delete()


def _record_list(activity: Activity, rows: int, user: User | None) -> AttendanceList:
    attendance_list = AttendanceList.objects.filter(activity=activity).first() or AttendanceList(activity=activity)
    figures = ActivityFigures.objects.filter(activity=activity).first()
    if figures is None:
        attendance_list.previous_participants = attendance_list.previous_first_timers = None
        attendance_list.previous_source = ""
        attendance_list.created_figures = True
    elif attendance_list.pk is None or not attendance_list.figures_follow(figures):
        # Figures someone recorded by hand, before this list or since the last one: those are what removal restores.
        attendance_list.previous_participants = figures.participants
        attendance_list.previous_first_timers = figures.first_timers
        attendance_list.previous_source = figures.source
        attendance_list.created_figures = False
    attendance_list.rows = rows
    attendance_list.saved_by = user
    attendance_list.figures_source = ngettext(
        "attendance list (%(rows)s row)", "attendance list (%(rows)s rows)", rows
    ) % {"rows": rows}
    _write_figures(attendance_list, head_counts([activity.pk])[activity.pk])
    return attendance_list


def _write_figures(attendance_list: AttendanceList, counts: dict) -> None:
    """Put the list's head counts into the activity's figures, and remember them: the figures follow the list
    while they still hold what it wrote."""
    save_figures(
        attendance_list.activity,
        participants=counts["participants"],
        first_timers=counts["first_timers"],
        source=attendance_list.figures_source,
    )
    attendance_list.written_participants = counts["participants"]
    attendance_list.written_first_timers = counts["first_timers"]
    attendance_list.save()


def head_counts(activity_ids: Collection[int]) -> dict[int, dict]:
    counts = (
        Attendance.objects.filter(activity_id__in=activity_ids)
        .values("activity_id")
        .annotate(participants=Count("pk"), first_timers=Count("pk", filter=Q(first_time=True)))
    )
    found = {count["activity_id"]: count for count in counts}
    return {pk: found.get(pk, {"participants": 0, "first_timers": 0}) for pk in activity_ids}


def _refresh_figures(activity_ids: set[int]) -> None:
    """Other activities whose first-timers changed: their figures follow their list, unless edited by hand since."""
    lists = {
        attendance_list.activity_id: attendance_list
        for attendance_list in AttendanceList.objects.filter(activity_id__in=activity_ids).select_related("activity")
    }
    following = [
        figures.activity_id
        for figures in ActivityFigures.objects.filter(activity_id__in=lists)
        if lists[figures.activity_id].figures_follow(figures)
    ]
    for activity_id, counts in head_counts(following).items():
        _write_figures(lists[activity_id], counts)


@transaction.atomic
def remove_list(activity: Activity) -> int:
    """Remove the activity's list; returns the number of rows removed.

    Its figures go back to what they were before the first list was saved (no figures at all, if the list made
    them and nothing else was added to them), unless someone changed them by hand since: then they stay as they
    are. Other activities' first-timers are recomputed, as if this list had never been saved.
    """
    _take_turn()
    attendance_list = AttendanceList.objects.filter(activity=activity).first()
    before = _listed_participants(activity)
    removed, _by_model = Attendance.objects.filter(activity=activity).delete()
    changed = refresh_first_time(before).changed
    _drop_unlisted(before)
    if attendance_list is not None:
        figures = ActivityFigures.objects.filter(activity=activity).first()
        if figures is not None and attendance_list.figures_follow(figures):
            if attendance_list.created_figures and not _holds_more(figures):
                figures.delete()  # an empty row would still count as an activity "with figures" in roll-ups
            else:
                save_figures(
                    activity,
                    participants=attendance_list.previous_participants,
                    first_timers=attendance_list.previous_first_timers,
                    source=attendance_list.previous_source,
                )
        attendance_list.delete()
    _refresh_figures(changed)
    return removed


def _holds_more(figures: ActivityFigures) -> bool:
    """Whether an activity's figures hold anything besides the head counts and their source."""
    return (
        figures.composition.exists()
        or figures.media.exists()
        or figures.surveys.exists()
        or figures.involved_organisations.exists()
        or figures.cited_by.exists()
    )


@transaction.atomic
def recount_activity(activity: Activity) -> None:
    """After an activity was saved, perhaps on another day: its people's first-timers everywhere, and the
    figures that follow their lists."""
    _take_turn()
    participants = _listed_participants(activity)
    if participants:
        _refresh_figures(refresh_first_time(participants).changed)


@transaction.atomic
def forget_activity(activity: Activity) -> None:
    """Before an activity is deleted: its attendance goes, and first-timers elsewhere are counted without it."""
    _take_turn()
    before = _listed_participants(activity)
    Attendance.objects.filter(activity=activity).delete()
    _refresh_figures(refresh_first_time(before).changed)
    _drop_unlisted(before)


# --- Erasure requests -------------------------------------------------------------------------------------------


@dataclass
class Found:
    keys: list[str]
    rows: int
    activities: list[Activity]


def find_participants(keys: list[str]) -> Found:
    participants = Participant.objects.filter(key__in=keys)
    rows = Attendance.objects.filter(participant__in=participants)
    activities = Activity.objects.filter(pk__in=rows.values("activity_id")).order_by("start")
    return Found(keys=list(participants.values_list("key", flat=True)), rows=rows.count(), activities=list(activities))


@transaction.atomic
def erase(keys: list[str]) -> int:
    """Remove these participants' keys from every attendance row and every list waiting for confirmation.

    The rows stay, without a person and with their first-time flag, so activity totals do not change. The keys
    go on the suppression list (ErasedKey, the keyed hash only), so a list with these people checked or saved
    later leaves them out. Returns the number of rows touched.
    """
    _take_turn()
    ErasedKey.objects.bulk_create([ErasedKey(key=key) for key in keys], ignore_conflicts=True)
    participants = Participant.objects.filter(key__in=keys)
    touched = Attendance.objects.filter(participant__in=participants).update(participant=None)
    participants.delete()
    for key in keys:
        AttendanceUpload.objects.filter(rows__contains=key).delete()
    return touched


# --- Figures ----------------------------------------------------------------------------------------------------


@dataclass
class Share:
    label: str
    count: int
    percent: float


@dataclass
class ActivityAttendance:
    participants: int
    first_timers: int
    returning: int
    erased: int
    sectors: list[Share]
    roles: list[Share]
    attendance_list: AttendanceList
    figures_follow: bool  # the activity's figures are still the ones the list set


ROLES_SHOWN = 12


def activity_attendance(activity: Activity) -> ActivityAttendance | None:
    attendance_list = AttendanceList.objects.filter(activity=activity).select_related("saved_by").first()
    if attendance_list is None:
        return None
    rows = Attendance.objects.filter(activity=activity)
    totals = rows.aggregate(
        participants=Count("pk"),
        first_timers=Count("pk", filter=Q(first_time=True)),
        erased=Count("pk", filter=Q(participant__isnull=True)),
    )
    total = totals["participants"]
    labels = dict(Sector.choices)
    sectors = [
        Share(str(labels.get(entry["sector"], _("Not given"))), entry["count"], _percent(entry["count"], total))
        for entry in rows.values("sector").annotate(count=Count("pk")).order_by("-count", "sector")
    ]
    figures = ActivityFigures.objects.filter(activity=activity).first()
    return ActivityAttendance(
        participants=total,
        first_timers=totals["first_timers"],
        returning=total - totals["first_timers"],
        erased=totals["erased"],
        sectors=sectors,
        roles=_roles(rows.values_list("role", flat=True), total),
        attendance_list=attendance_list,
        figures_follow=figures is not None and attendance_list.figures_follow(figures),
    )


def _roles(roles: Iterable[str], total: int) -> list[Share]:
    """Roles as written, counted without regard to case; the most frequent ones, then the rest together."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for role in roles:
        folded = role.strip().casefold()
        counts[folded] += 1
        spelling.setdefault(folded, role.strip())
    shares = [
        Share(spelling[folded] or _("Not given"), count, _percent(count, total))
        for folded, count in counts.most_common(ROLES_SHOWN)
    ]
    rest = total - sum(share.count for share in shares)
    if rest:
        shares.append(Share(_("Other roles"), rest, _percent(rest, total)))
    return shares


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class Year:
    year: int
    activities: int
    attendances: int
    participants: int  # distinct people with a key; erased rows no longer say who they were
    per_participant: float | None
    core: int
    outside_core_percent: float | None
    first_timers: int  # people whose first network day fell in this year
    erased: int
    core_change: int | None = None
    outside_core_change: float | None = None  # percentage points

    @property
    def core_change_shown(self) -> str:
        return _signed(self.core_change)

    @property
    def outside_core_change_shown(self) -> str:
        return _signed(self.outside_core_change)


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    return f"+{number_format(value)}" if value > 0 else number_format(value)


@dataclass
class YearTable:
    years: list[Year]
    core_minimum: int


def year_table(activity_ids: ActivityIds | None = None) -> YearTable:
    """Per calendar year (local time): participants, their returning core (at ≥ ATTENDANCE_CORE_MINIMUM
    activities that year), the share outside the core and first-timers, with the change from the year before.

    activity_ids (a queryset of pks) restricts everything, the core included, to those activities. Cached under
    the attendance version (renewed by every write, activity changes included) and the activities counted.
    """
    minimum = settings.ATTENDANCE_CORE_MINIMUM
    version = current_version()
    if version is None:
        return _year_table(activity_ids, minimum)
    scope = "all"
    if activity_ids is not None:
        ids = Activity.objects.filter(pk__in=activity_ids).order_by("pk").values_list("pk", flat=True)
        scope = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
    key = f"attendance:years:{version}:{minimum}:{scope}"
    table = cache.get(key)
    if table is None:
        table = _year_table(activity_ids, minimum)
        cache.set(key, table, CACHE_SECONDS)
    return table


def _year_table(activity_ids: ActivityIds | None, minimum: int) -> YearTable:
    rows = Attendance.objects.order_by()
    if activity_ids is not None:
        rows = rows.filter(activity__in=activity_ids)
    bounds = rows.aggregate(first=Min("activity__start"), last=Max("activity__start"))
    if bounds["first"] is None:
        return YearTable(years=[], core_minimum=minimum)
    # The local year as comparisons on the start: SQLite extracts a year by calling Python for every row, which took
    # most of the time at 150,000 attendances.
    rows = rows.annotate(
        year=Case(
            *(
                When(activity__start__lt=start_of_day(dt.date(year + 1, 1, 1)), then=Value(year))
                for year in range(local_day(bounds["first"]).year, local_day(bounds["last"]).year + 1)
            ),
            output_field=IntegerField(),
        )
    )
    years = {}
    for entry in rows.values("year").annotate(
        activities=Count("activity", distinct=True),
        attendances=Count("pk"),
        erased=Count("pk", filter=Q(participant__isnull=True)),
    ):
        years[entry["year"]] = Year(
            year=entry["year"],
            activities=entry["activities"],
            attendances=entry["attendances"],
            participants=0,
            per_participant=None,
            core=0,
            outside_core_percent=None,
            first_timers=0,
            erased=entry["erased"],
        )
    for year, participants, core, first_timers in _people_per_year(rows, minimum):
        figures = years[year]
        figures.participants, figures.core, figures.first_timers = participants, core, first_timers
    previous = None
    for year in sorted(years):
        figures = years[year]
        if figures.participants:
            figures.per_participant = round((figures.attendances - figures.erased) / figures.participants, 1)
            figures.outside_core_percent = _percent(figures.participants - figures.core, figures.participants)
        if previous is not None:
            figures.core_change = figures.core - previous.core
            if figures.outside_core_percent is not None and previous.outside_core_percent is not None:
                figures.outside_core_change = round(figures.outside_core_percent - previous.outside_core_percent, 1)
        previous = figures
    return YearTable(years=[years[year] for year in sorted(years)], core_minimum=minimum)


def _people_per_year(
    rows: QuerySet[Any, Any],  # attendances annotated with their year
    minimum: int,
) -> list[tuple[int, int, int, int]]:
    """(year, participants, of them in the core, of them first-timers) per year, counted by the database: each
    person once per year, from their attendances and first-time flags that year."""
    people = (
        rows.filter(participant__isnull=False)
        .values("year", "participant_id")
        .annotate(activities=Count("pk"), first_times=Count("pk", filter=Q(first_time=True)))
    )
    inner, params = people.query.sql_with_params()
    year, activities, first_times = map(connection.ops.quote_name, ("year", "activities", "first_times"))
    sql = (
        f"SELECT {year}, COUNT(*), SUM(CASE WHEN {activities} >= %s THEN 1 ELSE 0 END), "  # noqa: S608 - only names
        f"SUM(CASE WHEN {first_times} > 0 THEN 1 ELSE 0 END) FROM ({inner}) people GROUP BY {year}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [minimum, *params])
        return cursor.fetchall()


def programme_attendance(programme: Programme) -> YearTable:
    """The year table over the programme's published activities only."""
    return year_table(programme_activity_ids(programme))


# --- Export -----------------------------------------------------------------------------------------------------


def export_rows(activity: Activity) -> Iterator[list[str]]:
    """The list as rows for a CSV: pseudonym, consented name, role, sector, organisation, first time.
    Never an e-mail address: only keys and consented names are stored."""
    yield [_("pseudonym"), _("name"), _("role"), _("sector"), _("organisation"), _("first time")]
    labels = dict(Sector.choices)
    rows = (
        Attendance.objects.filter(activity=activity)
        .select_related("participant", "organisation")
        .order_by("participant__key", "pk")
    )
    for row in rows.iterator(chunk_size=2000):
        participant = row.participant
        yield [
            safe_cell(text)
            for text in (
                participant.short_key if participant else _("erased"),
                participant.display_name if participant else "",
                row.role,
                str(labels.get(row.sector, "")),
                row.organisation.name if row.organisation else row.organisation_name,
                _("yes") if row.first_time else _("no"),
            )
        ]

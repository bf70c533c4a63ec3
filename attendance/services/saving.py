"""Saving and removing lists, and keeping first-timers right when an activity moves or goes.

Every write takes its turn (turns.take_turn) before it reads anything, so two writes that share people never
work on each other's half-done state.
"""

from django.db import connection, transaction
from django.utils.translation import ngettext

from accounts.models import User
from activities.models import Activity
from attendance.models import Attendance, AttendanceList, Participant
from attendance.reading import Row
from attendance.services import turns
from attendance.services.checking import erased_keys, held_rows, resolve_organisations
from attendance.services.first_time import head_counts, refresh_figures, refresh_first_time, write_figures
from attendance.services.turns import BATCH, chunks, local_day
from core import staging
from core.models import StagedUpload
from impact.figures import save_figures
from impact.models import ActivityFigures

STATISTICS_AFTER = 5000


@transaction.atomic
def save_held(activity: Activity, upload: StagedUpload, user: User) -> AttendanceList | None:
    """Save a confirmed list, using up the held rows; None when another request saved or cancelled it first."""
    if not staging.consume(upload):
        return None
    return save_list(activity, held_rows(upload), user)


@transaction.atomic
def save_list(activity: Activity, rows: list[Row], user: User | None) -> AttendanceList:
    """Replace the activity's whole list with these rows (the same rows twice give the same state) and let the
    activity's figures follow it: participants and first-timers, with the list as their source.

    The figures it replaces are remembered, so removing the list can put them back.
    """
    turns.take_turn()
    # Checking left these people out already; an erasure may have come in since.
    erased = erased_keys([row.key for row in rows])
    rows = [row for row in rows if row.key not in erased]
    before = _listed_participants(activity)
    Attendance.objects.filter(activity=activity).delete()
    participants = _participants(rows)
    listed = set(participants.values())
    _update_statistics(len(rows))
    day = local_day(activity.start)
    # The new rows get their flags as they are written; only other activities' rows may need changing.
    recount = refresh_first_time(before | listed, joining=(listed, day))
    organisations = resolve_organisations({row.organisation for row in rows if row.organisation})
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
    refresh_figures(recount.changed - {activity.pk})
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
    write_figures(attendance_list, head_counts([activity.pk])[activity.pk])
    return attendance_list


@transaction.atomic
def remove_list(activity: Activity) -> int:
    """Remove the activity's list; returns the number of rows removed.

    Its figures go back to what they were before the first list was saved (no figures at all, if the list made
    them and nothing else was added to them), unless someone changed them by hand since: then they stay as they
    are. Other activities' first-timers are recomputed, as if this list had never been saved.
    """
    turns.take_turn()
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
    refresh_figures(changed)
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
    turns.take_turn()
    participants = _listed_participants(activity)
    if participants:
        refresh_figures(refresh_first_time(participants).changed)


@transaction.atomic
def forget_activity(activity: Activity) -> None:
    """Before an activity is deleted: its attendance goes, and first-timers elsewhere are counted without it."""
    turns.take_turn()
    before = _listed_participants(activity)
    Attendance.objects.filter(activity=activity).delete()
    refresh_figures(refresh_first_time(before).changed)
    _drop_unlisted(before)

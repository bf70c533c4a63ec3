"""Bringing a read calendar into the year calendar: what would change (preview), and the change (apply); and a
spreadsheet staged between its check and its import."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from activities.models import Activity, ActivityKind
from activities.services import save_activity
from core import staging
from core.models import StagedUpload
from core.permissions import can_publish
from exchange.calendar_import import ImportEvent, Reading
from exchange.models import ImportedEvent
from network.models import Organisation
from programmes.models import Programme

FIELDS = ("title", "description", "place", "start", "end", "all_day")
# The kind of staged upload that holds a spreadsheet between its check and its import.
SPREADSHEET_UPLOAD = "data-import"


@dataclass
class Preview:
    new: list[ImportEvent] = field(default_factory=list)
    updated: list[ImportEvent] = field(default_factory=list)
    unchanged: list[ImportEvent] = field(default_factory=list)
    skipped: list[ImportEvent] = field(default_factory=list)  # imported before, activity deleted since
    removed: list[ImportedEvent] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in ("new", "updated", "unchanged", "skipped", "removed")}


def _differs(activity: Activity, event: ImportEvent) -> bool:
    if any(getattr(activity, name) != getattr(event, name) for name in FIELDS):
        return True
    return bool(event.url) and activity.registration_url != event.url


def _removed(
    organisation: Organisation, reading: Reading, window: tuple[dt.datetime, dt.datetime] | None
) -> list[ImportedEvent]:
    """Earlier imported events of this organisation missing from the file, still to come (and in the window)."""
    uids = {event.uid for event in reading.events}
    candidates = ImportedEvent.objects.filter(
        organisation=organisation, removed_at__isnull=True, activity__isnull=False, activity__end__gte=timezone.now()
    )
    if window:
        candidates = candidates.filter(activity__start__gte=window[0], activity__start__lt=window[1])
    return [
        imported
        for imported in candidates.select_related("activity").order_by("activity__start")
        if imported.uid not in uids
    ]


def preview(
    organisation: Organisation, reading: Reading, window: tuple[dt.datetime, dt.datetime] | None = None
) -> Preview:
    known = {
        imported.uid: imported
        for imported in ImportedEvent.objects.filter(
            organisation=organisation, uid__in=[e.uid for e in reading.events]
        ).select_related("activity")
    }
    result = Preview()
    for event in reading.events:
        imported = known.get(event.uid)
        if imported is None:
            result.new.append(event)
        elif imported.activity is None:
            result.skipped.append(event)
        elif _differs(imported.activity, event) or imported.removed_at is not None:
            result.updated.append(event)
        else:
            result.unchanged.append(event)
    result.removed = _removed(organisation, reading, window)
    return result


@transaction.atomic
def apply(
    organisation: Organisation,
    reading: Reading,
    user: User,
    window: tuple[dt.datetime, dt.datetime] | None = None,
) -> Preview:
    """Write the reading: all of it or, on any error, nothing. Returns what was done."""
    result = preview(organisation, reading, window)
    now = timezone.now()
    keep_published = can_publish(user)
    for event in result.new:
        activity = Activity(kind=ActivityKind.EVENT)
        _fill(activity, event)
        save_activity(activity, organisers=[organisation], themes=[], lines=[], sectors=[], keep_published=False)
        ImportedEvent.objects.create(organisation=organisation, uid=event.uid, activity=activity, last_seen=now)
    by_uid = {
        imported.uid: imported
        for imported in ImportedEvent.objects.select_for_update(of=("self",))
        .filter(organisation=organisation, uid__in=[e.uid for e in result.updated + result.unchanged + result.skipped])
        .select_related("activity")
    }
    for event in result.updated:
        imported = by_uid[event.uid]
        assert imported.activity is not None  # preview() puts events whose activity was deleted under skipped
        activity = imported.activity
        _fill(activity, event)
        save_activity(
            activity,
            organisers=list(activity.organisers.all()),
            themes=list(activity.themes.all()),
            lines=list(activity.lines.all()),
            sectors=list(activity.target_sectors.values_list("sector", flat=True)),
            keep_published=keep_published,
        )
    ImportedEvent.objects.filter(pk__in=[imported.pk for imported in by_uid.values()]).update(
        last_seen=now, removed_at=None
    )
    ImportedEvent.objects.filter(pk__in=[imported.pk for imported in result.removed]).update(removed_at=now)
    return result


def _fill(activity: Activity, event: ImportEvent) -> None:
    for name in FIELDS:
        setattr(activity, name, getattr(event, name))
    if event.url:
        activity.registration_url = event.url


def removed_events(organisation: Organisation) -> QuerySet[ImportedEvent]:
    """Events no longer in the organisation's calendar whose activity is still here, for the editor to decide."""
    return (
        ImportedEvent.objects.filter(organisation=organisation, removed_at__isnull=False, activity__isnull=False)
        .select_related("activity")
        .order_by("activity__start")
    )


def stage_spreadsheet(
    user: User, kind: str, programme: Programme | None, *, accept_suggestions: bool, content: bytes, filename: str
) -> StagedUpload:
    """Keep an uploaded spreadsheet for its check; nothing is imported yet. The payload holds the kind of records,
    the programme's pk, whether near misses count, and the columns chosen on the check page so far (column name
    → field name)."""
    return staging.stage(
        user,
        SPREADSHEET_UPLOAD,
        payload={
            "kind": kind,
            "programme": programme.pk if programme else None,
            "accept_suggestions": accept_suggestions,
            "columns": {},
        },
        content=content,
        filename=filename,
    )

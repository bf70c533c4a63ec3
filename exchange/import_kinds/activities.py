"""Activities in a spreadsheet: new ones created together through activities.services.create_activities, changed
ones saved through save_activity.
"""

import datetime as dt
from collections.abc import Iterable
from typing import cast

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind, TargetSector
from activities.services import FIRST_YEAR, LAST_YEAR, NewActivity, create_activities, save_activity
from core.models import PublicationStatus
from core.text import normalise_key
from exchange import cells
from exchange.import_kinds.common import (
    DESCRIPTION_HEADERS,
    SECTORS,
    STATUS,
    THEMES,
    Row,
    choice,
    choices,
    organisations,
    published_status,
    text,
    url,
)
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled

ACTIVITY_KINDS = cells.labels_of(
    ActivityKind.choices,
    {
        "bijeenkomst": "meeting",
        "overleg": "meeting",
        "evenement": "event",
        "open dag": "open_day",
        "lancering": "publication",
        "reeks": "series",
        "anders": "other",
        "werkplaats": "workshop",
    },
)


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    # The default zone (Europe/Amsterdam) directly: looking up the active one per cell costs a third of a dry run.
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(timezone.get_default_timezone()).date()


def _activity_complete(values: dict, lookups: Lookups) -> list:
    """The start and end from the date, times and end date; copes with a row whose failed cells are left out (see
    Kind.complete_without_failed). A time column may hold a span ("9.30 - 12.00 uur")."""
    if "date" not in values:
        return []
    day, at = values.pop("date")
    start_time, span_end = values.pop("start_time", None) or (at, None)
    end_time = values.pop("end_time", None) or span_end
    last_day = values.pop("end_date", None) or day
    if not FIRST_YEAR <= day.year <= LAST_YEAR or not FIRST_YEAR <= last_day.year <= LAST_YEAR:
        return [("date", _("The year lies outside %(first)s–%(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR})]
    if start_time is None:
        values.update(all_day=True, start=_aware(day, dt.time.min), end=_aware(last_day, dt.time.min))
    else:
        start = _aware(day, start_time)
        end = (
            _aware(last_day, end_time) if end_time else max(start + dt.timedelta(hours=1), _aware(last_day, start_time))
        )
        values.update(all_day=False, start=start, end=end)
    if values["end"] < values["start"]:
        return [("end_time" if end_time else "end_date", _("The end lies before the start."))]
    return []


def _activities_existing(lookups: Lookups) -> dict:
    related: dict[str, dict[int, set]] = {"organisers": {}, "themes": {}, "sectors": {}, "lines": {}}
    for activity_id, line_id in Activity.lines.through.objects.values_list("activity_id", "line_id"):
        related["lines"].setdefault(activity_id, set()).add(line_id)
    for activity_id, organisation_id in Activity.organisers.through.objects.values_list(
        "activity_id", "organisation_id"
    ):
        related["organisers"].setdefault(activity_id, set()).add(organisation_id)
    for activity_id, theme_id in Activity.themes.through.objects.values_list("activity_id", "theme_id"):
        related["themes"].setdefault(activity_id, set()).add(theme_id)
    for activity_id, sector in TargetSector.objects.values_list("activity_id", "sector"):
        related["sectors"].setdefault(activity_id, set()).add(sector)
    index = {}
    for row in cast(
        Iterable[Row],
        Activity.objects.values(
            "pk",
            "title",
            "kind",
            "description",
            "start",
            "end",
            "all_day",
            "place",
            "registration_url",
            "publication_status",
        ),
    ):
        row["status"] = row.pop("publication_status")
        for name, by_activity in related.items():
            row[name] = by_activity.get(row["pk"], set())
        day = _local_day(row["start"])
        for organisation_id in row["organisers"]:
            index[(organisation_id, normalise_key(row["title"]), day)] = row
    return index


def _activity_save(values: dict, current: dict | None, lookups: Lookups) -> Activity:
    record = Activity.objects.get(pk=current["pk"]) if current else Activity()
    for name in ("title", "kind", "description", "start", "end", "all_day", "place", "registration_url"):
        value = filled(values, current, name)
        if value is not None:
            setattr(record, name, value)
    record.publication_status = published_status(values, current)
    return save_activity(
        record,
        organisers=filled(values, current, "organisers"),
        themes=filled(values, current, "themes", []),
        lines=filled(values, current, "lines", []),
        sectors=filled(values, current, "sectors", []),
        keep_published=True,
    )


def _activities_create(rows: list[dict], lookups: Lookups) -> None:
    """New activities in bulk, through the service: the rows were checked as save_activity's full_clean would."""
    taken = lookups.remembered_value("activity-slugs", lambda: set(Activity.objects.values_list("slug", flat=True)))
    create_activities(
        [
            NewActivity(
                Activity(
                    title=values["title"],
                    kind=values.get("kind") or ActivityKind.EVENT,
                    description=values.get("description") or "",
                    start=values["start"],
                    end=values["end"],
                    all_day=values["all_day"],
                    place=values.get("place") or "",
                    registration_url=values.get("registration_url") or "",
                    publication_status=values.get("status") or PublicationStatus.DRAFT,
                ),
                organisers=values["organisers"],
                themes=values.get("themes") or [],
                lines=values.get("lines") or [],
                sectors=values.get("sectors") or [],
            )
            for values in rows
        ],
        taken_slugs=taken,
    )


def _activity_find(existing: dict, values: dict) -> dict | None:
    """The activity of this title on this day organised by any of the row's organisers."""
    title, day = normalise_key(values["title"]), _local_day(values["start"])
    return next(
        (
            existing[key]
            for key in ((organisation.pk, title, day) for organisation in values["organisers"])
            if key in existing
        ),
        None,
    )


ACTIVITIES = Kind(
    name="activities",
    label=_("activities"),
    fields=(
        Field(
            "title",
            _("title"),
            (
                "titel",
                "naam",
                "activiteit",
                "title",
                "name",
                "activity",
                "wat",
                "naam activiteit",
                "titel activiteit",
                "onderwerp",
                "subject",
                "evenement",
                "bijeenkomst",
            ),
            text(200),
            required=True,
        ),
        Field(
            "date",
            _("date"),
            (
                "datum",
                "date",
                "startdatum",
                "start date",
                "start",
                "begin",
                "wanneer",
                "dag",
                "begindatum",
                "datum activiteit",
            ),
            lambda cell, lookups: cells.date_and_time(cell),
            required=True,
        ),
        Field(
            "start_time",
            _("start time"),
            (
                "begintijd",
                "starttijd",
                "aanvang",
                "van",
                "start time",
                "from",
                "tijd",
                "tijdstip",
                "aanvangstijd",
                "time",
            ),
            lambda cell, lookups: cells.time_span(cell),
        ),
        Field(
            "end_date",
            _("end date"),
            ("einddatum", "end date", "t/m", "tot en met", "datum tot", "tot datum"),
            lambda cell, lookups: cells.date(cell),
        ),
        Field(
            "end_time",
            _("end time"),
            ("eindtijd", "einde", "tot", "end time", "end", "until", "eindtijdstip", "tot hoe laat"),
            lambda cell, lookups: cells.time(cell),
        ),
        Field(
            "organisers",
            _("organisers"),
            (
                "organisator",
                "organisatoren",
                "organisatie",
                "trekker",
                "trekkers",
                "lead",
                "organiser",
                "organisers",
                "organizer",
                "organisation",
                "door",
                "georganiseerd door",
                "organiserende partij",
                "organisatie door",
            ),
            organisations,
            required=True,
        ),
        Field(
            "kind",
            _("kind"),
            ("soort", "type", "kind", "vorm", "soort activiteit", "type activiteit"),
            choice(ACTIVITY_KINDS),
        ),
        Field(
            "place",
            _("place"),
            ("locatie", "plaats", "waar", "adres", "place", "location", "venue", "plek", "waar is het"),
            text(200),
        ),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(10000)),
        THEMES,
        Field(
            "sectors",
            _("for sectors"),
            ("doelgroep", "doelgroepen", "voor", "sectoren", "target group", "audience", "voor wie", "sector"),
            choices(SECTORS),
        ),
        Field(
            "registration_url",
            _("registration link"),
            (
                "aanmelden",
                "aanmeldlink",
                "inschrijven",
                "registration",
                "link",
                "url",
                "inschrijflink",
                "aanmelden link",
                "inschrijven link",
                "link aanmelden",
                "link inschrijven",
                "aanmelden via",
                "aanmeldformulier",
            ),
            url,
        ),
        Field(
            "lines",
            _("lines"),
            ("lijn", "lijnen", "zichtlijn", "zichtlijnen", "dwarslijn", "dwarslijnen", "line", "lines"),
            lambda cell, lookups: lookups.optional_network_lines(cell),
        ),
        STATUS,
    ),
    key=lambda values: (values["organisers"][0].pk, normalise_key(values["title"]), _local_day(values["start"])),
    existing=_activities_existing,
    complete=_activity_complete,
    save=_activity_save,
    create_many=_activities_create,
    find=_activity_find,
    complete_without_failed=True,
    describe=lambda values: f"{timezone.localtime(values['start']):%d-%m-%Y} {values['title']}",
)

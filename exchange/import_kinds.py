"""What each kind of record looks like in a spreadsheet: its fields with the column names people use for them
(Dutch and English), how a row finds the record it is about, and how it is saved through the app's own service.

The pipeline in exchange.spreadsheet does the rest, the same for every kind.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind, TargetSector
from activities.services import FIRST_YEAR, LAST_YEAR, save_activity
from core.models import CodeList, Language, PublicationStatus, Sector
from core.services import free_slug
from core.text import normalise_key
from exchange import cells
from exchange.cells import CellError, Noted
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled
from impact.models import ActivityFigures
from network.graph import records_changed
from network.models import Organisation, OrganisationAlias, Person, PersonRole, Theme
from network.services import save_organisation, save_person
from offerings.models import Audience, Offering, OfferingKind
from offerings.services import save_offering
from programmes.models import BudgetLine
from programmes.services import save_budget_line
from projects.models import Cluster, Project, ProjectStatus
from projects.services import save_project
from search.indexers import index
from stories import services as story_services
from stories.models import PART_MAX, QUOTE_MAX, Consent, Story, StorySource, StoryStatus

# A record's values(), extended in place with the names its fields go by in the import.
Row = dict[str, Any]

SECTORS = cells.labels_of(
    Sector.choices,
    {
        "basisschool": "po",
        "basisonderwijs": "po",
        "primair onderwijs": "po",
        "voortgezet onderwijs": "vo",
        "middelbare school": "vo",
        "speciaal onderwijs": "so",
        "beroepsonderwijs": "mbo",
        "hogeschool": "hbo",
        "universiteit": "wo",
        "welzijn": "welzijn_zorg",
        "zorg": "welzijn_zorg",
        "welzijn en zorg": "welzijn_zorg",
        "bedrijfsleven": "bedrijf",
        "bedrijven": "bedrijf",
        "kunst en cultuur": "cultuur",
        "onderzoek": "kennisinstelling",
        "anders": "overig",
    },
)
STATUSES = cells.labels_of(
    PublicationStatus.choices,
    {"concept": "draft", "gepubliceerd": "published", "openbaar": "published", "online": "published"},
)
STORY_STATUSES = cells.labels_of(
    [(StoryStatus.NEW, StoryStatus.NEW.label), (StoryStatus.PUBLISHED, StoryStatus.PUBLISHED.label)],
    {
        "nieuw": "new",
        "te beoordelen": "new",
        "geaccepteerd": "published",
        "gepubliceerd": "published",
        "accepted": "published",
    },
)
CONSENTS = cells.labels_of(
    Consent.choices,
    {
        "ja": "role",
        "rol": "role",
        "alleen rol": "role",
        "anoniem": "role",
        "met naam": "named",
        "naam": "named",
        "ja met naam": "named",
        "nee": "internal",
        "intern": "internal",
        "niet publiceren": "internal",
        "alleen intern": "internal",
        "no": "internal",
        "yes": "role",
    },
)
SOURCES = cells.labels_of(
    StorySource.choices,
    {
        "formulier": "form",
        "enquete": "survey",
        "vragenlijst": "survey",
        "gesprek": "interview",
        "anders": "other",
        "verslag": "document",
        "rapport": "document",
    },
)
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
CLUSTERS = cells.labels_of(
    Cluster.choices,
    {
        "gezondheid": Cluster.HEALTH,
        "duurzaamheid": Cluster.BIODIVERSITY,
        "erfgoed": Cluster.HERITAGE,
        "kennisstad": Cluster.KNOWLEDGE_CITY,
    },
)
PROJECT_STATUSES = cells.labels_of(
    ProjectStatus.choices,
    {"gepland": "planned", "loopt": "running", "lopend": "running", "gepauzeerd": "paused", "afgerond": "completed"},
)
OFFERING_KINDS = cells.labels_of(
    OfferingKind.choices,
    {
        "gastles": "guest_lesson",
        "excursie": "excursion",
        "lesmateriaal": "material",
        "programma": "programme",
        "professionalisering": "professional",
        "scholing": "professional",
        "anders": "other",
    },
)
AUDIENCES = cells.labels_of(
    Audience.choices,
    {
        "basisonderwijs": "po",
        "basisschool": "po",
        "voortgezet onderwijs": "vo",
        "leraren": "professionals",
        "leerkrachten": "professionals",
        "docenten": "professionals",
        "professionals": "professionals",
    },
)
LANGUAGES = cells.labels_of(
    Language.choices,
    {"nederlands": "nl", "engels": "en", "arabisch": "ar", "turks": "tr", "pools": "pl", "oekraiens": "uk"},
)
ROLES = cells.labels_of(
    PersonRole.choices,
    {"zichthouder": "zichthouder", "verkenner": "verkenner", "medewerker": "medewerker", "coordinator": "coordinator"},
)


def text(max_length: int) -> Callable[[str, Lookups], str]:
    return lambda cell, lookups: cells.text(cell, max_length)


def choice(lookup: dict) -> Callable[[str, Lookups], str | None]:
    return lambda cell, lookups: cells.choice(cell, lookup)


def choices(lookup: dict) -> Callable[[str, Lookups], list[str | None]]:
    return lambda cell, lookups: [cells.choice(part, lookup) for part in cells.split_list(cell)]


def url(cell: str, lookups: Lookups) -> str:
    value = cells.text(cell, 200)
    if value and not value.startswith(("http://", "https://")):
        value = cells.text(f"https://{value}", 200)
    try:
        if value:
            URLValidator()(value)
    except ValidationError:
        raise CellError(_("“%(value)s” is not a web address.") % {"value": cell.strip()}) from None
    return value


def email(cell: str, lookups: Lookups) -> str:
    value = cells.text(cell, 254)
    try:
        if value:
            validate_email(value)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": value}) from None
    return value


def organisation(cell: str, lookups: Lookups) -> Noted:
    return lookups.organisation(cell)


def organisations(cell: str, lookups: Lookups) -> Noted:
    return lookups.organisations(cell)


def themes(cell: str, lookups: Lookups) -> list[Theme]:
    return lookups.themes(cell)


def published_status(values: dict, current: dict | None) -> str:
    return filled(values, current, "status", PublicationStatus.DRAFT)


STATUS = Field(
    "status", _("publication status"), ("status", "publicatie", "gepubliceerd", "published"), choice(STATUSES)
)
THEMES = Field("themes", _("themes"), ("thema", "themas", "thema's", "theme", "themes", "onderwerpen"), themes)
DESCRIPTION_HEADERS = ("omschrijving", "beschrijving", "toelichting", "description", "about")


# Organisations ---------------------------------------------------------------------------------------------------


def _organisations_existing(lookups: Lookups) -> dict:
    aliases: dict[int, set[str]] = {}
    for organisation_id, alias in OrganisationAlias.objects.values_list("organisation_id", "alias"):
        aliases.setdefault(organisation_id, set()).add(alias)
    themes_of: dict[int, set[int]] = {}
    for organisation_id, theme_id in Organisation.themes.through.objects.values_list("organisation_id", "theme_id"):
        themes_of.setdefault(organisation_id, set()).add(theme_id)
    return {
        row["name_key"]: {
            **row,
            "aliases": aliases.get(row["pk"], set()),
            "parent": row["parent_id"],
            "themes": themes_of.get(row["pk"], set()),
        }
        for row in Organisation.objects.values(
            "pk", "name", "name_key", "sector", "website", "description", "parent_id"
        )
    }


def _organisation_complete(values: dict, lookups: Lookups) -> list:
    # A row may name an organisation by an abbreviation rimpel knows: it is about that organisation.
    known = lookups.known_organisation(values["name"])
    if known is not None:
        values["name"] = known.name
    return []


def _organisation_check(values: dict, current: dict | None) -> list:
    if current is None and not values.get("sector"):
        return [("sector", _("A new organisation needs a sector."))]
    if current is not None:
        # Abbreviations in the sheet are added to those the organisation has.
        values["aliases"] = sorted(current["aliases"] | set(values.get("aliases") or []))
    return []


def _organisation_save(values: dict, current: dict | None, lookups: Lookups) -> Organisation:
    record = Organisation.objects.get(pk=current["pk"]) if current else Organisation(name=values["name"])
    for name in ("sector", "website", "description"):
        setattr(record, name, filled(values, current, name, ""))
    parent = values.get("parent")
    if parent is not None:
        record.parent = parent
    return save_organisation(
        record, list(filled(values, current, "aliases", [])), themes=filled(values, current, "themes", [])
    )


ORGANISATIONS = Kind(
    name="organisations",
    label=_("organisations"),
    fields=(
        Field(
            "name",
            _("name"),
            ("naam", "organisatie", "organisation", "organization", "instelling"),
            text(200),
            required=True,
        ),
        Field("sector", _("sector"), ("sector", "soort", "type"), choice(SECTORS)),
        Field(
            "aliases",
            _("abbreviations"),
            ("afkorting", "afkortingen", "alias", "aliassen", "abbreviation", "abbreviations"),
            lambda cell, lookups: cells.split_list(cell),
        ),
        Field("website", _("website"), ("website", "site", "url", "webadres"), url),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(5000)),
        THEMES,
        Field("parent", _("part of"), ("onderdeel van", "part of", "moederorganisatie", "parent"), organisation),
    ),
    key=lambda values: normalise_key(values["name"]),
    existing=_organisations_existing,
    complete=_organisation_complete,
    check=_organisation_check,
    save=_organisation_save,
    describe=lambda values: values["name"],
)


# People ----------------------------------------------------------------------------------------------------------


def _people_existing(lookups: Lookups) -> dict:
    index = {}
    for row in cast(
        Iterable[Row], Person.objects.values("pk", "name", "role", "job_title", "email", "phone", "organisation_id")
    ):
        row["organisation"] = row.pop("organisation_id")
        index[(row["organisation"], normalise_key(row["name"]))] = row
    return index


def _person_save(values: dict, current: dict | None, lookups: Lookups) -> Person:
    record = Person.objects.get(pk=current["pk"]) if current else Person()
    record.name, record.organisation = values["name"], values["organisation"]
    record.role = filled(values, current, "role", PersonRole.MEDEWERKER)
    for name in ("job_title", "email", "phone"):
        setattr(record, name, filled(values, current, name, ""))
    return save_person(record)


PEOPLE = Kind(
    name="people",
    label=_("people"),
    fields=(
        Field("name", _("name"), ("naam", "name", "persoon", "person", "contactpersoon"), text(150), required=True),
        Field(
            "organisation",
            _("organisation"),
            ("organisatie", "organisation", "organization", "instelling"),
            organisation,
            required=True,
        ),
        Field("role", _("role in the network"), ("rol", "role", "netwerkrol"), choice(ROLES)),
        Field("job_title", _("job title"), ("functie", "job title", "functietitel"), text(150)),
        Field("email", _("e-mail address"), ("email", "e-mail", "e-mailadres", "mail"), email),
        Field("phone", _("phone"), ("telefoon", "telefoonnummer", "phone", "tel"), text(40)),
    ),
    key=lambda values: (values["organisation"].pk, normalise_key(values["name"])),
    existing=_people_existing,
    save=_person_save,
    describe=lambda values: f"{values['name']} ({values['organisation'].name})",
)


# Activities ------------------------------------------------------------------------------------------------------


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    # The default zone (Europe/Amsterdam) directly: looking up the active one per cell costs a third of a dry run.
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(timezone.get_default_timezone()).date()


def _activity_complete(values: dict, lookups: Lookups) -> list:
    day, at = values.pop("date")
    start_time, end_time = values.pop("start_time", None) or at, values.pop("end_time", None)
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
    related: dict[str, dict[int, set]] = {"organisers": {}, "themes": {}, "sectors": {}}
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
        lines=list(record.lines.all()) if record.pk else [],
        sectors=filled(values, current, "sectors", []),
        keep_published=True,
    )


def _activities_create(rows: list[dict], lookups: Lookups) -> None:
    """New activities in bulk: the rows were checked as save_activity's full_clean would (lengths, choices, web
    addresses, the end after the start), so they are inserted together with their links, and the side work that
    signals would do (search index, network map version) is asked for explicitly."""
    taken = lookups.remembered_value("activity-slugs", lambda: set(Activity.objects.values_list("slug", flat=True)))
    activities = [
        Activity(
            title=values["title"],
            slug=free_slug(values["title"], taken),
            kind=values.get("kind") or ActivityKind.EVENT,
            description=values.get("description") or "",
            start=values["start"],
            end=values["end"],
            all_day=values["all_day"],
            place=values.get("place") or "",
            registration_url=values.get("registration_url") or "",
            publication_status=values.get("status") or PublicationStatus.DRAFT,
        )
        for values in rows
    ]
    Activity.objects.bulk_create(activities)
    organisers, themes = Activity.organisers.through, Activity.themes.through
    organisers.objects.bulk_create(
        [
            organisers(activity_id=activity.pk, organisation_id=organisation.pk)
            for activity, values in zip(activities, rows, strict=True)
            for organisation in values["organisers"]
        ]
    )
    themes.objects.bulk_create(
        [
            themes(activity_id=activity.pk, theme_id=theme.pk)
            for activity, values in zip(activities, rows, strict=True)
            for theme in values.get("themes") or []
        ]
    )
    TargetSector.objects.bulk_create(
        [
            TargetSector(activity=activity, sector=sector)
            for activity, values in zip(activities, rows, strict=True)
            for sector in set(values.get("sectors") or [])
        ]
    )
    for activity in activities:
        index(activity)
    records_changed()


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
            ("titel", "naam", "activiteit", "title", "name", "activity", "wat"),
            text(200),
            required=True,
        ),
        Field(
            "date",
            _("date"),
            ("datum", "date", "startdatum", "start date", "start", "begin", "wanneer", "dag"),
            lambda cell, lookups: cells.date_and_time(cell),
            required=True,
        ),
        Field(
            "start_time",
            _("start time"),
            ("begintijd", "starttijd", "aanvang", "van", "start time", "from"),
            lambda cell, lookups: cells.time(cell),
        ),
        Field(
            "end_date",
            _("end date"),
            ("einddatum", "end date", "t/m", "tot en met"),
            lambda cell, lookups: cells.date(cell),
        ),
        Field(
            "end_time",
            _("end time"),
            ("eindtijd", "einde", "tot", "end time", "end", "until"),
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
            ),
            organisations,
            required=True,
        ),
        Field("kind", _("kind"), ("soort", "type", "kind", "vorm"), choice(ACTIVITY_KINDS)),
        Field("place", _("place"), ("locatie", "plaats", "waar", "adres", "place", "location", "venue"), text(200)),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(10000)),
        THEMES,
        Field(
            "sectors",
            _("for sectors"),
            ("doelgroep", "doelgroepen", "voor", "sectoren", "target group", "audience"),
            choices(SECTORS),
        ),
        Field(
            "registration_url",
            _("registration link"),
            ("aanmelden", "aanmeldlink", "inschrijven", "registration", "link", "url"),
            url,
        ),
        STATUS,
    ),
    key=lambda values: (values["organisers"][0].pk, normalise_key(values["title"]), _local_day(values["start"])),
    existing=_activities_existing,
    complete=_activity_complete,
    save=_activity_save,
    create_many=_activities_create,
    find=_activity_find,
    describe=lambda values: f"{timezone.localtime(values['start']):%d-%m-%Y} {values['title']}",
)


# Projects --------------------------------------------------------------------------------------------------------


def _projects_existing(lookups: Lookups) -> dict:
    related: dict[str, dict[int, set]] = {name: {} for name in ("leads", "partners", "themes")}
    for name, column in (("leads", "organisation_id"), ("partners", "organisation_id"), ("themes", "theme_id")):
        for project_id, other in getattr(Project, name).through.objects.values_list("project_id", column):
            related[name].setdefault(project_id, set()).add(other)
    index = {}
    for row in cast(
        Iterable[Row],
        Project.objects.values("pk", "code", "title", "cluster", "description", "status", "publication_status"),
    ):
        row["publication"] = row.pop("publication_status")
        row["project_status"] = row.pop("status")
        for name, by_project in related.items():
            row[name] = by_project.get(row["pk"], set())
        index[normalise_key(row["code"])] = row
    return index


def _project_save(values: dict, current: dict | None, lookups: Lookups) -> Project:
    record = Project.objects.get(pk=current["pk"]) if current else Project(code=values["code"])
    for name in ("title", "cluster", "description"):
        setattr(record, name, filled(values, current, name, ""))
    record.status = filled(values, current, "project_status", ProjectStatus.RUNNING)
    record.publication_status = filled(values, current, "publication", PublicationStatus.DRAFT)
    record.full_clean(exclude=["leads", "partners", "themes", "slug"])
    return save_project(
        record,
        leads=filled(values, current, "leads"),
        partners=filled(values, current, "partners", []),
        themes=filled(values, current, "themes", []),
        keep_published=True,
    )


def _project_complete(values: dict, lookups: Lookups) -> list:
    # A lead is not also a partner (save_project leaves it out), so the sheet compares as what is stored.
    if values.get("partners"):
        values["partners"] = [partner for partner in values["partners"] if partner not in values["leads"]]
    return []


PROJECTS = Kind(
    name="projects",
    label=_("projects"),
    fields=(
        Field("code", _("code"), ("code", "nummer", "projectcode", "nr"), text(20), required=True),
        Field("title", _("title"), ("titel", "naam", "project", "title", "name"), text(200), required=True),
        Field("cluster", _("cluster"), ("cluster", "domein"), choice(CLUSTERS), required=True),
        Field(
            "leads",
            _("leads (trekkers)"),
            ("trekker", "trekkers", "lead", "leads", "penvoerder"),
            organisations,
            required=True,
        ),
        Field("partners", _("partners"), ("partners", "partner", "betrokken", "samenwerkingspartners"), organisations),
        Field("project_status", _("status"), ("status", "fase", "stand"), choice(PROJECT_STATUSES)),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(10000)),
        THEMES,
        Field("publication", _("publication status"), ("publicatie", "gepubliceerd", "published"), choice(STATUSES)),
    ),
    key=lambda values: normalise_key(values["code"]),
    existing=_projects_existing,
    complete=_project_complete,
    save=_project_save,
    describe=lambda values: f"{values['code']} {values['title']}",
)


# Offerings -------------------------------------------------------------------------------------------------------


def _offerings_existing(lookups: Lookups) -> dict:
    themes_of: dict[int, set[int]] = {}
    for offering_id, theme_id in Offering.themes.through.objects.values_list("offering_id", "theme_id"):
        themes_of.setdefault(offering_id, set()).add(theme_id)
    index = {}
    for row in cast(
        Iterable[Row],
        Offering.objects.values(
            "pk",
            "provider_id",
            "title",
            "kind",
            "description",
            "audiences",
            "grade_from",
            "grade_to",
            "is_free",
            "price",
            "duration",
            "place",
            "at_school",
            "languages",
            "contact",
            "booking",
            "expires_on",
            "publication_status",
        ),
    ):
        row.update(
            provider=row.pop("provider_id"),
            status=row.pop("publication_status"),
            audiences=set(CodeList.unpack(row["audiences"])),
            languages=set(CodeList.unpack(row["languages"])),
            themes=themes_of.get(row["pk"], set()),
        )
        index[(row["provider"], normalise_key(row["title"]))] = row
    return index


def _offering_check(values: dict, current: dict | None) -> list:
    low, high = filled(values, current, "grade_from"), filled(values, current, "grade_to")
    if low and high and high < low:
        return [("grade_to", _("The last group comes before the first."))]
    return []


def _offering_save(values: dict, current: dict | None, lookups: Lookups) -> Offering:
    record = Offering.objects.get(pk=current["pk"]) if current else Offering(provider=values["provider"])
    for name in ("title", "kind", "description", "duration", "place", "contact", "booking"):
        setattr(record, name, filled(values, current, name, ""))
    for name in ("grade_from", "grade_to", "price", "expires_on"):
        setattr(record, name, filled(values, current, name))
    for name in ("is_free", "at_school"):
        setattr(record, name, bool(filled(values, current, name, False)))
    record.audiences = CodeList.pack(filled(values, current, "audiences", []))
    record.languages = CodeList.pack(filled(values, current, "languages", []))
    record.publication_status = published_status(values, current)
    return save_offering(record, themes=filled(values, current, "themes", []), keep_published=True)


def _grade(cell: str, lookups: Lookups) -> int | None:
    return cells.integer(cell, 1, 8)


OFFERINGS = Kind(
    name="offerings",
    label=_("offerings"),
    fields=(
        Field("title", _("title"), ("titel", "naam", "aanbod", "title", "name"), text(200), required=True),
        Field(
            "provider",
            _("provider"),
            ("aanbieder", "organisatie", "provider", "organisation"),
            organisation,
            required=True,
        ),
        Field("kind", _("kind"), ("soort", "type", "vorm", "kind"), choice(OFFERING_KINDS), required=True),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(10000), required=True),
        Field(
            "audiences",
            _("for"),
            ("voor", "doelgroep", "doelgroepen", "for", "audience"),
            choices(AUDIENCES),
            required=True,
        ),
        Field("grade_from", _("from group"), ("vanaf groep", "groep van", "from group"), _grade),
        Field("grade_to", _("to group"), ("tot en met groep", "groep tot", "to group"), _grade),
        THEMES,
        Field("is_free", _("free"), ("gratis", "kosteloos", "free"), lambda cell, lookups: cells.yes_no(cell)),
        Field(
            "price",
            _("price (euro)"),
            ("prijs", "kosten", "price", "cost"),
            lambda cell, lookups: cells.amount(cell, max_digits=8),
        ),
        Field("duration", _("duration"), ("duur", "tijdsduur", "duration"), text(100)),
        Field("place", _("place"), ("locatie", "plaats", "place", "location"), text(200)),
        Field(
            "at_school",
            _("can come to your school"),
            ("op school", "op locatie", "at school"),
            lambda cell, lookups: cells.yes_no(cell),
        ),
        Field("languages", _("languages"), ("talen", "taal", "languages", "language"), choices(LANGUAGES)),
        Field("contact", _("contact"), ("contact", "contactpersoon"), text(200)),
        Field("booking", _("how to book"), ("boeken", "aanmelden", "reserveren", "booking"), text(300)),
        Field(
            "expires_on",
            _("offered until"),
            ("tot", "geldig tot", "aangeboden tot", "einddatum", "until"),
            lambda cell, lookups: cells.date(cell),
        ),
        STATUS,
    ),
    key=lambda values: (values["provider"].pk, normalise_key(values["title"])),
    existing=_offerings_existing,
    check=_offering_check,
    save=_offering_save,
    describe=lambda values: f"{values['title']} ({values['provider'].name})",
)


# First-degree figures --------------------------------------------------------------------------------------------


def _figures_complete(values: dict, lookups: Lookups) -> list:
    try:
        values["activity"] = lookups.activity(values["activity"], on=values.pop("date", None))
    except CellError as error:
        return [("activity", str(error))]
    return []


def _figures_existing(lookups: Lookups) -> dict:
    involved: dict[int, set[int]] = {}
    for figures_id, organisation_id in ActivityFigures.involved_organisations.through.objects.values_list(
        "activityfigures_id", "organisation_id"
    ):
        involved.setdefault(figures_id, set()).add(organisation_id)
    return {
        row["activity_id"]: {**row, "activity": row["activity_id"], "involved": involved.get(row["pk"], set())}
        for row in ActivityFigures.objects.values("pk", "activity_id", "participants", "first_timers", "source")
    }


def _figures_check(values: dict, current: dict | None) -> list:
    participants, first = filled(values, current, "participants"), filled(values, current, "first_timers")
    if participants is not None and first is not None and first > participants:
        return [("first_timers", _("More first-time participants than participants."))]
    return []


def _figures_save(values: dict, current: dict | None, lookups: Lookups) -> ActivityFigures:
    record = ActivityFigures.objects.get(pk=current["pk"]) if current else ActivityFigures(activity=values["activity"])
    for name in ("participants", "first_timers", "source"):
        setattr(record, name, filled(values, current, name, "" if name == "source" else None))
    record.full_clean(exclude=["involved_organisations"])
    record.save()
    record.involved_organisations.set(filled(values, current, "involved", []))
    return record


FIGURES = Kind(
    name="figures",
    label=_("first-degree figures"),
    fields=(
        Field(
            "activity", _("activity"), ("activiteit", "activity", "titel", "title", "naam"), text(220), required=True
        ),
        Field("date", _("date"), ("datum", "date"), lambda cell, lookups: cells.date(cell)),
        Field(
            "participants",
            _("participants"),
            ("deelnemers", "aantal deelnemers", "bereik", "aanwezigen", "participants", "ring 1", "ring1"),
            lambda cell, lookups: cells.integer(cell),
        ),
        Field(
            "first_timers",
            _("first-time participants"),
            ("nieuwe deelnemers", "eerste keer", "nieuw", "first-timers", "first timers", "new participants"),
            lambda cell, lookups: cells.integer(cell),
        ),
        Field(
            "involved",
            _("partner organisations involved"),
            ("partners", "betrokken organisaties", "betrokken partners", "partner organisations"),
            organisations,
        ),
        Field("source", _("source"), ("bron", "source"), text(200)),
    ),
    key=lambda values: values["activity"].pk,
    existing=_figures_existing,
    complete=_figures_complete,
    check=_figures_check,
    save=_figures_save,
    describe=lambda values: str(values["activity"]),
)


# Stories ---------------------------------------------------------------------------------------------------------

RINGS = (1, 2, 3)


def _ring_dimension(ring: int) -> Callable[[str, Lookups], Noted]:
    return lambda cell, lookups: lookups.dimension(ring, cell)


def _story_complete(values: dict, lookups: Lookups) -> list:
    problems = []
    for ring in RINGS:
        part_text, dimension = values.get(f"ring{ring}_text"), values.get(f"ring{ring}_dimension")
        if part_text and dimension is None:
            problems.append((f"ring{ring}_dimension", _("Ring %(ring)s has a text but no dimension.") % {"ring": ring}))
        elif dimension is not None and not part_text:
            problems.append((f"ring{ring}_text", _("Ring %(ring)s has a dimension but no text.") % {"ring": ring}))
    if not any(values.get(f"ring{ring}_text") for ring in RINGS):
        problems.append(("ring1_text", str(_("The story tells nothing about any ring."))))
    if values.get("activity"):
        try:
            values["activity"] = lookups.activity(values["activity"], on=values.get("collected_on"))
        except CellError as error:
            problems.append(("activity", str(error)))
    if values.get("status") == StoryStatus.NEW:
        # "New" is where every imported story starts; it never takes a published story back to the queue.
        del values["status"]
    if values.get("consent") != Consent.NAMED:
        # Names and addresses are kept only with consent to be named; the dry run says they will be left out.
        values["respondent_name"] = values["email"] = ""
    return problems


def _story_key(values: dict) -> tuple:
    return (
        values["collected_on"],
        normalise_key(values["respondent_role"]),
        *(normalise_key(values.get(f"ring{ring}_text") or "") for ring in RINGS),
    )


def _stories_existing(lookups: Lookups) -> dict:
    stories = Story.objects.filter(programme=lookups.programme).prefetch_related("parts", "themes")
    index = {}
    for story in stories:
        current = {
            name: getattr(story, name)
            for name in (
                "pk",
                "collected_on",
                "respondent_role",
                "sector",
                "organisation_name",
                "respondent_name",
                "email",
                "consent",
                "quote",
                "source",
                "status",
            )
        }
        current.update(
            activity=story.activity_id, line=story.line_id, themes={theme.pk for theme in story.themes.all()}
        )
        for part in story.parts.all():
            # A curator's correction keeps the respondent's words, which are what a sheet holds.
            current[f"ring{part.ring}_text"] = part.original_text or part.text
            current[f"ring{part.ring}_dimension"] = part.dimension_id
        index[_story_key(current)] = current
    return index


def _story_save(values: dict, current: dict | None, lookups: Lookups) -> Story:
    record = (
        Story.objects.get(pk=current["pk"])
        if current
        else Story(programme=lookups.programme, source=StorySource.DOCUMENT)
    )
    for name in (
        "collected_on",
        "respondent_role",
        "sector",
        "organisation_name",
        "respondent_name",
        "email",
        "consent",
        "quote",
        "source",
    ):
        value = filled(values, current, name)
        if value is not None:
            setattr(record, name, value)
    for name in ("activity", "line"):
        if values.get(name) is not None:
            setattr(record, name, values[name])
    # The ring texts are part of what identifies the story, so a ring it has keeps its stored text (a curator's
    # correction stays); only its dimension can change, and a ring it lacks is added.
    stored = {part.ring: part for part in record.parts.all()} if record.pk else {}
    parts = {}
    for ring in RINGS:
        part = stored.get(ring)
        part_text = part.text if part else values.get(f"ring{ring}_text")
        if part_text:
            # A ring without a stored part has its dimension in the row (_story_complete checks it).
            key = f"ring{ring}_dimension"
            parts[ring] = ((values.get(key) or part.dimension) if part else values[key], part_text)
    record.full_clean(exclude=["programme", "line", "activity", "link", "merged_into", "organisation", "themes"])
    story = story_services.save_story(
        record, parts=parts, themes=filled(values, current, "themes", []), user=lookups.user
    )
    if values.get("status") == StoryStatus.PUBLISHED and story.status != StoryStatus.PUBLISHED:
        story_services.publish(story)
    return story


RING_LABELS = {
    1: (_("ring 1: text"), _("ring 1: dimension"), ("eerste ring", "eerstegraads", "first ring")),
    2: (_("ring 2: text"), _("ring 2: dimension"), ("tweede ring", "tweedegraads", "second ring")),
    3: (_("ring 3: text"), _("ring 3: dimension"), ("derde ring", "derdegraads", "third ring")),
}


def _ring_fields(ring: int) -> tuple[Field, Field]:
    text_label, dimension_label, names = RING_LABELS[ring]
    return (
        Field(
            f"ring{ring}_text",
            text_label,
            (f"ring {ring}", f"ring{ring}", f"ring {ring} tekst", f"tekst ring {ring}", f"ring {ring} text", *names),
            text(PART_MAX),
        ),
        Field(
            f"ring{ring}_dimension",
            dimension_label,
            (
                f"dimensie ring {ring}",
                f"ring {ring} dimensie",
                f"dimensie {ring}",
                f"ring {ring} dimension",
                f"dimension ring {ring}",
            ),
            _ring_dimension(ring),
        ),
    )


STORIES = Kind(
    name="stories",
    label=_("stories"),
    fields=(
        Field(
            "collected_on",
            _("collected on"),
            ("datum", "date", "verzameld op", "opgehaald op", "collected on"),
            lambda cell, lookups: cells.date(cell),
            required=True,
        ),
        Field("respondent_role", _("role"), ("rol", "functie", "role", "respondent"), text(100), required=True),
        Field("sector", _("sector"), ("sector",), choice(SECTORS)),
        Field(
            "organisation_name", _("organisation"), ("organisatie", "organisation", "school", "instelling"), text(200)
        ),
        Field("respondent_name", _("name"), ("naam", "name"), text(150)),
        Field("email", _("e-mail address"), ("email", "e-mail", "e-mailadres"), email),
        Field(
            "consent",
            _("consent"),
            ("toestemming", "consent", "publicatie", "akkoord"),
            choice(CONSENTS),
            required=True,
        ),
        Field("activity", _("activity"), ("activiteit", "activity"), text(220)),
        Field(
            "line",
            _("ambition"),
            ("ambitie", "lijn", "actielijn", "ambition", "line"),
            lambda cell, lookups: lookups.programme_line(cell),
        ),
        *_ring_fields(1),
        *_ring_fields(2),
        *_ring_fields(3),
        Field("quote", _("quote"), ("citaat", "quote", "in een zin", "kern"), text(QUOTE_MAX)),
        Field("source", _("source"), ("bron", "source", "manier"), choice(SOURCES)),
        THEMES,
        Field("status", _("status"), ("status", "beoordeling"), choice(STORY_STATUSES)),
    ),
    key=_story_key,
    existing=_stories_existing,
    complete=_story_complete,
    save=_story_save,
    describe=lambda values: f"{values['collected_on']:%d-%m-%Y} {values['respondent_role']}",
    needs_programme=True,
)


# Budget lines ----------------------------------------------------------------------------------------------------


def _budget_existing(lookups: Lookups) -> dict:
    return {
        (row["line_id"], row["year"]): {**row, "line": row["line_id"]}
        for row in BudgetLine.objects.filter(line__programme=lookups.programme).values(
            "pk", "year", "planned", "realised", "line_id"
        )
    }


def _budget_save(values: dict, current: dict | None, lookups: Lookups) -> BudgetLine:
    return save_budget_line(
        values["line"], values["year"], filled(values, current, "planned", 0), filled(values, current, "realised")
    )


BUDGET_LINES = Kind(
    name="budget",
    label=_("budget lines"),
    fields=(
        Field(
            "line",
            _("line"),
            ("lijn", "ambitie", "actielijn", "code", "line", "programmalijn"),
            lambda cell, lookups: lookups.programme_line(cell),
            required=True,
        ),
        Field(
            "year", _("year"), ("jaar", "year"), lambda cell, lookups: cells.integer(cell, 1901, 2999), required=True
        ),
        Field(
            "planned",
            _("planned (euro)"),
            ("begroot", "begroting", "gepland", "planned", "budget"),
            lambda cell, lookups: cells.amount(cell, max_digits=12),
            required=True,
        ),
        Field(
            "realised",
            _("realised (euro)"),
            ("gerealiseerd", "realisatie", "besteed", "uitgegeven", "realised", "realized", "spent"),
            lambda cell, lookups: cells.amount(cell, max_digits=12),
        ),
    ),
    key=lambda values: (values["line"].pk, values["year"]),
    existing=_budget_existing,
    save=_budget_save,
    describe=lambda values: f"{values['line'].code} {values['year']}",
    needs_programme=True,
)

KINDS = {
    kind.name: kind for kind in (ORGANISATIONS, PEOPLE, ACTIVITIES, PROJECTS, OFFERINGS, FIGURES, STORIES, BUDGET_LINES)
}

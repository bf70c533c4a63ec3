"""The shapes the API reads and writes; the OpenAPI document (and so /api/docs) is generated from them."""

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator

from activities.models import ActivityKind, SchoolType
from activities.services import FIRST_YEAR, LAST_YEAR
from core.models import Language, Sector
from documents.models import DocumentKind
from network.models import LineKind, LineQuestionState
from offerings.filters import GROUPS
from offerings.models import Audience, OfferingKind
from projects.models import Cluster, ProjectStatus
from stories.models import PART_MAX, QUOTE_MAX, ROLE_MAX, Consent

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25

# The codes are each model's choices, as literals in the OpenAPI document; they are known at run time only, so to
# mypy they are strings.
if TYPE_CHECKING:
    SectorCode = str
    KindCode = str
    SchoolTypeCode = str
    LanguageCode = str
    AudienceCode = str
    OfferingKindCode = str
    GroupCode = str
    ProjectStatusCode = str
    ClusterCode = str
    ConsentCode = str
    DocumentKindCode = str
    LineKindCode = str
    LineQuestionStateCode = str
else:
    SectorCode = Literal[tuple(Sector.values)]
    KindCode = Literal[tuple(ActivityKind.values)]
    SchoolTypeCode = Literal[("", *SchoolType.values)]
    LanguageCode = Literal[tuple(Language.values)]
    AudienceCode = Literal[tuple(Audience.values)]
    OfferingKindCode = Literal[tuple(OfferingKind.values)]
    GroupCode = Literal[tuple(code for code, _label in GROUPS)]
    ProjectStatusCode = Literal[tuple(ProjectStatus.values)]
    ClusterCode = Literal[tuple(Cluster.values)]
    ConsentCode = Literal[tuple(Consent.values)]
    DocumentKindCode = Literal[tuple(DocumentKind.values)]
    LineKindCode = Literal[tuple(LineKind.values)]
    LineQuestionStateCode = Literal[tuple(LineQuestionState.values)]


def _iso_date(value):
    """Only YYYY-MM-DD: pydantic would also read a number as a Unix time."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("Give a date as YYYY-MM-DD.")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


# --- Errors ------------------------------------------------------------------------------------------------------


class Error(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Per field (or `non_field`), what is wrong with it; only for invalid input."
    )


# --- Query parameters ----------------------------------------------------------------------------------------------


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Records per page.")


class OrganisationQuery(PageQuery):
    sector: SectorCode | None = Field(None, description="Only organisations of this sector.")
    theme: str | None = Field(None, max_length=50, description="Only organisations working on this theme (slug).")
    place: str | None = Field(None, max_length=100, description="Only organisations in this place (any case).")


class ActivityQuery(PageQuery):
    year: int | None = Field(
        None, ge=FIRST_YEAR, le=LAST_YEAR, description="Activities that take place (partly) in this year."
    )
    month: str | None = Field(
        None,
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        description="Activities that take place (partly) in this month, as YYYY-MM.",
    )
    date_from: IsoDate | None = Field(
        None, alias="from", description="Activities that end on or after this day (YYYY-MM-DD)."
    )
    date_to: IsoDate | None = Field(
        None, alias="to", description="Activities that start on or before this day (YYYY-MM-DD)."
    )
    theme: str | None = Field(None, max_length=50, description="Theme (slug).")
    sector: SectorCode | None = Field(None, description="Target sector.")
    line: str | None = Field(None, max_length=50, description="Network line (slug).")
    organisation: str | None = Field(None, max_length=200, description="Organiser (slug).")
    kind: KindCode | None = Field(None, description="Kind of activity.")
    open_for_partners: bool | None = Field(None, description="`true`: only activities open to partners.")
    status: Literal["published", "draft"] = Field(
        "published", description="`draft`: the token's organisation's draft activities (needs a token)."
    )


class ProjectQuery(PageQuery):
    organisation: str | None = Field(None, max_length=200, description="Lead or partner organisation (slug).")
    theme: str | None = Field(None, max_length=50, description="Theme (slug).")
    status: ProjectStatusCode | None = Field(None, description="Project status.")
    cluster: ClusterCode | None = Field(None, description="Cluster.")


class DocumentQuery(PageQuery):
    kind: DocumentKindCode | None = Field(None, description="Kind of document or medium.")
    theme: str | None = Field(None, max_length=50, description="Theme (slug).")
    line: str | None = Field(None, max_length=50, description="Line (slug).")
    year: int | None = Field(None, ge=1900, le=2100, description="Year.")


class LineQuery(PageQuery):
    kind: LineKindCode | None = Field(None, description="Only sight lines (`zichtlijn`) or cross lines (`dwarslijn`).")
    retired: bool = Field(False, description="`true` (or `1`): retired lines too; without it only the lines in use.")


class OfferingQuery(PageQuery):
    audience: AudienceCode | None = Field(None, description="Meant for this sector or group.")
    group: GroupCode | None = Field(None, description="Suits these primary-school groups.")
    theme: str | None = Field(None, max_length=50, description="Theme (slug).")
    kind: OfferingKindCode | None = Field(None, description="Kind of offering.")
    free: bool | None = Field(None, description="`true`: only free offerings.")
    at_school: bool | None = Field(None, description="`true`: only offerings that can come to the school.")
    language: LanguageCode | None = Field(None, description="Offered in this language.")
    provider: str | None = Field(None, max_length=200, description="Provider (slug).")


class StoryQuery(PageQuery):
    programme: str | None = Field(None, max_length=50, description="Programme (slug).")
    activity: str | None = Field(None, max_length=220, description="Activity (slug).")
    theme: str | None = Field(None, max_length=50, description="Theme (slug).")


# --- Records -------------------------------------------------------------------------------------------------------


class Ref(Schema):
    slug: str
    name: str


class ThemeRef(Ref):
    pass


class Theme(Schema):
    slug: str
    name: str
    name_en: str
    retired: bool = Field(description="Retired: no longer offered for new records; records keep it.")


class NetworkRole(Schema):
    key: str = Field(description="platform, makelaar (broker), pionier (pioneer) or verdiepen (deepening).")
    name: str
    name_en: str
    text: str
    text_en: str


class NetworkIdentity(Schema):
    """Texts ending in _en are the English versions; ambition, strategy, purpose, organisational_form and history
    are cleaned HTML."""

    name: str
    short_name: str
    tagline: str
    tagline_en: str
    slogan: str
    slogan_en: str
    ambition: str
    ambition_en: str
    strategy: str
    strategy_en: str
    purpose: str
    purpose_en: str
    values: str = Field(description="One value per line.")
    values_en: str
    organisational_form: str
    organisational_form_en: str
    history: str
    history_en: str
    roles: list[NetworkRole]
    url: str = Field(description="The identity page.")


class Organisation(Schema):
    slug: str
    name: str
    sector: SectorCode
    sector_label: str
    parent: Ref | None
    aliases: list[str] = Field(description="Abbreviations used for the organisation in documents.")
    website: str
    description: str
    themes: list[ThemeRef]
    url: str = Field(description="The organisation's web page.")
    street: str
    house_number: str = Field(description="With its addition, as 12 A.")
    postcode: str
    place: str
    municipality: str
    wijk: str = Field(description="Neighbourhood.")
    phone: str
    denomination: str = Field(description="As DUO writes it, e.g. Openbaar or Rooms-Katholiek.")
    concept: str = Field(description="A school's way of teaching, e.g. Montessori, Dalton or Jenaplan; free text.")
    brin: str = Field(description="DUO's institution code, four characters.")
    vestigingscode: str = Field(description="DUO's location code: the BRIN and two digits.")
    bevoegd_gezag: str = Field(description="The competent authority's number (DUO).")
    kvk: str = Field(description="Chamber of Commerce number.")


class Registration(Schema):
    open: bool = Field(description="Whether people can sign up now: open, before the deadline and the start.")
    audience: Literal["partners", "members", "public"] = Field(
        description="Who may sign up: people of partner organisations, anyone logged in, or everyone."
    )
    capacity: int | None = Field(description="Places; null when there is no limit.")
    places_left: int | None = Field(description="Places not taken; null when there is no limit.")


class Activity(Schema):
    slug: str
    title: str
    kind: KindCode
    kind_label: str
    status: Literal["published", "draft"]
    description: str
    start: dt.datetime = Field(description="Start, in local time with its UTC offset.")
    end: dt.datetime = Field(description="End; for an all-day activity the local midnight of its last day.")
    all_day: bool
    place: str
    organisers: list[Ref]
    themes: list[ThemeRef]
    lines: list[Ref]
    target_sectors: list[SectorCode]
    open_for_partners: bool
    registration_url: str
    registration: Registration | None = Field(
        None, description="Sign-up on this site, when the organiser opened it: numbers only, never who."
    )
    school_type: SchoolTypeCode
    neighbourhood: str
    languages: list[LanguageCode] = Field(description="For an open day: languages spoken at the door.")
    updated_at: dt.datetime
    url: str = Field(description="The activity's web page.")


class Project(Schema):
    slug: str
    code: str
    title: str
    cluster: ClusterCode
    cluster_label: str
    status: ProjectStatusCode
    status_label: str
    description: str
    leads: list[Ref]
    partners: list[Ref]
    themes: list[ThemeRef]
    updated_at: dt.datetime
    url: str


class Document(Schema):
    id: int
    title: str
    description: str
    kind: DocumentKindCode
    kind_label: str
    year: int | None
    language: str
    themes: list[ThemeRef]
    lines: list[Ref]
    is_link: bool = Field(description="`true`: a link to audio or video elsewhere; `false`: a stored file.")
    file_url: str = Field(description="The link, or where the stored file is downloaded.")
    content_type: str = Field(description="The stored file's type, recognised from its content; empty for a link.")
    size: int = Field(description="The stored file's size in bytes; 0 for a link.")
    updated_at: dt.datetime
    url: str = Field(description="The document's page.")


class LineHolder(Schema):
    name: str
    organisation: Ref


class LineQuestion(Schema):
    text: str
    state: LineQuestionStateCode = Field(description="`open`, `answered` or `closed`.")
    state_label: str


class Line(Schema):
    """A line of work. Its meetings (agenda, notes, invitees, decisions, follow-ups) are for members only."""

    slug: str
    name: str
    kind: LineKindCode = Field(description="`zichtlijn` (sight line) or `dwarslijn` (cross line).")
    kind_label: str
    purpose: str = Field(description="Plain text, as stored.")
    themes: list[ThemeRef]
    holders: list[LineHolder] = Field(description="Who holds the line: name and organisation.")
    questions: list[LineQuestion] = Field(
        description="The questions the holders want help with (Waar heb jij denkkracht op nodig?), each with its state."
    )
    projects: list[str] = Field(description="Codes of the published projects linked to the line (see /api/projects/).")
    retired: bool = Field(description="Retired: off the list of lines; its page stays readable.")
    url: str = Field(description="The line's web page.")


class Offering(Schema):
    slug: str
    title: str
    kind: OfferingKindCode
    kind_label: str
    description: str
    provider: Ref
    audiences: list[AudienceCode]
    grade_from: int | None
    grade_to: int | None
    themes: list[ThemeRef]
    is_free: bool
    price: Decimal | None = Field(description="Price in euro.")
    price_note: str
    duration: str
    place: str
    at_school: bool
    languages: list[LanguageCode]
    contact: str
    booking: str
    expires_on: dt.date | None
    updated_at: dt.datetime
    url: str


class Figures(Schema):
    """First-degree figures, computed from the published activities' records; each activity counts once."""

    activities: int
    activities_with_figures: int
    participants: int
    first_timers: int
    first_timer_share: float | None = Field(
        description="Percentage of first-timers among the participants of activities that counted them."
    )
    partners: int | None = Field(description="Organisations involved (only for the programme as a whole).")


class ProgrammeLine(Schema):
    code: str
    title: str
    kind: str
    figures: Figures


class ReportedFigure(Schema):
    label: str
    value: Decimal
    qualifier: str
    unit: str
    year: int | None
    source: str


class Programme(Schema):
    slug: str
    name: str
    short_name: str
    description: str
    period_start: dt.date
    period_end: dt.date
    organisations: list[Ref]
    url: str


class ProgrammeDetail(Programme):
    figures: Figures
    lines: list[ProgrammeLine] = Field(description="Ambitions or action lines, each with its own figures.")
    reported_figures: list[ReportedFigure] = Field(
        description="Figures reported for the programme as a whole, with their source."
    )


class Dimension(Schema):
    id: int
    ring: int
    name: str
    description: str


class Respondent(Schema):
    role: str
    sector: str
    name: str = Field(description="Empty unless the respondent agreed to be named.")
    organisation: str = Field(description="Empty unless the respondent agreed to be named.")


class StoryPart(Schema):
    ring: int
    dimension: Dimension
    text: str


class Story(Schema):
    id: int
    respondent: Respondent
    quote: str
    collected_on: dt.date | None
    programme: Ref | None
    activity: Ref | None
    themes: list[ThemeRef]
    parts: list[StoryPart]
    url: str


def page_of(record):
    """A page schema for a record schema (the OpenAPI document names it <Record>Page)."""
    return type(
        f"{record.__name__}Page",
        (Schema,),
        {
            "__annotations__": {"count": int, "next": str | None, "previous": str | None, "results": list[record]},
            "__doc__": "One page of records, with links to the neighbouring pages.",
        },
    )


# --- Writes --------------------------------------------------------------------------------------------------------


class ActivityPatch(Schema):
    """An activity as the API writes it. Validated by the same rules as the activity form."""

    title: str | None = Field(None, max_length=200)
    kind: KindCode | None = None
    description: str | None = None
    start_date: dt.date | None = None
    start_time: dt.time | None = Field(
        None, description="Local time (Europe/Amsterdam), without UTC offset. Not needed for an all-day activity."
    )
    end_date: dt.date | None = Field(None, description="Leave out for the same day.")
    end_time: dt.time | None = None
    all_day: bool | None = None
    place: str | None = Field(None, max_length=200)
    open_for_partners: bool | None = None
    registration_url: str | None = Field(None, max_length=200)
    school_type: SchoolTypeCode | None = Field(None, description="Required for an open day.")
    neighbourhood: str | None = Field(None, max_length=80)
    organisers: list[str] | None = Field(
        None, description="Organiser slugs; the token's organisation (the default) must stay among them."
    )
    themes: list[str] | None = Field(None, description="Theme slugs.")
    lines: list[str] | None = Field(None, description="Network line slugs.")
    target_sectors: list[SectorCode] | None = None
    languages: list[LanguageCode] | None = None


class ActivityIn(ActivityPatch):
    # What the activity form requires (kind too), so the document says what the server refuses.
    title: str = Field(max_length=200)
    kind: KindCode
    start_date: dt.date


class StoryPartIn(Schema):
    ring: int = Field(ge=1, le=3)
    dimension: int = Field(description="A dimension of that ring (see /api/dimensions/).")
    text: str = Field(max_length=PART_MAX)


class StoryIn(Schema):
    """A story told through one of the organisation's collection links; it waits for moderation."""

    link: str = Field(max_length=16, description="The collection link's code (from its address /v/<code>/).")
    activity: str | None = Field(
        None,
        max_length=220,
        description="The activity's slug; for a programme link, leave out for the programme as a whole.",
    )
    respondent_role: str = Field(max_length=ROLE_MAX)
    sector: SectorCode | Literal[""] = ""
    quote: str = Field("", max_length=QUOTE_MAX)
    consent: ConsentCode
    respondent_name: str = Field("", max_length=150, description="Only kept when consent is `named`.")
    organisation_name: str = Field("", max_length=200)
    email: str = Field("", max_length=254, description="Only kept when consent is `named`.")
    parts: list[StoryPartIn] = Field(description="One part per ring; ring 1 is required.")
    submission: UUID | None = Field(
        None, description="Send the same value again to retry safely: the story is stored once."
    )


class StoryReceipt(Schema):
    id: int
    status: str = Field(description="`new`: the story waits for a coordinator.")

"""Impact stories in a spreadsheet, saved through stories.services.save_story (and published through publish)."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from core.text import normalise_key
from exchange import cells
from exchange.cells import CellError, Noted
from exchange.import_kinds.common import SECTORS, THEMES, choice, email, text
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled
from stories import services as story_services
from stories.models import PART_MAX, QUOTE_MAX, Consent, Story, StorySource, StoryStatus

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

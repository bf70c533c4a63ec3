"""Impact stories in a spreadsheet, saved through stories.services.save_story (and published through publish)."""

from collections.abc import Callable

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.text import normalise_key
from exchange import cells
from exchange.cells import Noted
from exchange.import_kinds.common import SECTORS, THEMES, choice, email, text
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, Remark, filled
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
    """Checks the rings in pairs and finds the activity, also for a row with a cell that could not be read (the
    pipeline leaves such cells out), so every problem of a row is listed at once."""
    problems: list = []
    for ring in RINGS:
        part_text, dimension = values.get(f"ring{ring}_text"), values.get(f"ring{ring}_dimension")
        if part_text and dimension is None:
            problems.append((f"ring{ring}_dimension", _("Ring %(ring)s has a text but no dimension.") % {"ring": ring}))
        elif dimension is not None and not part_text:
            problems.append((f"ring{ring}_text", _("Ring %(ring)s has a dimension but no text.") % {"ring": ring}))
    if not any(values.get(f"ring{ring}_text") for ring in RINGS):
        problems.append(("ring1_text", str(_("The story tells nothing about any ring."))))
    if values.get("activity"):
        # An activity is optional: one that is not found is left out with a remark (and the nearest names).
        found = lookups.optional_activity(values["activity"], on=values.get("collected_on"))
        values["activity"] = found.value
        problems += [Remark("activity", notice) for notice in found.notices]
        if found.value is not None and not values.get("collected_on"):
            values["collected_on"] = found.value.local_start.date()
    if values.get("status") == StoryStatus.NEW:
        # "New" is where every imported story starts; it never takes a published story back to the queue.
        del values["status"]
    return problems


def _story_check(values: dict, current: dict | None) -> list:
    """Names and addresses are kept only with consent to be named: the consent the story is saved with, which
    may come from the row, the story already there, a value for every row (--set consent=named) or the default."""
    if filled(values, current, "consent") != Consent.NAMED:
        values["respondent_name"] = values["email"] = ""
    return []


def _story_key_text(values: dict) -> str:
    return next((values[name] for ring in RINGS if values.get(name := f"ring{ring}_text")), "")


def _story_key(values: dict) -> tuple:
    """A story is known by who told it and the words of its rings (within the programme), not by its date: a sheet
    without dates, or one that gains a date column later, still finds the stories it brought in before."""
    return (
        normalise_key(values.get("respondent_role") or ""),
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
    if record.consent != Consent.NAMED:  # a story that is no longer to be named keeps no name either
        record.respondent_name = record.email = ""
    for name in ("activity", "line"):
        if values.get(name) not in (None, ""):
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
    unchecked = ["programme", "line", "activity", "link", "merged_into", "organisation", "themes"]
    # A sheet may not say who told a story: the role stays empty rather than made up (the form asks for it).
    record.full_clean(exclude=unchecked + ([] if record.respondent_role else ["respondent_role"]))
    story = story_services.save_story(
        record, parts=parts, themes=filled(values, current, "themes", []), user=lookups.user
    )
    if values.get("status") == StoryStatus.PUBLISHED and story.status != StoryStatus.PUBLISHED:
        story_services.publish(story)
    return story


RING_LABELS = {
    1: (_("ring 1: text"), _("ring 1: dimension"), ("eerste ring", "eerstegraads", "1e ring", "first ring")),
    2: (_("ring 2: text"), _("ring 2: dimension"), ("tweede ring", "tweedegraads", "2e ring", "second ring")),
    3: (_("ring 3: text"), _("ring 3: dimension"), ("derde ring", "derdegraads", "3e ring", "third ring")),
}
# How people name a ring's text and its dimension, around the ring's number or name ("Ring 1 verhaal",
# "Verhaal (ring 2)", "Eerstegraads impact", "Ring 2 - dimensie"); punctuation and spaces do not count.
TEXT_WORDS = ("", "tekst", "verhaal", "impact", "text", "story")
DIMENSION_WORDS = ("dimensie", "dimensies", "categorie", "soort impact", "dimension")


def _around(ring: int, names: tuple[str, ...], words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        variant
        for name in (f"ring {ring}", *names)
        for word in words
        for variant in ((name,) if not word else (f"{name} {word}", f"{word} {name}"))
    )


def _ring_fields(ring: int) -> tuple[Field, Field]:
    text_label, dimension_label, names = RING_LABELS[ring]
    return (
        Field(f"ring{ring}_text", text_label, _around(ring, names, TEXT_WORDS), text(PART_MAX)),
        Field(
            f"ring{ring}_dimension",
            dimension_label,
            (f"dimensie {ring}", *_around(ring, names, DIMENSION_WORDS), *_around(ring, names, ("impact dimensie",))),
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
            ("datum", "date", "verzameld op", "opgehaald op", "collected on", "datum verhaal", "datum gesprek"),
            lambda cell, lookups: cells.date(cell),
        ),
        Field(
            "respondent_role",
            _("role"),
            ("rol", "functie", "role", "respondent", "wie", "rol respondent", "functie respondent", "verteller"),
            text(100),
        ),
        Field("sector", _("sector"), ("sector",), choice(SECTORS)),
        Field(
            "organisation_name", _("organisation"), ("organisatie", "organisation", "school", "instelling"), text(200)
        ),
        Field("respondent_name", _("name"), ("naam", "name"), text(150)),
        Field("email", _("e-mail address"), ("email", "e-mail", "e-mailadres"), email),
        Field(
            "consent",
            _("consent"),
            ("toestemming", "consent", "publicatie", "akkoord", "toestemming publicatie", "mag publiceren"),
            choice(CONSENTS),
        ),
        Field(
            "activity",
            _("activity"),
            ("activiteit", "activity", "evenement", "event", "bijeenkomst", "activiteit evenement"),
            text(220),
        ),
        Field(
            "line",
            _("ambition"),
            ("ambitie", "lijn", "actielijn", "ambition", "line", "ambitie lnos25", "zichtlijn", "doel"),
            lambda cell, lookups: lookups.optional_line(cell),
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
    check=_story_check,
    save=_story_save,
    describe=lambda values: " ".join(
        part
        for part in (
            f"{values['collected_on']:%d-%m-%Y}" if values.get("collected_on") else "",
            values.get("respondent_role") or "",
            f"“{Truncator(_story_key_text(values)).chars(60)}”",
        )
        if part
    ),
    needs_programme=True,
    # Without a consent, a story is kept for internal analysis only: the most careful choice.
    defaults={
        "consent": (
            Consent.INTERNAL,
            _(
                "The file gives no consent: every new story is kept for internal analysis only, the most careful "
                "choice."
            ),
        )
    },
    complete_without_failed=True,
)

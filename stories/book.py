"""The story book: stories in book order (programme, ambition, activity), grouped for the page, the printed
booklet and the report, each attributed as far as the viewer may know who told it."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet

from activities.models import Activity
from core.models import PublicationStatus
from programmes.models import Programme, ProgrammeLine
from stories.models import COUNTED, Consent, Selection, Story, StoryPart


@dataclass
class Attribution:
    role: str
    sector: str
    name: str = ""
    organisation: str = ""


def attribution(story: Story, *, private: bool) -> Attribution:
    """Who the story is from, as far as the viewer may know: the public only what the consent allows."""
    shown = Attribution(role=story.respondent_role, sector=story.get_sector_display() if story.sector else "")
    if private or story.consent == Consent.NAMED:
        shown.name = story.respondent_name
        shown.organisation = str(story.organisation) if story.organisation else story.organisation_name
    return shown


def counted_stories(programme: Programme) -> QuerySet[Story]:
    return programme.stories.filter(COUNTED)


@dataclass
class BookEntry:
    story: Story
    attribution: Attribution
    parts: list
    selections: list
    substantiated: bool


@dataclass
class ActivityGroup:
    activity: Activity | None
    entries: list[BookEntry] = field(default_factory=list)

    @property
    def links_to_activity(self) -> bool:
        return self.activity is not None and self.activity.publication_status == PublicationStatus.PUBLISHED


@dataclass
class AmbitionGroup:
    programme: Programme | None
    line: ProgrammeLine | None
    activities: list[ActivityGroup] = field(default_factory=list)


BOOK_ORDER = (
    F("programme__name").asc(nulls_last=True),
    F("line__position").asc(nulls_last=True),
    F("line__code").asc(nulls_last=True),
    F("activity__start").asc(nulls_last=True),
    "pk",
)


def _with_book_contents(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.select_related("programme", "line", "activity", "organisation").prefetch_related(
        Prefetch("parts", queryset=StoryPart.objects.select_related("dimension").prefetch_related("substantiations")),
        Prefetch("selections", queryset=Selection.objects.select_related("round")),
        "themes",
    )


def book_order(stories: QuerySet[Story]) -> QuerySet[Story]:
    """Stories in story-book order (programme, ambition, activity), with what the book shows prefetched."""
    return _with_book_contents(stories).order_by(*BOOK_ORDER)


def book_order_ids(stories: QuerySet[Story]) -> QuerySet:
    """Only the ids of the stories in story-book order: the cheap query to paginate (sorting whole rows with their
    joined programme, ambition, activity and organisation took seconds for 100,000 stories)."""
    return stories.order_by(*BOOK_ORDER).values_list("pk", flat=True)


def book_stories(ids: Iterable[int]) -> list[Story]:
    """The stories with these ids, in the given order, with what the book shows prefetched."""
    ids = list(ids)
    found = {story.pk: story for story in _with_book_contents(Story.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def book_groups(stories: Iterable[Story], *, private_ids: set[int], ring: int | None = None) -> list[AmbitionGroup]:
    """A page of stories grouped by ambition and then activity; only ring `ring` is shown when given."""
    groups: list[AmbitionGroup] = []
    for story in stories:
        parts = [part for part in story.parts.all() if ring is None or part.ring == ring]
        entry = BookEntry(
            story=story,
            attribution=attribution(story, private=story.pk in private_ids),
            parts=parts,
            selections=list(story.selections.all()),
            substantiated=any(part.substantiations.all() for part in story.parts.all()),
        )
        if not groups or (groups[-1].programme, groups[-1].line) != (story.programme, story.line):
            groups.append(AmbitionGroup(programme=story.programme, line=story.line))
        activities = groups[-1].activities
        if not activities or activities[-1].activity != story.activity:
            activities.append(ActivityGroup(activity=story.activity))
        activities[-1].entries.append(entry)
    return groups

"""The story book: stories in book order (programme, ambition, activity), grouped for the page, the printed
booklet and the report, each attributed as far as the viewer may know who told it."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from operator import itemgetter

from django.db.models import Count, F, Prefetch, Q, QuerySet

from activities.models import Activity
from core.models import PublicationStatus, Sector
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
    # Sector(…).label, not get_sector_display(): that hashes every choice's lazy label on each call (1 ms a story).
    sector = str(Sector(story.sector).label) if story.sector in Sector.values else story.sector
    shown = Attribution(role=story.respondent_role, sector=sector)
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


class BookIds:
    """The ids of the stories in book order, for the paginator, fetched a programme at a time.

    Sorting every story by its programme's name, ambition and activity took 150 ms at city scale (100,000 stories),
    most of it joining each story to three tables. Book order groups the stories by programme name, so the stories
    before a page are counted per programme (one pass over the index story_status_programme, which also gives the
    book's count), and only the programmes that hold the page are sorted.
    """

    def __init__(self, stories: QuerySet[Story]) -> None:
        self.stories = stories

    @cached_property
    def _per_programme(self) -> dict[int | None, int]:
        # A filter over parts, themes or selections can repeat a story (it then asks for DISTINCT). Else COUNT(*):
        # SQLite counts the index entries without reading each one's id (8 ms instead of 12 for 79,000 stories).
        counted = Count("pk", distinct=True) if self.stories.query.distinct else Count("*")
        return dict(self.stories.order_by().values("programme").annotate(n=counted).values_list("programme", "n"))

    @cached_property
    def _chunks(self) -> list[tuple[list[int | None], int]]:
        """The programmes in book order, those with the same name together (their stories mix), with their counts;
        stories without a programme last."""
        named = Programme.objects.filter(pk__in=[pk for pk in self._per_programme if pk is not None])
        chunks: list[tuple[list[int | None], int]] = []
        for _name, same_name in groupby(named.order_by("name").values_list("pk", "name"), key=itemgetter(1)):
            ids: list[int | None] = [pk for pk, _name in same_name]
            chunks.append((ids, sum(self._per_programme[pk] for pk in ids)))
        if None in self._per_programme:
            chunks.append(([None], self._per_programme[None]))
        return chunks

    def count(self) -> int:
        return sum(self._per_programme.values())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[int]:
        start, stop = window.start or 0, window.stop
        before, taken = 0, 0  # stories in the programmes before the window; in the window's programmes
        programmes: list[int | None] = []
        for ids, count in self._chunks:
            if not programmes and before + count <= start:
                before += count
            elif stop is None or before + taken < stop:
                programmes.extend(ids)
                taken += count
            else:
                break
        within = Q(programme__in=[pk for pk in programmes if pk is not None])
        if None in programmes:
            within |= Q(programme__isnull=True)
        ordered = book_order_ids(self.stories.filter(within))
        return list(ordered[start - before : None if stop is None else stop - before])


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

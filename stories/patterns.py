"""Patterns across stories: the words that set a ring, dimension, sector or year apart from the other stories,
their themes, the dimensions that occur together in one story more often than chance would have it, and how
sectors spread over the dimensions (with a note where the numbers are too small to tell). Read-only; every count
is a number of stories.

Distinctive words are weighed by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008, "Fightin' words"): how much more often a group's stories use a word than the other stories do, shrunk
towards the word's frequency in all stories, divided by its standard error (a z-score). A word every story uses
("mensen", "onderwijs") scores near zero; a word one story uses once is held back by the prior.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from core.models import Sector
from core.text import content_words, dutch_stem
from impact.models import Dimension
from network.models import Theme
from stories.models import Story, StoryPart

PRIOR_STRENGTH = 10.0  # how many words' worth the prior (all stories' words) adds to each side: a weak prior
# A word sets a group apart when its z-score is at least this: one-sided 95%, as only words a group uses more
# often are looked for.
TELLING_Z = 1.645
TWO_SIDED_Z = 1.96
MIN_WORD_STORIES = 2  # a word of one story is an anecdote, not a pattern
WORDS_PER_GROUP = 8
MIN_PAIR_STORIES = 2
MIN_SECTOR_STORIES = 5  # per sector and for the others, before a difference can be told


@dataclass
class DistinctiveWord:
    stem: str
    word: str
    stories: int  # stories of the group that use it
    z: float


@dataclass
class WordGroup:
    """The words that set one group of stories apart: a ring, a dimension, a sector or a year."""

    kind: str  # "ring", "dimension", "sector", "year"
    key: object  # the ring number, dimension id, sector code or year
    label: str
    query: str  # the story book's filter for the group, e.g. "ring=1" or "sector=po"
    words: list[DistinctiveWord]


@dataclass
class Pair:
    first: Dimension
    second: Dimension
    stories: int
    expected: float  # stories that would name both if the two had nothing to do with each other

    @property
    def ratio(self) -> float:
        return self.stories / self.expected if self.expected else 0.0


@dataclass
class SectorRow:
    sector: str
    label: str
    counts: list[tuple[Dimension, int, bool]]  # (dimension, stories, whether the sector stands out there)


@dataclass
class SectorTable:
    number: int
    dimensions: list[Dimension]
    rows: list[SectorRow]

    @property
    def carried(self) -> bool:
        """Whether any sector differs from the others by more than chance, with enough stories to tell."""
        return any(notable for row in self.rows for _dimension, _count, notable in row.counts)


@dataclass
class Patterns:
    story_count: int
    words: list[tuple[str, list[WordGroup]]]  # (heading, groups with a distinctive word) per ring, dimension, …
    themes: Sequence[Theme]  # annotated with stories_count
    pairs: list[Pair]
    sectors: list[SectorTable]
    minimum_sector_stories: int = field(default=MIN_SECTOR_STORIES)


def log_odds(group: Counter, rest: Counter, prior: Counter, prior_strength: float = PRIOR_STRENGTH) -> dict:
    """Stem → z-score of the log-odds ratio of a group against the rest, with an informative Dirichlet prior
    (Monroe et al. 2008, eq. 16, 18–20); counts are stories (a story counts once per stem)."""
    group_total, rest_total, prior_total = sum(group.values()), sum(rest.values()), sum(prior.values())
    if not group_total or not prior_total:
        return {}
    scores = {}
    for stem, count in group.items():
        alpha = prior_strength * prior[stem] / prior_total
        other = rest.get(stem, 0)
        in_group = math.log((count + alpha) / (group_total + prior_strength - count - alpha))
        elsewhere = math.log((other + alpha) / (rest_total + prior_strength - other - alpha))
        scores[stem] = (in_group - elsewhere) / math.sqrt(1 / (count + alpha) + 1 / (other + alpha))
    return scores


def distinctive_words(
    units: list[tuple[object, set[str]]], spellings: dict[str, Counter], limit: int = WORDS_PER_GROUP
) -> dict[object, list[DistinctiveWord]]:
    """Group key → its telling words, best first. A unit is one story's text for the grouping (a ring's part, or
    all parts of a story) with its stems; each group is set against all other units."""
    per_group: dict[object, Counter] = defaultdict(Counter)
    for key, stems in units:
        per_group[key].update(stems)
    everything: Counter = Counter()
    for counts in per_group.values():
        everything.update(counts)
    found = {}
    for key, counts in per_group.items():
        scores = log_odds(counts, everything - counts, everything)
        telling = [(z, stem) for stem, z in scores.items() if z >= TELLING_Z and counts[stem] >= MIN_WORD_STORIES]
        telling.sort(key=lambda item: (-item[0], item[1]))
        found[key] = [
            DistinctiveWord(stem=stem, word=spellings[stem].most_common(1)[0][0], stories=counts[stem], z=round(z, 2))
            for z, stem in telling[:limit]
        ]
    return found


def patterns(stories: QuerySet[Story]) -> Patterns:
    """What a set of stories says together: distinctive words per ring, dimension, sector and year, themes,
    dimensions that occur together more than chance, and per ring how sectors spread over the dimensions."""
    parts, dimensions = _parts(stories)
    story_count = stories.count()
    themes = list(
        Theme.objects.filter(stories__in=stories)
        .annotate(stories_count=Count("stories", distinct=True))
        .order_by("-stories_count", "name")
    )
    return Patterns(
        story_count=story_count,
        words=_words(parts, dimensions),
        themes=themes,
        pairs=_pairs(parts, dimensions),
        sectors=_sectors(parts, dimensions),
    )


def ring_words(stories: QuerySet[Story]) -> dict[int, list[str]]:
    """Ring number → the words that set its stories apart, for the editor of a report's ring conclusions."""
    parts, dimensions = _parts(stories)
    _heading, rings = _words(parts, dimensions)[0]
    return {int(str(group.key)): [word.word for word in group.words] for group in rings}


def _parts(stories: QuerySet[Story]) -> tuple[list, dict[int, Dimension]]:
    parts = list(
        StoryPart.objects.filter(story__in=stories).values_list(
            "story_id",
            "ring",
            "dimension_id",
            "text",
            "story__sector",
            "story__activity__start",
            "story__collected_on",
        )
    )
    dimensions = {d.pk: d for d in Dimension.objects.filter(pk__in={p[2] for p in parts}).select_related("ring")}
    return parts, dimensions


def _words(parts: list, dimensions: dict[int, Dimension]) -> list[tuple[str, list[WordGroup]]]:
    spellings: dict[str, Counter] = defaultdict(Counter)
    part_stems = []
    for part in parts:
        stems = set()
        for word in content_words(part[3]):
            stem = dutch_stem(word)
            spellings[stem][word] += 1
            stems.add(stem)
        part_stems.append(stems)
    per_story: dict[int, set[str]] = defaultdict(set)
    story_of: dict[int, tuple] = {}
    for part, stems in zip(parts, part_stems, strict=True):
        per_story[part[0]] |= stems
        story_of[part[0]] = part
    sector_labels = dict(Sector.choices)

    def year(part: tuple) -> int | None:
        # As the story book's year filter: the activity's year, else the day the story was collected.
        moment = part[5] or part[6]
        return moment.year if moment else None

    groupings = {
        "ring": (
            [(part[1], stems) for part, stems in zip(parts, part_stems, strict=True)],
            lambda ring: (_("Ring %(ring)s") % {"ring": ring}, f"ring={ring}"),
        ),
        "dimension": (
            [(part[2], stems) for part, stems in zip(parts, part_stems, strict=True)],
            lambda pk: (
                f"{dimensions[pk].ring.number}: {dimensions[pk]}",
                f"ring={dimensions[pk].ring.number}&dimensie={pk}",
            ),
        ),
        "sector": (
            [(story_of[pk][4], stems) for pk, stems in per_story.items() if story_of[pk][4]],
            lambda code: (str(sector_labels.get(code, code)), f"sector={code}"),
        ),
        "year": (
            [(year(story_of[pk]), stems) for pk, stems in per_story.items() if year(story_of[pk])],
            lambda value: (str(value), f"jaar={value}"),
        ),
    }
    headings = {
        "ring": _("Per ring"),
        "dimension": _("Per dimension"),
        "sector": _("Per sector"),
        "year": _("Per year"),
    }
    found = []
    for kind, (units, describe) in groupings.items():
        groups = []
        for key, words in sorted(distinctive_words(units, spellings).items(), key=lambda item: str(item[0])):
            if words:
                label, query = describe(key)
                groups.append(WordGroup(kind=kind, key=key, label=label, query=query, words=words))
        found.append((headings[kind], groups))
    return found


def _pairs(parts: list, dimensions: dict[int, Dimension]) -> list[Pair]:
    """Dimensions of different rings that one story names together more often than chance: observed against
    expected (stories naming the one × stories naming the other ÷ stories), with at least MIN_PAIR_STORIES."""
    per_story: dict[int, set[int]] = defaultdict(set)
    for story_id, _ring, dimension_id, *_rest in parts:
        per_story[story_id].add(dimension_id)
    named: Counter = Counter(dimension for found in per_story.values() for dimension in found)
    together: Counter = Counter()
    for found in per_story.values():
        ordered = sorted(found, key=lambda pk: (dimensions[pk].ring.number, dimensions[pk].position, pk))
        together.update(combinations(ordered, 2))
    total = len(per_story)
    pairs = [
        Pair(first=dimensions[a], second=dimensions[b], stories=count, expected=round(named[a] * named[b] / total, 1))
        for (a, b), count in together.items()
        if count >= MIN_PAIR_STORIES and count > named[a] * named[b] / total
    ]
    return sorted(pairs, key=lambda pair: (-pair.ratio, -pair.stories, pair.first.pk, pair.second.pk))


def _sectors(parts: list, dimensions: dict[int, Dimension]) -> list[SectorTable]:
    """Per ring, how many stories of each sector name each dimension; a cell stands out when the sector's share
    differs from the other sectors' by a two-proportion z-test, with enough stories on both sides."""
    sector_labels = dict(Sector.choices)
    tables = []
    for number in (1, 2, 3):
        ring_parts = [p for p in parts if p[1] == number]
        columns = sorted({dimensions[p[2]] for p in ring_parts}, key=lambda d: (d.position, d.pk))
        counts = Counter((p[4], p[2]) for p in ring_parts)
        per_sector = Counter(p[4] for p in ring_parts)
        per_dimension = Counter(p[2] for p in ring_parts)
        total = len(ring_parts)
        rows = [
            SectorRow(
                sector=code,
                label=str(sector_labels.get(code, _("Sector unknown"))),
                counts=[
                    (
                        dimension,
                        counts[(code, dimension.pk)],
                        bool(code)
                        and _stands_out(
                            counts[(code, dimension.pk)], per_sector[code], per_dimension[dimension.pk], total
                        ),
                    )
                    for dimension in columns
                ],
            )
            for code in sorted({p[4] for p in ring_parts}, key=lambda code: str(sector_labels.get(code, "~")))
        ]
        tables.append(SectorTable(number=number, dimensions=columns, rows=rows))
    return tables


def _stands_out(count: int, sector_total: int, dimension_total: int, total: int) -> bool:
    others = total - sector_total
    if sector_total < MIN_SECTOR_STORIES or others < MIN_SECTOR_STORIES:
        return False
    pooled = dimension_total / total
    spread = math.sqrt(pooled * (1 - pooled) * (1 / sector_total + 1 / others))
    if not spread:
        return False
    # Two-sided: a sector may name a dimension clearly more often or clearly less often than the others.
    return abs(count / sector_total - (dimension_total - count) / others) / spread >= TWO_SIDED_Z

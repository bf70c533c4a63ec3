"""Patterns across stories: the words they use most per ring, their themes, the dimensions that occur together
in one story and how sectors spread over the dimensions. Read-only; every count is a number of stories."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from core.models import Sector
from core.text import content_words, dutch_stem
from impact.models import Dimension
from network.models import Theme
from stories.models import Story, StoryPart


@dataclass
class WordCount:
    stem: str
    word: str
    stories: int


def frequent_words(texts: Iterable[str], limit: int = 12) -> list[WordCount]:
    """The stems most texts use, each shown as its most common spelling. A text counts once per stem;
    a story has one text per ring, so per ring this counts stories."""
    per_stem: Counter = Counter()
    spellings: dict[str, Counter] = {}
    for text in texts:
        seen = set()
        for word in content_words(text):
            stem = dutch_stem(word)
            spellings.setdefault(stem, Counter())[word] += 1
            if stem not in seen:
                seen.add(stem)
                per_stem[stem] += 1
    return [
        WordCount(stem=stem, word=spellings[stem].most_common(1)[0][0], stories=count)
        for stem, count in sorted(per_stem.items(), key=lambda item: (-item[1], item[0]))[:limit]
    ]


@dataclass
class RingWords:
    number: int
    words: list[WordCount]


@dataclass
class Pair:
    first: Dimension
    second: Dimension
    stories: int


@dataclass
class SectorRow:
    sector: str
    label: str
    counts: list[tuple[Dimension, int]]


@dataclass
class SectorTable:
    number: int
    dimensions: list[Dimension]
    rows: list[SectorRow]


@dataclass
class Patterns:
    story_count: int
    words: list[RingWords]
    themes: Sequence[Theme]  # annotated with stories_count
    pairs: list[Pair]
    sectors: list[SectorTable]


def patterns(stories: QuerySet[Story]) -> Patterns:
    """What a set of stories says together: frequent words per ring, themes, dimensions that occur together
    in one story, and per ring how sectors spread over the dimensions. Each count is a number of stories."""
    parts = list(
        StoryPart.objects.filter(story__in=stories)
        .select_related("dimension")
        .values_list("story_id", "ring", "dimension_id", "text", "story__sector")
    )
    story_count = stories.count()
    dimensions = {d.pk: d for d in Dimension.objects.filter(pk__in={p[2] for p in parts}).select_related("ring")}
    words = [
        RingWords(number=number, words=frequent_words([p[3] for p in parts if p[1] == number])) for number in (1, 2, 3)
    ]
    themes = list(
        Theme.objects.filter(stories__in=stories)
        .annotate(stories_count=Count("stories", distinct=True))
        .order_by("-stories_count", "name")
    )
    per_story: dict[int, dict[int, int]] = {}
    for story_id, ring, dimension_id, _text, _sector in parts:
        per_story.setdefault(story_id, {})[ring] = dimension_id
    pair_counts: Counter = Counter()
    for rings in per_story.values():
        for first, second in ((1, 2), (2, 3)):
            if first in rings and second in rings:
                pair_counts[(rings[first], rings[second])] += 1
    pairs = [
        Pair(first=dimensions[a], second=dimensions[b], stories=count)
        for (a, b), count in sorted(pair_counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    sector_labels = dict(Sector.choices)
    sectors = []
    for number in (1, 2, 3):
        ring_parts = [p for p in parts if p[1] == number]
        columns = sorted({dimensions[p[2]] for p in ring_parts}, key=lambda d: (d.position, d.pk))
        counts = Counter((p[4], p[2]) for p in ring_parts)
        rows = [
            SectorRow(
                sector=code,
                label=str(sector_labels.get(code, _("Sector unknown"))),
                counts=[(dimension, counts[(code, dimension.pk)]) for dimension in columns],
            )
            for code in sorted({p[4] for p in ring_parts}, key=lambda code: str(sector_labels.get(code, "~")))
        ]
        sectors.append(SectorTable(number=number, dimensions=columns, rows=rows))
    return Patterns(story_count=story_count, words=words, themes=themes, pairs=pairs, sectors=sectors)

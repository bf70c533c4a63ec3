"""What the index's own words say about themselves: how many entries hold each term (document frequency), how
long an entry is on average, and how the index's compounds split into its own words.

Read by matching to weigh a question's words (BM25): "leiden" or "onderwijs", in half the index, weigh little;
"fijnstof", in two entries, weighs a lot. Computed once per version of the "matching" topic (core.invalidation:
any write to the index renews it) and kept in the cache, not per request.

Dutch glues words together ("studentenwelzijn", "natuureducatie"). A long term of the index is split where both
halves are terms of the index too, with the linking "s", "e" or "en" between them taken off ("studenten" +
"welzijn" → "student", "welzijn"), so a question about "welzijn van studenten" meets it. No dictionary is
needed: the index's vocabulary is the dictionary, and it grows with the network.

A phrase of the related terms (search.related) has its own count: the entries where its words stand together.
"""

import math
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field

from django.core.cache import cache

from core import invalidation
from core.text import dutch_stem
from search import related
from search.models import SearchEntry

TOPIC = related.TOPIC
CACHE_SECONDS = related.CACHE_SECONDS
COMPOUND_MIN = 8  # shorter words are rarely compounds of two known words
PART_MIN = 4  # "taal", "bos"…: shorter halves split too much ("ui" + …)
LINKS = ("en", "er", "s", "e", "")  # the joints of Dutch compounds, longest first ("kinderopvang": kind-er-)


@dataclass
class IndexStatistics:
    entries: int = 0
    average_length: float = 1.0
    frequency: dict[str, int] = field(default_factory=dict)  # term → entries holding it (or it as a compound part)
    parts: dict[str, tuple[str, str]] = field(default_factory=dict)  # compound term → its two parts
    related: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # term → (related term, as written)

    def idf(self, term: str) -> float:
        """BM25's inverse document frequency: high for rare terms, near zero for terms in most entries."""
        held = self.frequency.get(term, 0)
        return math.log(1 + (self.entries - held + 0.5) / (held + 0.5))

    def related_words(self, term: str) -> list[tuple[str, str]]:
        """(index term, word as written) of the terms related to an index term (search.related)."""
        return self.related.get(term, [])

    def expand(self, term: str) -> list[str]:
        """The term and, when it is a compound of the index, its parts."""
        return [term, *self.parts.get(term, ())]

    def expand_all(self, terms: list[str]) -> list[str]:
        """A text's terms in order, each compound followed by its parts: so "studentenwelzijn" holds the phrase
        "welzijn student" (search.related.occurrences)."""
        return [part for term in terms for part in self.expand(term)]

    def phrases(self) -> list[str]:
        """The phrases of the related terms, as keys ("welzijn student")."""
        return [key for key in self.related if related.is_phrase(key)]

    def written(self, key: str) -> str:
        """A word or phrase of the related terms as a coordinator wrote it."""
        return next((word for others in self.related.values() for other, word in others if other == key), key)


def split_compound(term: str, vocabulary: Container[str]) -> tuple[str, str] | None:
    """The two parts of a compound whose halves are both known words, preferring the longest last part
    ("natuureducatie" → "natuur", "educatie"); None when it is not one."""
    if len(term) < COMPOUND_MIN:
        return None
    for cut in range(PART_MIN, len(term) - PART_MIN + 1):
        head, tail = term[:cut], term[cut:]
        if tail not in vocabulary and dutch_stem(tail) not in vocabulary:
            continue
        for link in LINKS:
            stem = head[: len(head) - len(link)] if link else head
            if (not link or head.endswith(link)) and len(stem) >= PART_MIN:
                for candidate in (stem, dutch_stem(stem)):
                    if candidate in vocabulary:
                        return candidate, tail if tail in vocabulary else dutch_stem(tail)
    return None


def compute() -> IndexStatistics:
    """Read every entry's terms once: the vocabulary, its compounds, and how many entries hold each term; and
    the related terms."""
    groups = related.current()
    phrases = [key for key in groups if related.is_phrase(key)]
    documents: list[set[str]] = []
    texts: list[list[str]] = []  # each entry's terms in order, kept only to find the phrases
    total_length = 0
    for title, body in SearchEntry.objects.values_list("terms_title", "terms_body").iterator(chunk_size=2000):
        words = f"{title} {body}".split()
        total_length += len(words)
        documents.append(set(words))
        if phrases:
            texts.append(words)
    vocabulary = frozenset(word for document in documents for word in document)
    parts = {}
    for word in vocabulary:
        split = split_compound(word, vocabulary)
        if split:
            parts[word] = split
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document | {part for word in document for part in parts.get(word, ())})
    statistics = IndexStatistics(
        entries=len(documents),
        average_length=total_length / len(documents) if documents else 1.0,
        frequency=dict(frequency),
        parts=parts,
        related=groups,
    )
    expanded = [statistics.expand_all(text) for text in texts]
    for phrase in phrases:
        needed = set(phrase.split())
        frequency[phrase] = sum(
            1 for text in expanded if needed.issubset(text) and related.occurrences(phrase, text) > 0
        )
    statistics.frequency = dict(frequency)
    return statistics


def current() -> IndexStatistics:
    """The statistics of the index as it is now: cached per version of the topic."""
    key = f"search-statistics:{invalidation.current(TOPIC)}"
    statistics = cache.get(key)
    if statistics is None:
        statistics = compute()
        cache.set(key, statistics, CACHE_SECONDS)
    return statistics

"""Searching: what someone typed → ranked, grouped, highlighted results, with facets and near-miss suggestions."""

import difflib
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property

from core import invalidation
from network.models import Theme
from search import backends
from search.models import Kind, RelatedTerms, SearchEntry
from search.related import TOPIC, with_related
from search.text import fold, highlight, query_terms, snippet

MAX_QUERY_LENGTH = 500
PER_KIND_PREVIEW = 5
VOCABULARY_CACHE_SECONDS = 600
VOCABULARY_KEY = "search-vocabulary"
MATCH_SECONDS = 600  # bounds the lag should a process die between a commit and the topic's renewal
KIND_ORDER = [
    Kind.ORGANISATION,
    Kind.ACTIVITY,
    Kind.PROJECT,
    Kind.OFFERING,
    Kind.LINE,
    Kind.PROGRAMME,
    Kind.STORY,
    Kind.DOCUMENT,
    Kind.PERSON,
    Kind.NETWORK,
]


@dataclass
class Hit:
    entry: SearchEntry
    score: float
    stems: set[str]

    # Highlighting costs a stem per word: done only for the hits a page shows.
    @cached_property
    def title(self) -> str:
        return highlight(self.entry.title, self.stems)

    @cached_property
    def snippet(self) -> str:
        return highlight(snippet(self.entry.summary, self.stems), self.stems)


@dataclass
class Results:
    query: str
    terms: list[str]
    hits: list[Hit] = field(default_factory=list)  # all hits in rank order, after the facets chosen
    kind_counts: list[tuple[str, int]] = field(default_factory=list)
    theme_counts: list[tuple[Theme, int]] = field(default_factory=list)
    loosened: bool = False  # no record had every word, so records with some of them are shown
    capped: bool = False  # more matches than were ranked: counts are "at least"
    suggestions: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.hits)

    def grouped(self) -> list[tuple[str, list[Hit], int]]:
        """(kind, first hits, count) per kind, in a fixed order, for the overview page."""
        counts = dict(self.kind_counts)
        by_kind: dict[str, list[Hit]] = {}
        for hit in self.hits:
            by_kind.setdefault(hit.entry.kind, []).append(hit)
        return [(kind, by_kind[kind][:PER_KIND_PREVIEW], counts.get(kind, 0)) for kind in KIND_ORDER if kind in by_kind]


def clean_query(raw: str) -> str:
    # NUL cannot be stored or searched in PostgreSQL and never means anything in a search box.
    return raw.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def search(raw_query: str, *, member: bool, kind: str = "", theme: str = "") -> Results:
    query = clean_query(raw_query)
    results = Results(query=query, terms=query_terms(query))
    if not results.terms:
        return results
    public_only = not member
    any_term = False
    related = with_related(results.terms)  # "fijnstof" also finds "luchtkwaliteit" (search.related)
    version = invalidation.current(TOPIC)
    ranked, complete = _matched(version, results.terms, related, any_term=False, public_only=public_only)
    if not ranked and len(results.terms) > 1:
        any_term = True
        ranked, complete = _matched(version, results.terms, related, any_term=True, public_only=public_only)
        results.loosened = bool(ranked)
    # Counted among the best-ranked candidates; when those are not all matches, a count means "at least".
    results.capped = not complete
    if kind:
        counts = Counter(
            SearchEntry.objects.filter(pk__in=[pk for pk, _score in ranked]).values_list("kind", flat=True)
        )
        ranked, _complete = _matched(
            version, results.terms, related, any_term=any_term, public_only=public_only, kind=kind
        )
    scores = dict(ranked)
    # Summaries only for the hits a page shows (read_summaries): hundreds of candidates are sorted, a few shown.
    # Left out again as backends.match does: a kept ranking may lag a write (core.invalidation), which may leave an
    # entry out for a while but never shows one that became members-only or expired.
    candidates = SearchEntry.objects.filter(pk__in=scores).exclude(visible_until__lt=timezone.localdate())
    if public_only:
        candidates = candidates.filter(members_only=False)
    entries = list(candidates.defer("terms_title", "terms_body", "summary"))
    if not kind:  # the same candidates: their kinds are counted without another query
        counts = Counter(entry.kind for entry in entries)
    results.kind_counts = sorted(counts.items(), key=lambda item: KIND_ORDER.index(Kind(item[0])))
    theme_counter = Counter(slug for entry in entries for slug in entry.themes.split())
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=theme_counter)}
    results.theme_counts = [(themes[slug], count) for slug, count in theme_counter.most_common(12) if slug in themes]
    if theme:
        entries = [entry for entry in entries if f" {theme} " in entry.themes]
    # Best score first; among equals, the most recent (an upcoming activity before last year's).
    entries.sort(
        key=lambda entry: (
            -round(scores[entry.pk], 6),
            -(entry.date.toordinal() if entry.date else 0),
            entry.title,
            entry.pk,
        )
    )
    stems = {word for group in related for term in group for word in term.split()}  # a phrase's words too
    results.hits = [Hit(entry=entry, score=scores[entry.pk], stems=stems) for entry in entries]
    if not results.hits:
        results.suggestions = suggestions(query)
    return results


def read_summaries(hits: Iterable[Hit]) -> None:
    """The summaries of the hits a page shows, in one query; search() leaves them out of its candidates."""
    wanted = {hit.entry.pk: hit.entry for hit in hits if "summary" in hit.entry.get_deferred_fields()}
    for pk, summary in SearchEntry.objects.filter(pk__in=wanted).values_list("pk", "summary"):
        wanted[pk].summary = summary


def _matched(
    version: str, terms: list[str], related: list[list[str]], *, any_term: bool, public_only: bool, kind: str = ""
) -> tuple[list[tuple[int, float]], bool]:
    """backends.match, kept per version of the index (TOPIC: any write to the entries or the related terms renews
    it). A common word ranks thousands of entries, and the facets and pages of one search ask the same again.
    Kept in the "pages" cache: in each process's memory or in Redis, so a new query costs no database write."""
    asked = (version, timezone.localdate(), terms, related, any_term, public_only, kind)
    key = "search-match:" + hashlib.sha256(repr(asked).encode()).hexdigest()
    found = caches["pages"].get(key)
    if found is None:
        found = backends.match(terms, related=related, any_term=any_term, public_only=public_only, kind=kind)
        caches["pages"].set(key, found, MATCH_SECONDS)
    return found


def _vocabulary() -> list[str]:
    """Distinct words of the indexed titles, for spelling suggestions; cached, as it is read only on misses."""
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        found: set[str] = set()
        for title in SearchEntry.objects.filter(members_only=False).values_list("title", flat=True).iterator():
            found.update(word for word in fold(title) if len(word) > 3)
        words = sorted(found)
        cache.set(VOCABULARY_KEY, words, VOCABULARY_CACHE_SECONDS)
    return words


def forget_vocabulary() -> None:
    """After the index was filled anew, its words are read again at the next miss."""
    cache.delete(VOCABULARY_KEY)


def suggestions(query: str, limit: int = 3) -> list[str]:
    """Queries with each misspelt word replaced by the closest indexed word ('duurzaamheit' → 'duurzaamheid')."""
    words = fold(query)
    vocabulary = _vocabulary()
    if not words or not vocabulary:
        return []
    options = []
    for position, word in enumerate(words):
        for close in difflib.get_close_matches(word, vocabulary, n=limit, cutoff=0.75):
            if close != word:
                options.append(" ".join(words[:position] + [close] + words[position + 1 :]))
    return list(dict.fromkeys(options))[:limit]


def save_related_terms(groups: list[str]) -> None:
    """Replace the list of related terms (search.related) with these groups."""
    with transaction.atomic():
        RelatedTerms.objects.all().delete()
        RelatedTerms.objects.bulk_create(RelatedTerms(words=words) for words in groups)

"""Related terms (search.models.RelatedTerms): each group's words as index terms, so "leraar" also meets
"leerkracht" and "docent". Read once per version of the matching topic, with the index's statistics
(search.statistics), which is where matching and search take them from."""

from django.core.cache import cache

from core import invalidation
from search.text import terms

TOPIC = "matching"  # core.invalidation: the index and this list; renewed by any write to either
CACHE_SECONDS = 24 * 3600  # a new version of the topic makes a new key long before this

SEPARATOR = ","
MAX_GROUPS = 500  # a list for people to keep by hand; more than this is a thesaurus, not this list


def split_words(text: str) -> list[str]:
    """The words of one group as written, without empty ones or doubles: 'fijnstof, luchtkwaliteit'."""
    found = [" ".join(word.split()) for word in text.split(SEPARATOR)]
    return list(dict.fromkeys(word for word in found if word))


def _index_terms(word: str) -> tuple[str, ...]:
    """A word or phrase as the index holds it ("schone lucht" → ("schoon", "lucht"))."""
    return tuple(terms(word))


def groups(rows: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each index term of the groups with the (index term, written word) of the words related to it."""
    related: dict[str, list[tuple[str, str]]] = {}
    for row in rows[:MAX_GROUPS]:
        # A phrase takes part by its last word ("schone lucht" → "lucht"): the index splits phrases in words.
        members = [(found[-1], word) for word in split_words(row) if (found := _index_terms(word))]
        for term, _word in members:
            others = [(other, word) for other, word in members if other != term]
            related.setdefault(term, []).extend(others)
    return related


def current() -> dict[str, list[tuple[str, str]]]:
    """The groups as they are stored now: read once per version of the topic."""
    key = f"search-related:{invalidation.current(TOPIC)}"
    found = cache.get(key)
    if found is None:
        from search.models import RelatedTerms

        found = groups(list(RelatedTerms.objects.values_list("words", flat=True)))
        cache.set(key, found, CACHE_SECONDS)
    return found


def with_related(query_terms: list[str]) -> list[list[str]]:
    """Each term of a search with its related terms: [['fijnstof', 'luchtkwaliteit'], ['school']]."""
    known = current()
    return [[term, *dict.fromkeys(other for other, _word in known.get(term, []))] for term in query_terms]

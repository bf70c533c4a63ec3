"""Related terms (search.models.RelatedTerms): each group's words as index terms, so "leraar" also meets
"leerkracht" and "docent". Read once per version of the matching topic, with the index's statistics
(search.statistics), which is where matching and search take them from.

A member may be a phrase ("welzijn van studenten", "luchtkwaliteit bij scholen"). It takes part as a whole, keyed
by its telling words ("welzijn student"): it is found only where all of them stand near each other (occurrences),
so "scholen" alone does not bring up "fijnstof", nor "studenten" alone "studentenwelzijn"."""

from django.core.cache import caches

from core import invalidation
from search.text import terms

TOPIC = "matching"  # core.invalidation: the index and this list; renewed by any write to either
CACHE_SECONDS = 24 * 3600  # a new version of the topic makes a new key long before this

SEPARATOR = ","
MAX_GROUPS = 500  # a list for people to keep by hand; more than this is a thesaurus, not this list
MAX_PHRASE_TERMS = 3  # a phrase's first telling words; more make a sentence, not a term
# A phrase's words count as the phrase when at most this many other words stand among them, in any order
# ("welzijn van studenten", "studenten en hun welzijn"). Stop words are not counted: the index has none.
PHRASE_GAP = 2


def split_words(text: str) -> list[str]:
    """The words of one group as written, without empty ones or doubles: 'fijnstof, luchtkwaliteit'."""
    found = [" ".join(word.split()) for word in text.split(SEPARATOR)]
    return list(dict.fromkeys(word for word in found if word))


def key(word: str) -> str:
    """A word or phrase as the index holds it: "Fijnstof" → "fijnstof", "schone lucht" → "schoon lucht"."""
    return " ".join(terms(word)[:MAX_PHRASE_TERMS])


def is_phrase(member: str) -> bool:
    return " " in member


def occurrences(phrase: str, sequence: list[str]) -> int:
    """How often all words of a phrase (a key) stand together in a text's terms: within a window of the phrase's
    length plus PHRASE_GAP, in any order; the database's NEAR (search.backends) is the same test."""
    words = set(phrase.split())
    span = len(words) + PHRASE_GAP
    count = position = 0
    while position < len(sequence):
        window = sequence[position : position + span]
        if window[0] in words and words.issubset(window):
            count += 1
            position += max(window.index(word) for word in words) + 1
        else:
            position += 1
    return count


def groups(rows: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each key of the groups (a term, or a phrase's terms) with the (key, written word) of the words related
    to it."""
    related: dict[str, list[tuple[str, str]]] = {}
    for row in rows[:MAX_GROUPS]:
        members = [(found, word) for word in split_words(row) if (found := key(word))]
        for term, _word in members:
            others = [(other, word) for other, word in members if other != term]
            related.setdefault(term, []).extend(others)
    return related


def current() -> dict[str, list[tuple[str, str]]]:
    """The groups as they are stored now: read once per version of the topic. Kept in the "pages" cache (each
    process's memory, or Redis): every write to the index renews the topic, and the first search after it should
    not wait for the database's write lock to store this."""
    key = f"search-related:{invalidation.current(TOPIC)}"
    found = caches["pages"].get(key)
    if found is None:
        from search.models import RelatedTerms

        found = groups(list(RelatedTerms.objects.values_list("words", flat=True)))
        caches["pages"].set(key, found, CACHE_SECONDS)
    return found


def with_related(query_terms: list[str]) -> list[list[str]]:
    """Each term of a search with its related terms, any of which will do for it: [['fijnstof', 'luchtkwaliteit'],
    ['school']]. A related phrase is one member ('luchtkwaliteit school'). When the search holds a phrase of the
    list ("welzijn van studenten"), each of its words may also be met by the phrase's related terms
    ("studentenwelzijn")."""
    known = current()
    found = [[term, *(other for other, _word in known.get(term, []))] for term in query_terms]
    for phrase, others in known.items():
        if is_phrase(phrase) and occurrences(phrase, query_terms):
            words = phrase.split()
            for term, group in zip(query_terms, found, strict=True):
                if term in words:
                    group.extend(other for other, _word in others)
    return [list(dict.fromkeys(group)) for group in found]

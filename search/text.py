"""How the search reads Dutch: fold accents and case, drop stop words, stem (Snowball), and mark matches."""

import functools
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.text import DUTCH_STOP_WORDS, dutch_stem

MAX_QUERY_TERMS = 12
PREFIX_MIN = 4  # terms this long also match words that start with them (see search.backends)
MAX_TERM_LENGTH = 40
WORD = re.compile(r"\w+", re.UNICODE)


SEPARATORS = re.compile(r"[\W_]+")


def fold(text: str) -> list[str]:
    """The words of a text without accents or capitals, in any script ('Één café' → ['een', 'cafe'];
    Arabic and Cyrillic words stay whole)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return [word for word in SEPARATORS.split(plain) if word]


# Plurals whose stem is not their singular's ("steden" → "steed"): without these, "natuur in de stad" never meets
# "groene steden", nor "kind" "kinderen". Folded words.
IRREGULAR_PLURALS = {
    "steden": "stad",
    "kinderen": "kind",
    "leden": "lid",
    "schepen": "schip",
    "smeden": "smid",
    "bladeren": "blad",
    "eieren": "ei",
    "liederen": "lied",
    "volkeren": "volk",
    "kalveren": "kalf",
    "lammeren": "lam",
    "runderen": "rund",
    "gebeden": "gebed",
}


def stem(word: str) -> str:
    """The search term of one folded word: its Dutch stem, irregular plurals as their singular."""
    return dutch_stem(IRREGULAR_PLURALS.get(word, word))


def terms(text: str) -> list[str]:
    """The search terms of a text: 'Duurzame scholen' gives ['duurzaam', 'school']. Short words such as
    'AI', 'po' or 'HsL' stay, numbers too: they are names and codes people type."""
    return [stem(word) for word in fold(text) if word not in DUTCH_STOP_WORDS]


def term_string(*texts: str) -> str:
    return " ".join(terms(" ".join(text for text in texts if text)))


def query_terms(query: str) -> list[str]:
    """The distinct terms of what someone typed, at most a dozen; operators and quotes are just characters."""
    found = []
    for term in terms(query):
        term = term[:MAX_TERM_LENGTH]
        if term not in found:
            found.append(term)
    return found[:MAX_QUERY_TERMS]


def _matches(word: str, stems: frozenset[str]) -> bool:
    """Whether a word was searched for: same stem, or (for terms of 4+ letters, as the index matches them)
    a word that starts with the term, such as 'Natuurwandeling' for 'natuur'."""
    return _word_matches(word, stems)


@functools.lru_cache(maxsize=65536)
def _word_matches(word: str, stems: frozenset[str]) -> bool:
    # Cached: a page of hits repeats its words, and a snippet may read a whole text before the first match.
    for part in fold(word):
        found = stem(part)
        if found in stems or any(len(term) >= PREFIX_MIN and found.startswith(term) for term in stems):
            return True
    return False


def highlight(text: str, stems: set[str] | frozenset[str]) -> SafeString:
    """The text, escaped, with the words whose stem was searched for in <mark>."""
    stems = frozenset(stems)
    parts: list[str] = []
    position = 0
    for match in WORD.finditer(text or ""):
        parts.append(escape(text[position : match.start()]))
        word = match.group()
        parts.append(f"<mark>{escape(word)}</mark>" if _matches(word, stems) else escape(word))
        position = match.end()
    parts.append(escape((text or "")[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def snippet(text: str, stems: set[str] | frozenset[str], words: int = 32) -> str:
    """About `words` words of the text around the first match, with … where it is cut."""
    stems = frozenset(stems)
    tokens = (text or "").split()
    if len(tokens) <= words:
        return " ".join(tokens)
    first = next((index for index, token in enumerate(tokens) if _matches(token, stems)), 0)
    start = max(0, min(first - words // 3, len(tokens) - words))
    cut = " ".join(tokens[start : start + words])
    return f"{'… ' if start else ''}{cut}{' …' if start + words < len(tokens) else ''}"

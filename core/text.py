import difflib
import functools
import re
import unicodedata

import snowballstemmer


def normalise_key(text: str) -> str:
    """Fold a name or alias to a comparison key: no accents, case, punctuation or extra spaces.

    'Hogeschool  Leiden', 'hogeschool-leiden' and 'Hogeschool Léiden' share one key;
    'UL/FSW' becomes 'ul fsw'.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.split(r"[^0-9a-z]+", without_accents.casefold())
    return " ".join(word for word in words if word)


# Dutch function words that say nothing about a story's subject (lowercase, without accents).
DUTCH_STOP_WORDS = frozenset(
    {
        "aan",
        "al",
        "alle",
        "alleen",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "bijvoorbeeld",
        "daar",
        "daarbij",
        "daardoor",
        "daarmee",
        "daarna",
        "dan",
        "dat",
        "de",
        "deze",
        "dezelfde",
        "die",
        "dit",
        "doen",
        "door",
        "dus",
        "echt",
        "echter",
        "een",
        "eens",
        "eigen",
        "elkaar",
        "en",
        "er",
        "erg",
        "gaan",
        "gaat",
        "gaf",
        "ge",
        "geen",
        "geweest",
        "ging",
        "gingen",
        "haar",
        "had",
        "hadden",
        "heb",
        "hebben",
        "heeft",
        "heel",
        "hele",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "jij",
        "jullie",
        "kan",
        "komen",
        "komt",
        "kon",
        "konden",
        "kreeg",
        "kregen",
        "krijgen",
        "kunnen",
        "kwam",
        "kwamen",
        "laten",
        "maakt",
        "maar",
        "maken",
        "me",
        "mee",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nieuwe",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "per",
        "reeds",
        "samen",
        "steeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "tussen",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "via",
        "voor",
        "vooral",
        "waar",
        "waarbij",
        "waardoor",
        "waarin",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "weer",
        "wel",
        "welke",
        "werd",
        "werden",
        "wie",
        "wij",
        "worden",
        "wordt",
        "zagen",
        "zal",
        "ze",
        "zelf",
        "zelfs",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zoals",
        "zonder",
        "zou",
    }
)

_stemmer = snowballstemmer.stemmer("dutch")


def content_words(text: str) -> list[str]:
    """The words of a Dutch text that carry meaning: folded like normalise_key, without stop words and numbers."""
    return [
        word
        for word in normalise_key(text).split()
        if len(word) > 2 and not word.isdigit() and word not in DUTCH_STOP_WORDS
    ]


OPEN_SYLLABLE = re.compile(r"([^aeiou])([aeou])([^aeiou])e$")


@functools.lru_cache(maxsize=65536)
def dutch_stem(word: str) -> str:
    """The Snowball stem of one folded word: 'scholen' and 'school' both give 'school'. Cached: a
    language has far fewer distinct words than texts have words, and stemming is pure Python.

    Snowball leaves an inflected adjective in an open syllable ('duurzame', 'brede') apart from its
    base ('duurzaam', 'breed'); writing the vowel double and dropping the -e brings them together.
    """
    return OPEN_SYLLABLE.sub(r"\1\2\2\3", _stemmer.stemWord(word))


# A reference this close to a known name is offered as "did you mean" (imports, the organisation filter); a
# dimension this close is read as that dimension, with a notice, since their names are few and far apart.
SUGGEST_CUTOFF = 0.8


def close_match(wanted: str, known) -> str | None:
    """The one known key most like `wanted`, if any is at least SUGGEST_CUTOFF alike."""
    matches = difflib.get_close_matches(wanted, list(known), n=1, cutoff=SUGGEST_CUTOFF)
    return matches[0] if matches else None

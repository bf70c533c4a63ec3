import re
import unicodedata


def normalise_key(text: str) -> str:
    """Fold a name or alias to a comparison key: no accents, case, punctuation or extra spaces.

    'Hogeschool  Leiden', 'hogeschool-leiden' and 'Hogeschool Léiden' share one key;
    'UL/FSW' becomes 'ul fsw'.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.split(r"[^0-9a-z]+", without_accents.casefold())
    return " ".join(word for word in words if word)

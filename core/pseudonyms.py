"""People known by a keyed hash of how they were written, never by their address or name: attendance
participants (participant_key), and anonymised stories, so that a later request for the same person still finds
them (reference_key). Names compare without case or accents, addresses without case; redact_name takes a name out
of a text by the same folding."""

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings

# Whitespace, plus the invisible characters that come along when addresses are copied out of mail programs.
INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# "Jan Jansen <jan@school.nl>", as mail programs copy an address.
NAMED_ADDRESS = re.compile(r"<([^<>]*@[^<>]*)>")


def is_email(identifier: str) -> bool:
    return "@" in identifier


def normalise_email(text: str) -> str:
    """'  Jan.Jansen @School.NL ', 'Jan <jan.jansen@school.nl>' and 'jan.jansen@school.nl' are one address."""
    named = NAMED_ADDRESS.search(text)
    if named:
        text = named.group(1)
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def normalise_name(text: str) -> str:
    """'José  van der Berg', 'jose van der berg' and 'José van der-Berg' are one name.

    Like core.text.normalise_key, but letters of every script are kept: that one keeps only a–z and
    digits, which would turn every name written in Arabic or Cyrillic script into the same empty key.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in folded).split()
    return " ".join(words)


def normalise_identifier(text: str) -> str:
    """The form of an e-mail address or name that is hashed; empty when nothing identifying is left."""
    if is_email(text):
        address = normalise_email(text)
        return f"email:{address}" if address.strip("@") else ""
    name = normalise_name(text)
    return f"name:{name}" if name else ""


def participant_key(normalised: str) -> str:
    """The hex HMAC-SHA256 of a normalised identifier under settings.ATTENDANCE_KEY."""
    return hmac.new(settings.ATTENDANCE_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def key_for(text: str) -> str | None:
    normalised = normalise_identifier(text)
    return participant_key(normalised) if normalised else None


def reference_key(text: str, purpose: str) -> str:
    """The hex HMAC-SHA256 of an address or name under settings.ATTENDANCE_KEY, for one purpose (so a story's
    reference is not an attendance participant's key); empty when nothing identifying is in the text."""
    normalised = normalise_identifier(text)
    if not normalised:
        return ""
    return hmac.new(settings.ATTENDANCE_KEY.encode(), f"{purpose}|{normalised}".encode(), hashlib.sha256).hexdigest()


# Name parts that are also everyday words: "Jan van der Berg" loses "Jan", "Berg" and the whole name, not every "van".
PARTICLES = frozenset({"van", "der", "den", "de", "het", "ter", "ten", "von", "del", "della", "des", "dos", "da", "du"})
NAME_PART_MIN = 3


def _fold_character(character: str) -> str:
    decomposed = unicodedata.normalize("NFKD", character.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def redact_name(text: str, name: str, placeholder: str) -> str:
    """The text with the whole name and each of its parts (three letters or more, not a particle like "van")
    replaced by the placeholder, as whole words, whatever their case or accents: "Ik ben EMILE" and "Ik ben Émile"
    both become "Ik ben [naam]"."""
    words = normalise_name(name).split()
    parts = sorted({word for word in words if len(word) >= NAME_PART_MIN and word not in PARTICLES}, key=len)
    if not text or not words:
        return text
    # The folded text, and for each of its characters the position of the character it came from.
    folded, origin = [], []
    for position, character in enumerate(text):
        for piece in _fold_character(character):
            folded.append(piece)
            origin.append(position)
    # Longest first: "Privé-Tester" is one [naam], not two.
    runs = sorted(
        {tuple(words[start:end]) for start in range(len(words)) for end in range(start + 2, len(words) + 1)},
        key=len,
        reverse=True,
    )
    alternatives = [r"[\W_]+".join(map(re.escape, run)) for run in runs] + [re.escape(part) for part in reversed(parts)]
    pattern = re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})(?![^\W_])")
    pieces, done = [], 0
    for found in pattern.finditer("".join(folded)):
        start, end = origin[found.start()], origin[found.end() - 1] + 1
        while end < len(text) and not _fold_character(text[end]):  # an accent written after its letter
            end += 1
        pieces += [text[done:start], placeholder]
        done = end
    return "".join(pieces) + text[done:]

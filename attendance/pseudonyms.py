"""Participants are stored under a keyed hash of how they were listed, never under their address or name."""

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

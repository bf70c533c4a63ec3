"""SQLite's LIKE folds the case of ASCII letters only, so `name__iexact="émile"` missed "Émile" and
`email__icontains` missed "MÜNCHEN.de" — on SQLite, while PostgreSQL (UPPER on both sides) found them. Django runs
iexact, contains, icontains, startswith and endswith on SQLite through LIKE; replacing SQLite's like() on every
connection gives all of them, everywhere, the Unicode case folding they have on PostgreSQL. Accents still count,
as on PostgreSQL; lookups that must ignore them compare stored keys (core.pseudonyms)."""

import functools
import re
from typing import Any

from django.db import connections
from django.db.backends.signals import connection_created


@functools.lru_cache(maxsize=1024)
def _pattern(pattern: str, escape: str) -> re.Pattern[str]:
    """A LIKE pattern as a regular expression: % any run of characters, _ one character, the escape character
    before either makes it literal."""
    parts = []
    characters = iter(pattern)
    for character in characters:
        if escape and character == escape:
            parts.append(re.escape(next(characters, "")))
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def like(pattern: Any, value: Any, escape: str = "") -> bool | None:
    """SQLite's like(pattern, value[, escape]), with Unicode case folding; NULL when either side is NULL."""
    if pattern is None or value is None:
        return None
    return _pattern(str(pattern), escape or "").fullmatch(str(value)) is not None


def register(sender: Any, connection: Any, **kwargs: Any) -> None:
    raw = connection.connection
    if connection.vendor == "sqlite" and raw is not None:  # None: set up, but not connected yet
        raw.create_function("like", 2, like, deterministic=True)
        raw.create_function("like", 3, like, deterministic=True)


def register_on_connections() -> None:
    """Every SQLite connection opened from now on, and any already open (the app registry loads after some)."""
    connection_created.connect(register, dispatch_uid="core.sqlite_functions.register")
    for connection in connections.all(initialized_only=True):
        register(None, connection)

"""Expensive blocks of a page cached per data version and per viewer (issue 21 §1), with Django's `{% cache %}` tag.

A page's view passes `fragments.key(topic, request.user, …)` and its costly figures as lazy values
(`SimpleLazyObject`); the template wraps the block in `{% cache 600 name key %}`, so the figures are
only computed when the block is rendered, that is when the key is new. The key holds the current version of the
block's topic (core.invalidation: every committed write to one of the topic's tables renews it), the viewer's scope
(core.permissions.viewer_scope: what they may see and change) and the language. A block must show nothing that
depends on the viewer beyond the scope: no CSRF token, no per-user follow button, no messages. The 600 seconds
bound how long a block may lag if a process dies between a commit and its version row.
"""

from collections.abc import Iterable

from django.utils.translation import get_language

from core import invalidation
from core.permissions import viewer_scope


def key(topic: str, user, *parts: object) -> str:
    return ":".join([topic, invalidation.current(topic), viewer_scope(user), get_language(), *map(str, parts)])


def key_of(topics: Iterable[str], user, *parts: object) -> str:
    """key() for a block inside another that reads only some of the outer topic's tables: keyed on the versions
    of the topics holding those (e.g. a few apps' of a topic split by app), so a write elsewhere leaves it warm."""
    tokens = invalidation.current_of(topics)
    versions = [f"{topic}={token}" for topic, token in sorted(tokens.items())]
    return ":".join([*versions, viewer_scope(user), get_language(), *map(str, parts)])

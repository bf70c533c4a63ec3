"""Expensive blocks of a page cached per data version and per viewer (issue 21 §1), with Django's `{% cache %}` tag.

A page's view passes `fragments.key(topic, request.user, …)` and its costly figures as lazy values
(`SimpleLazyObject`); the template wraps the block in `{% cache 600 name key %}`, so the figures are
only computed when the block is rendered, that is when the key is new. The key holds the current version of the
block's topic (core.invalidation: every committed write to one of the topic's tables renews it), the viewer's scope
(core.permissions.viewer_scope: what they may see and change) and the language. A block must show nothing that
depends on the viewer beyond the scope: no CSRF token, no per-user follow button, no messages. The 600 seconds
bound how long a block may lag if a process dies between a commit and its version row.
"""

from django.utils.translation import get_language

from core import invalidation
from core.permissions import viewer_scope


def key(topic: str, user, *parts: object) -> str:
    return ":".join([topic, invalidation.current(topic), viewer_scope(user), get_language(), *map(str, parts)])

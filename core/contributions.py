"""Sections that a higher app adds to a lower app's page, so that the lower app never imports the higher one.

The activity page is the calendar's (directory layer), but its figures belong to `impact` and its stories to
`stories`. Those apps register a provider in their AppConfig.ready():

    contributions.register("activity_detail", figures_section, order=10)

A provider takes the request and the page's object and returns a `Section` (a template and its context), or None
when it has nothing to show. The page's template renders the sections of a slot where they belong:

    {% load contributions %}{% contributed "activity_detail" activity %}

Slots are plain strings named after the page (and, when a page has several places, the place: "programme_detail",
"programme_detail.aside"); `slots()` lists them for the architecture document and its test.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[HttpRequest, Any], Section | None]

_providers: dict[str, list[tuple[int, Provider]]] = defaultdict(list)


def register(slot: str, provider: Provider, order: int = 50) -> None:
    """Adds a provider to a slot; sections show in ascending order. Registering the same provider twice (an app
    registry reloaded in a test) keeps one."""
    entries = [(o, p) for o, p in _providers[slot] if p is not provider]
    entries.append((order, provider))
    entries.sort(key=lambda entry: entry[0])
    _providers[slot] = entries


def sections(slot: str, request: HttpRequest, subject: Any) -> list[Section]:
    return [section for _, provider in _providers[slot] if (section := provider(request, subject)) is not None]


def slots() -> dict[str, list[str]]:
    """Each slot with the providers that fill it (module.function), in order."""
    return {
        slot: [f"{provider.__module__}.{provider.__qualname__}" for _, provider in entries]
        for slot, entries in sorted(_providers.items())
    }

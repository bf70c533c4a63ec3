"""The impact model's three rings for the home page: the drawing the model page makes (impact.rings), and per ring
its name, its plain explanation (impact.terms) and its dimensions, which the list beside the drawing spells out."""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

from core import invalidation
from core.pagecache import PAGES
from impact import services
from impact.rings import drawing
from impact.terms import TERMS

CACHE_SECONDS = 24 * 3600  # the key holds the version of the impact tables, renewed by every write to the model


@dataclass(frozen=True)
class RingLine:
    number: int
    name: str
    explanation: str
    dimensions: list[str]


@dataclass(frozen=True)
class RingsOverview:
    drawing: dict
    rings: list[RingLine]


def _overview() -> RingsOverview | None:
    model = services.current_model()
    if model is None:
        return None
    active = dict(services.active_rings(model))
    return RingsOverview(
        drawing(list(active.items())),
        [
            RingLine(
                ring.number,
                str(ring),
                str(TERMS[f"ring{ring.number}"].explanation),
                [str(d) for d in active[ring.number]],
            )
            for ring in model.rings.all()
        ],
    )


def rings_overview() -> RingsOverview | None:
    """The network's rings in the active language, or None without an impact model. The drawing reads three
    tables of the impact app, so it is kept per version of that app's part of the "pages" topic ("pages.impact",
    which a story or an activity does not renew) and language."""
    key = f"home-rings:{invalidation.current(invalidation.app_topic(PAGES, 'impact'))}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = _overview() or False  # a network without a model is remembered too
        cache.set(key, found, CACHE_SECONDS)
    return found or None

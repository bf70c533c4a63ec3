"""The network map's results, cached per filter and per viewer scope under the version of the "map" topic
(core.invalidation): the figures, suggestions and JSON in Django's cache, the network itself in this process's
memory (see network()). Every committed write to a table the map reads (MAP_TABLES, declared in
NetworkmapConfig.ready()) renews the version, whoever writes: forms, imports, restores, bulk writes.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from activities.models import Activity
from core import invalidation
from core.permissions import is_coordinator
from network.models import Line, Organisation, Person, Theme
from networkmap.analytics import rank_suggestions, summarise
from networkmap.shapes import Filters, Metrics, Network, Suggestion, Viewer
from networkmap.ties import build, without_cycle_collection
from programmes.models import Action, Programme, ProgrammeLine
from projects.models import Project, ProjectUpdate

MAP = "map"  # the invalidation topic
# Everything the ties, filters, sizes and suggestions read; editors decide whose drafts count.
MAP_TABLES = (
    Activity,
    Activity.organisers.through,
    Activity.themes.through,
    Project,
    Project.leads.through,
    Project.partners.through,
    Project.themes.through,
    ProjectUpdate,
    Line,
    Line.holders.through,
    Line.themes.through,
    Person,
    Organisation,
    Organisation.themes.through,
    Organisation.editors.through,
    Theme,
    Programme,
    ProgrammeLine,
    Action,
    Action.activities.through,
)
CACHE_SECONDS = 60 * 60
SUGGESTIONS = 20
KEPT_NETWORKS = 6

T = TypeVar("T")

_networks: OrderedDict[tuple[str, str], Network] = OrderedDict()  # by (version, key); see network()
_networks_lock = threading.Lock()


def current_version() -> str:
    return invalidation.current(MAP)


def viewer_for(user) -> Viewer:
    if is_coordinator(user):
        scope = "all"
    elif user.is_authenticated and user.editable_organisations.exists():
        scope = f"editor-{user.pk}"  # sees the drafts of their own organisations
    else:
        scope = "public"
    return Viewer(user, scope, current_version())


def public_viewer() -> Viewer:
    return Viewer(AnonymousUser(), "public", current_version())


def _key(what: str, viewer: Viewer, filters: Filters, *extra: object) -> str:
    return ":".join(["network", viewer.version, viewer.scope, what, filters.key(), *map(str, extra)])


def cached(what: str, viewer: Viewer, filters: Filters, compute: Callable[[], T], *extra: object) -> T:
    key = _key(what, viewer, filters, *extra)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def network(filters: Filters, viewer: Viewer) -> Network:
    """The network for these filters, kept in this process's memory rather than in Django's cache: with
    tens of thousands of ties, unpickling it on every request would cost more than the page. Its key
    carries the version like the cached results, so a change made in another process reaches it too."""
    key = (viewer.version, _key("network", viewer, filters))
    with _networks_lock:
        found = _networks.get(key)
        if found is not None:
            _networks.move_to_end(key)
            return found
    with without_cycle_collection():
        built = build(filters, viewer.user)
    with _networks_lock:
        # A network of an older version is never asked for again.
        for stale in [other for other in _networks if other[0] != viewer.version]:
            del _networks[stale]
        _networks[key] = built
        while len(_networks) > KEPT_NETWORKS:
            _networks.popitem(last=False)
    return built


def metrics(filters: Filters, viewer: Viewer, this_year: int) -> Metrics:
    return cached("metrics", viewer, filters, lambda: summarise(network(filters, viewer), this_year), this_year)


def programme_network(programme: Programme, this_year: int | None = None) -> Metrics:
    """The network behind a programme: the organisers of its published activities, tied when they
    organised one together. The same figures the map shows with ?programma=<slug>."""
    year = this_year or timezone.localdate().year
    return metrics(Filters(programme=programme.slug), public_viewer(), year)


def not_yet_connected(filters: Filters, viewer: Viewer, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Pairs of organisations on the map that share themes or lines but never organised an activity
    or took part in a project together (anywhere, whatever the filter), most in common first."""
    return cached("suggestions", viewer, filters, lambda: _suggest(filters, viewer, limit), limit, get_language())


def _suggest(filters: Filters, viewer: Viewer, limit: int) -> list[Suggestion]:
    current, everything = network(filters, viewer), network(Filters(), viewer)
    with without_cycle_collection():
        return rank_suggestions(filters, current, everything, limit)

"""The network map: ties between organisations, built from the records, and what they say.

Two organisations are tied when they
- organised the same activity (kind "activiteit"),
- are lead or partner in the same project ("project"), or
- have people holding the same line ("lijn").
Only records the viewer may see count (core.permissions.visible): the public map shows published
activities and projects; lines and their holders are public anyway.

Years: an activity counts in the local year it starts. A project has no dates of its own, so it
counts in the years of its progress updates; a project without updates, and every line, has no
year. A tie's first year is the earliest year of any record behind it, whatever year is filtered
on, so "new ties this year" means first seen this year.

Filters narrow records and organisations alike:
- theme: activities, projects and lines with the theme; organisations involved in those or
  carrying the theme themselves;
- year: records of that year and the organisations involved in them;
- programme: the programme's published activities only (so only activity ties) and their organisers;
- sector: organisations of the chosen sectors; a tie counts only when both ends are kept, so
  "po + cultuur" shows ties among schools, among cultural partners and between the two;
- kind of tie: which ties are drawn; the organisations stay.
Without a theme, year or programme every organisation is on the map, so the isolated ones show.

Results are cached per filter and per viewer scope under GraphVersion's token, which the signals
below renew whenever one of the records involved changes: the figures, suggestions and JSON in
Django's cache, the network itself in this process's memory (see network()).
"""

import gc
import hashlib
import heapq
import itertools
import json
import threading
from collections import Counter, OrderedDict, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.batching import later
from core.models import Sector
from core.permissions import is_coordinator, visible
from core.services import add_version
from network.models import GraphVersion, Line, Organisation, Person, Theme
from programmes.models import Action, Programme, ProgrammeLine
from programmes.services import programme_activity_ids
from projects.models import Project, ProjectUpdate

CACHE_SECONDS = 60 * 60
# Betweenness (Brandes) costs one breadth-first search over organisations + ties per source organisation.
# It is exact while that fits this budget (about a third of a second); beyond, it is estimated from as
# many sources as fit, at least the minimum, drawn with a fixed seed (same network, same answer). On the
# 1,000-organisation benchmark 32 sources find the same top ten brokers as the exact 8-second computation.
BETWEENNESS_BUDGET = 750_000
BETWEENNESS_MIN_SAMPLE = 32
BETWEENNESS_SEED = 7
TOP_BROKERS = 10
TOP_SECTOR_PAIRS = 10
SUGGESTIONS = 20
KEPT_NETWORKS = 6
# A theme half the network carries says little about a pair, and its pairs grow with the square.
LARGEST_SHARED_GROUP = 500


class TieKind(models.TextChoices):
    ACTIVITY = "activiteit", _("Activity together")
    PROJECT = "project", _("Project together")
    LINE = "lijn", _("Same line")


WORKED_TOGETHER = {TieKind.ACTIVITY, TieKind.PROJECT}
KIND_ORDER = {kind: position for position, kind in enumerate(TieKind.values)}
SECTOR_ORDER = {sector: position for position, sector in enumerate(Sector.values)}


@dataclass(frozen=True)
class Filters:
    theme: str = ""  # a theme's slug
    year: int | None = None
    sectors: tuple[str, ...] = ()  # none: every sector
    kinds: tuple[str, ...] = ()  # none: every kind
    programme: str = ""  # a programme's slug

    @property
    def tie_kinds(self) -> set[str]:
        return set(self.kinds or TieKind.values)

    def key(self) -> str:
        text = "|".join(
            [
                self.theme,
                str(self.year or ""),
                ",".join(sorted(self.sectors)),
                ",".join(sorted(self.kinds)),
                self.programme,
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Viewer:
    """Whose map: the scope decides which drafts count (visible()); the version is read once per request."""

    user: object
    scope: str
    version: str


@dataclass(slots=True)
class Node:
    id: int
    name: str
    slug: str
    sector: str
    activities: int = 0
    degree: int = 0
    betweenness: float = 0.0
    broker_rank: int | None = None  # 1 for the strongest broker; None for organisations on no shortest route

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label)

    @property
    def betweenness_percent(self) -> float:
        return round(self.betweenness * 100, 1)


@dataclass(frozen=True, slots=True)
class Tie:
    a: int  # the lower organisation id
    b: int
    kinds: tuple[str, ...]
    records: tuple[tuple[str, int], ...]  # (kind, primary key) of each shared activity, project or line
    years: tuple[int, ...]  # the years evidenced within the filter
    first_year: int | None

    @property
    def weight(self) -> int:
        return len(self.records)

    @property
    def kind_labels(self) -> list[str]:
        return [str(TieKind(kind).label) for kind in self.kinds]


@dataclass
class Network:
    nodes: dict[int, Node]  # by name
    ties: list[Tie]
    organisations_per_year: dict[int, int]
    sampled: int  # sources betweenness was estimated from; 0 when exact


@dataclass
class YearRow:
    year: int
    organisations: int
    ties: int
    new_ties: int


@dataclass
class SectorCount:
    sector: str
    organisations: int

    @property
    def label(self) -> str:
        return str(Sector(self.sector).label)


@dataclass
class SectorPair:
    first: str
    second: str
    ties: int

    @property
    def labels(self) -> str:
        return f"{Sector(self.first).label} – {Sector(self.second).label}"


@dataclass
class Metrics:
    organisations: int
    ties: int
    this_year: int
    new_this_year: int
    per_year: list[YearRow]
    cross_sector: int
    sector_pairs: list[SectorPair]
    brokers: list[Node]
    sampled: int
    isolated: list[Node]
    peripheral: list[Node]
    sectors: list[SectorCount]

    @property
    def cross_sector_percent(self) -> int:
        return round(100 * self.cross_sector / self.ties) if self.ties else 0

    @property
    def top_sector_pairs(self) -> list[SectorPair]:
        return self.sector_pairs[:TOP_SECTOR_PAIRS]

    @property
    def more_sector_pairs(self) -> list[SectorPair]:
        return self.sector_pairs[TOP_SECTOR_PAIRS:]


@dataclass
class Ref:
    title: str
    url: str


@dataclass
class Suggestion:
    first: Node
    second: Node
    themes: list[str] = field(default_factory=list)
    lines: list[Ref] = field(default_factory=list)


@dataclass
class TieRow:
    tie: Tie
    first: Node
    second: Node
    records: list[Ref]
    more: int


# --- the version and the cache ---------------------------------------------------------------

_networks: OrderedDict[tuple[str, str], Network] = OrderedDict()  # by (version, key); see network()
_networks_lock = threading.Lock()


def current_version() -> str:
    token = GraphVersion.objects.order_by("-pk").values_list("token", flat=True).first()
    return token or bump_version()


def bump_version() -> str:
    """A new version row (every save of an activity, project or organisation bumps it inside its transaction)."""
    return add_version(GraphVersion)


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


def _key(what: str, viewer: Viewer, filters: Filters, *extra) -> str:
    return ":".join(["network", viewer.version, viewer.scope, what, filters.key(), *map(str, extra)])


def _cached(what: str, viewer: Viewer, filters: Filters, compute, *extra):
    key = _key(what, viewer, filters, *extra)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def records_changed() -> None:
    """A new version now, or once at the end of a batch of writes (core.batching); also for writes that send no
    signals (bulk inserts)."""
    if not later("network-map-version", bump_version):
        bump_version()


def _bump_on_save(sender, raw=False, **kwargs):
    if not raw:
        records_changed()


def _bump_on_links(sender, action, **kwargs):
    if action.startswith("post_"):
        records_changed()


# Everything the ties, filters, sizes and suggestions read; editors decide whose drafts count.
FOLLOWED_MODELS = (
    Activity,
    Project,
    ProjectUpdate,
    Line,
    Person,
    Organisation,
    Theme,
    Programme,
    ProgrammeLine,
    Action,
)
FOLLOWED_LINKS = (
    Activity.organisers.through,
    Activity.themes.through,
    Project.leads.through,
    Project.partners.through,
    Project.themes.through,
    Line.holders.through,
    Line.themes.through,
    Organisation.themes.through,
    Organisation.editors.through,
    Action.activities.through,
)


def connect_signals() -> None:
    for model in FOLLOWED_MODELS:
        post_save.connect(_bump_on_save, sender=model, dispatch_uid=f"graph-save-{model.__name__}")
        post_delete.connect(_bump_on_save, sender=model, dispatch_uid=f"graph-delete-{model.__name__}")
    for through in FOLLOWED_LINKS:
        m2m_changed.connect(_bump_on_links, sender=through, dispatch_uid=f"graph-links-{through.__name__}")


# --- building the network --------------------------------------------------------------------


@contextmanager
def _without_cycle_collection():
    """Building makes hundreds of thousands of small objects and no reference cycles; meanwhile the cycle
    collector would walk them again and again (up to half the build time on the benchmark)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class _Record:
    kind: str
    pk: int
    organisations: set[int]
    years: set[int]


def _records(filters: Filters, user) -> list[_Record]:
    activities = visible(Activity.objects.all(), user, "organisers")
    if filters.programme:
        programme = Programme.objects.filter(slug=filters.programme).first()
        activities = activities.filter(pk__in=programme_activity_ids(programme)) if programme else activities.none()
    if filters.theme:
        activities = activities.filter(themes__slug=filters.theme)
    records: dict[tuple[str, int], _Record] = {}
    local = timezone.get_current_timezone()
    organisers = Activity.organisers.through.objects.filter(activity__in=activities.values("pk"))
    for activity_id, organisation_id, start in organisers.values_list(
        "activity_id", "organisation_id", "activity__start"
    ):
        record = records.get((TieKind.ACTIVITY, activity_id))
        if record is None:
            record = _Record(TieKind.ACTIVITY, activity_id, set(), {start.astimezone(local).year})
            records[TieKind.ACTIVITY, activity_id] = record
        record.organisations.add(organisation_id)
    if filters.programme:
        return list(records.values())

    projects = visible(Project.objects.all(), user, "leads")
    lines = Line.objects.all()
    if filters.theme:
        projects = projects.filter(themes__slug=filters.theme)
        lines = lines.filter(themes__slug=filters.theme)
    project_ids = projects.values("pk")
    project_years = defaultdict(set)
    for project_id, date in ProjectUpdate.objects.filter(project__in=project_ids).values_list("project_id", "date"):
        project_years[project_id].add(date.year)
    for through in (Project.leads.through, Project.partners.through):
        for project_id, organisation_id in through.objects.filter(project__in=project_ids).values_list(
            "project_id", "organisation_id"
        ):
            record = records.get((TieKind.PROJECT, project_id))
            if record is None:
                record = _Record(TieKind.PROJECT, project_id, set(), project_years[project_id])
                records[TieKind.PROJECT, project_id] = record
            record.organisations.add(organisation_id)
    holders = Line.holders.through.objects.filter(line__in=lines.values("pk"))
    for line_id, organisation_id in holders.values_list("line_id", "person__organisation_id"):
        record = records.get((TieKind.LINE, line_id))
        if record is None:
            record = records[TieKind.LINE, line_id] = _Record(TieKind.LINE, line_id, set(), set())
        record.organisations.add(organisation_id)
    return list(records.values())


def _pairs(members) -> itertools.combinations:
    return itertools.combinations(sorted(members), 2)


def build(filters: Filters, user) -> Network:
    """The filtered network as the user may see it, with each organisation's betweenness (uncached)."""
    records = _records(filters, user)
    tie_kinds = filters.tie_kinds
    first_years = None  # without a year filter, the earliest of a tie's own years
    if filters.year:
        first_years = _first_years(records, tie_kinds)
        records = [record for record in records if filters.year in record.years]

    involved = set().union(*(record.organisations for record in records))
    wanted = None
    if filters.programme or filters.year:
        wanted = involved
    elif filters.theme:
        wanted = involved | set(
            Organisation.themes.through.objects.filter(theme__slug=filters.theme).values_list(
                "organisation_id", flat=True
            )
        )
    organisations = Organisation.objects.all()
    if filters.sectors:
        organisations = organisations.filter(sector__in=filters.sectors)
    nodes = {
        pk: Node(pk, name, slug, sector)
        for pk, name, slug, sector in organisations.order_by("name").values_list("pk", "name", "slug", "sector")
        if wanted is None or pk in wanted
    }

    shared: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
    tie_years: dict[tuple[int, int], set[int]] = defaultdict(set)
    active_in_year = defaultdict(set)
    for record in records:
        members = [pk for pk in record.organisations if pk in nodes]
        years = {filters.year} if filters.year else record.years
        for pk in members:
            if record.kind == TieKind.ACTIVITY:
                nodes[pk].activities += 1
            for year in years:
                active_in_year[year].add(pk)
        if record.kind not in tie_kinds:
            continue
        for pair in _pairs(members):
            shared[pair].append((record.kind, record.pk))
            tie_years[pair].update(years)
    # Tuples, not lists and sets: a big network stays in memory, and the cycle collector skips tuples.
    ties = []
    for pair in sorted(shared):
        refs = sorted(shared[pair], key=lambda ref: (KIND_ORDER[ref[0]], -ref[1]))  # the newest first per kind
        tie_years_sorted = tuple(sorted(tie_years[pair]))
        ties.append(
            Tie(
                *pair,
                kinds=tuple(sorted({kind for kind, _pk in refs}, key=KIND_ORDER.__getitem__)),
                records=tuple(refs),
                years=tie_years_sorted,
                first_year=(tie_years_sorted[0] if tie_years_sorted else None)
                if first_years is None
                else first_years.get(pair),
            )
        )
        nodes[pair[0]].degree += 1
        nodes[pair[1]].degree += 1
    return Network(
        nodes=nodes,
        ties=ties,
        organisations_per_year={year: len(members) for year, members in sorted(active_in_year.items())},
        sampled=_rank_brokers(nodes, ties),
    )


def _first_years(records: list[_Record], tie_kinds: set[str]) -> dict[tuple[int, int], int]:
    first_years: dict[tuple[int, int], int] = {}
    for record in records:
        if record.kind in tie_kinds and record.years:
            first = min(record.years)
            for pair in _pairs(record.organisations):
                if first < first_years.get(pair, first + 1):
                    first_years[pair] = first
    return first_years


def _rank_brokers(nodes: dict[int, Node], ties: list[Tie]) -> int:
    """Set each node's betweenness (normalised: the share of shortest routes between two other
    organisations that pass through it) and rank; returns the sample size, 0 when exact."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from((tie.a, tie.b) for tie in ties)
    sources = max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // (len(nodes) + len(ties) or 1))
    sampled = sources if sources < len(nodes) else 0
    scores = nx.betweenness_centrality(graph, k=sampled or None, seed=BETWEENNESS_SEED if sampled else None)
    for pk, score in scores.items():
        nodes[pk].betweenness = score
    ranked = sorted(
        (node for node in nodes.values() if node.betweenness > 0), key=lambda node: (-node.betweenness, node.name)
    )
    for rank, node in enumerate(ranked, start=1):
        node.broker_rank = rank
    return sampled


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
    with _without_cycle_collection():
        built = build(filters, viewer.user)
    with _networks_lock:
        # A network of an older version is never asked for again.
        for stale in [other for other in _networks if other[0] != viewer.version]:
            del _networks[stale]
        _networks[key] = built
        while len(_networks) > KEPT_NETWORKS:
            _networks.popitem(last=False)
    return built


# --- what the network says -------------------------------------------------------------------


def summarise(current: Network, this_year: int) -> Metrics:
    new_by_year = Counter(tie.first_year for tie in current.ties if tie.first_year)
    ties_by_year = Counter(year for tie in current.ties for year in tie.years)
    years = sorted(set(current.organisations_per_year) | set(ties_by_year))
    nodes = current.nodes
    pairs: Counter[tuple[str, str]] = Counter()
    for tie in current.ties:
        first, second = sorted((nodes[tie.a].sector, nodes[tie.b].sector), key=SECTOR_ORDER.__getitem__)
        if first != second:
            pairs[first, second] += 1
    sectors = Counter(node.sector for node in nodes.values())
    return Metrics(
        organisations=len(nodes),
        ties=len(current.ties),
        this_year=this_year,
        new_this_year=sum(1 for tie in current.ties if tie.first_year == this_year and this_year in tie.years),
        per_year=[
            YearRow(year, current.organisations_per_year.get(year, 0), ties_by_year[year], new_by_year[year])
            for year in years
        ],
        cross_sector=pairs.total(),
        sector_pairs=[
            SectorPair(first, second, count)
            for (first, second), count in sorted(
                pairs.items(), key=lambda item: (-item[1], SECTOR_ORDER[item[0][0]], SECTOR_ORDER[item[0][1]])
            )
        ],
        brokers=sorted(
            (node for node in nodes.values() if node.broker_rank and node.broker_rank <= TOP_BROKERS),
            key=lambda node: node.broker_rank or 0,  # all ranked: the filter above
        ),
        sampled=current.sampled,
        isolated=[node for node in nodes.values() if node.degree == 0],
        peripheral=[node for node in nodes.values() if node.degree == 1],
        sectors=[SectorCount(sector, sectors[sector]) for sector in Sector.values if sectors[sector]],
    )


def metrics(filters: Filters, viewer: Viewer, this_year: int) -> Metrics:
    return _cached("metrics", viewer, filters, lambda: summarise(network(filters, viewer), this_year), this_year)


def programme_network(programme: Programme, this_year: int | None = None) -> Metrics:
    """The network behind a programme: the organisers of its published activities, tied when they
    organised one together. The same figures the map shows with ?programma=<slug>."""
    year = this_year or timezone.localdate().year
    return metrics(Filters(programme=programme.slug), public_viewer(), year)


def not_yet_connected(filters: Filters, viewer: Viewer, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Pairs of organisations on the map that share themes or lines but never organised an activity
    or took part in a project together (anywhere, whatever the filter), most in common first."""
    return _cached("suggestions", viewer, filters, lambda: _suggest(filters, viewer, limit), limit, get_language())


def _suggest(filters: Filters, viewer: Viewer, limit: int) -> list[Suggestion]:
    current = network(filters, viewer)
    with _without_cycle_collection():
        return _rank_suggestions(filters, viewer, current, limit)


def _rank_suggestions(filters: Filters, viewer: Viewer, current: Network, limit: int) -> list[Suggestion]:
    candidates = set(current.nodes)
    org_themes = defaultdict(set)
    for organisation_id, theme_id in Organisation.themes.through.objects.values_list("organisation_id", "theme_id"):
        if organisation_id in candidates:
            org_themes[organisation_id].add(theme_id)
    if filters.theme:
        theme = Theme.objects.filter(slug=filters.theme).first()
        candidates = {pk for pk in candidates if theme and theme.pk in org_themes[pk]}
    org_lines = defaultdict(set)
    for line_id, organisation_id in Line.holders.through.objects.values_list("line_id", "person__organisation_id"):
        if organisation_id in candidates:
            org_lines[organisation_id].add(line_id)

    groups = defaultdict(set)
    for pk in candidates:
        for theme_id in org_themes[pk]:
            groups["theme", theme_id].add(pk)
        for line_id in org_lines[pk]:
            groups["line", line_id].add(pk)
    shared: Counter[tuple[int, int]] = Counter()
    for members in groups.values():
        if 2 <= len(members) <= LARGEST_SHARED_GROUP:
            shared.update(_pairs(members))
    for tie in network(Filters(), viewer).ties:
        if WORKED_TOGETHER.intersection(tie.kinds):
            shared.pop((tie.a, tie.b), None)
    if not shared:
        return []
    # Only pairs with at least the limit-th largest count can make the list; among those, by name.
    least = heapq.nlargest(limit, shared.values())[-1]
    nodes = current.nodes
    place = {pk: position for position, pk in enumerate(nodes)}  # nodes come by name
    best = heapq.nsmallest(
        limit,
        ((count, *sorted(pair, key=place.__getitem__)) for pair, count in shared.items() if count >= least),
        key=lambda item: (-item[0], place[item[1]], place[item[2]]),
    )
    common = [(nodes[a], nodes[b], org_themes[a] & org_themes[b], org_lines[a] & org_lines[b]) for _count, a, b in best]
    theme_names = Theme.objects.in_bulk(set().union(*(themes for *_, themes, _lines in common)))
    lines = Line.objects.in_bulk(set().union(*(line_ids for *_, line_ids in common)))
    return [
        Suggestion(
            first,
            second,
            themes=sorted(str(theme_names[pk]) for pk in theme_ids),
            lines=sorted(
                (Ref(lines[pk].name, lines[pk].get_absolute_url()) for pk in line_ids), key=lambda ref: ref.title
            ),
        )
        for first, second, theme_ids, line_ids in common
    ]


def map_data(filters: Filters, viewer: Viewer) -> str:
    """The network as JSON for the map (and anyone who wants the data): organisations and ties."""

    def compute():
        current = network(filters, viewer)
        return json.dumps(
            {
                "organisations": [
                    {
                        "id": node.id,
                        "name": node.name,
                        "url": reverse("network:organisation_detail", args=[node.slug]),
                        "sector": node.sector,
                        "sector_label": str(node.sector_label),
                        "activities": node.activities,
                        "ties": node.degree,
                        "broker_rank": node.broker_rank,
                    }
                    for node in current.nodes.values()
                ],
                "ties": [
                    {
                        "source": tie.a,
                        "target": tie.b,
                        "weight": tie.weight,
                        "kinds": tie.kinds,
                        "first_year": tie.first_year,
                    }
                    for tie in current.ties
                ],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    return _cached("json", viewer, filters, compute, get_language())


# --- the list view ---------------------------------------------------------------------------

ORGANISATION_ORDERS = {
    "naam": lambda node: node.name.casefold(),
    "sector": lambda node: (str(node.sector_label), node.name.casefold()),
    "activiteiten": lambda node: (-node.activities, node.name.casefold()),
    "banden": lambda node: (-node.degree, node.name.casefold()),
    "weinig-banden": lambda node: (node.degree, node.name.casefold()),
    "makelaars": lambda node: (node.broker_rank is None, node.broker_rank or 0, node.name.casefold()),
}
TIE_ORDERS = ("sterkte", "naam", "jaar")


def sorted_organisations(current: Network, order: str) -> list[Node]:
    return sorted(current.nodes.values(), key=ORGANISATION_ORDERS.get(order, ORGANISATION_ORDERS["naam"]))


def _name_keys(current: Network) -> dict[int, str]:
    return {pk: node.name.casefold() for pk, node in current.nodes.items()}


def _named_pair(current: Network, tie: Tie, names: dict[int, str]) -> tuple[Node, Node]:
    first, second = current.nodes[tie.a], current.nodes[tie.b]
    return (first, second) if names[tie.a] <= names[tie.b] else (second, first)


def sorted_ties(current: Network, order: str) -> list[Tie]:
    names = _name_keys(current)

    def pair(tie):
        return (names[tie.a], names[tie.b]) if names[tie.a] <= names[tie.b] else (names[tie.b], names[tie.a])

    keys = {
        "naam": pair,
        "jaar": lambda tie: (-(tie.first_year or 0), pair(tie)),  # the undated last
        "sterkte": lambda tie: (-tie.weight, pair(tie)),
    }
    return sorted(current.ties, key=keys.get(order, keys["sterkte"]))


def describe_ties(current: Network, ties: list[Tie], shown: int = 3) -> list[TieRow]:
    """Rows for a page of ties: both organisations by name, and the first few records behind each."""
    wanted = defaultdict(set)
    for tie in ties:
        for kind, pk in tie.records[:shown]:
            wanted[kind].add(pk)
    refs: dict[tuple[str, int], Ref] = {}
    for activity in Activity.objects.filter(pk__in=wanted[TieKind.ACTIVITY]).only("title", "slug"):
        refs[TieKind.ACTIVITY, activity.pk] = Ref(activity.title, activity.get_absolute_url())
    for project in Project.objects.filter(pk__in=wanted[TieKind.PROJECT]).only("code", "title", "slug"):
        refs[TieKind.PROJECT, project.pk] = Ref(str(project), project.get_absolute_url())
    for line in Line.objects.filter(pk__in=wanted[TieKind.LINE]).only("name", "slug"):
        refs[TieKind.LINE, line.pk] = Ref(line.name, line.get_absolute_url())
    names = _name_keys(current)
    return [
        TieRow(
            tie,
            *_named_pair(current, tie, names),
            records=[refs[ref] for ref in tie.records[:shown] if ref in refs],
            more=max(0, tie.weight - shown),
        )
        for tie in ties
    ]


def record_years(user) -> list[int]:
    """The years the viewer's activities and project updates fall in, for the year filter."""
    activity_years = {day.year for day in visible(Activity.objects.all(), user, "organisers").dates("start", "year")}
    projects = visible(Project.objects.all(), user, "leads").values("pk")
    update_years = {day.year for day in ProjectUpdate.objects.filter(project__in=projects).dates("date", "year")}
    return sorted(activity_years | update_years, reverse=True)

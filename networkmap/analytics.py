"""What the network says, computed with networkx and counting: brokers (betweenness), the figures, and pairs of
organisations not yet connected."""

import heapq
from collections import Counter, defaultdict

import networkx as nx

from core.models import Sector
from network.models import Line, Organisation, Theme
from networkmap.shapes import (
    SECTOR_ORDER,
    WORKED_TOGETHER,
    Filters,
    Metrics,
    Network,
    Node,
    Ref,
    SectorCount,
    SectorPair,
    Suggestion,
    Tie,
    YearRow,
    member_pairs,
)

# Betweenness (Brandes) costs one breadth-first search over organisations + ties per source organisation.
# It is exact while that fits this budget (about a third of a second); beyond, it is estimated from as
# many sources as fit, at least the minimum, drawn with a fixed seed (same network, same answer). On the
# 1,000-organisation benchmark 32 sources find the same top ten brokers as the exact 8-second computation.
BETWEENNESS_BUDGET = 750_000
BETWEENNESS_MIN_SAMPLE = 32
BETWEENNESS_SEED = 7
TOP_BROKERS = 10
# A theme half the network carries says little about a pair, and its pairs grow with the square.
LARGEST_SHARED_GROUP = 500


def rank_brokers(nodes: dict[int, Node], ties: list[Tie]) -> int:
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


def rank_suggestions(filters: Filters, current: Network, everything: Network, limit: int) -> list[Suggestion]:
    """Pairs on the current (filtered) network that share themes or lines and never worked together anywhere (in
    the unfiltered network, everything), most in common first."""
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
            shared.update(member_pairs(members))
    for tie in everything.ties:
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

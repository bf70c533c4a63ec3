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

Building is uncached; networkmap.cache keeps the results. Betweenness comes from networkmap.analytics.
"""

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone

from activities.models import Activity
from core.permissions import visible
from network.models import Line, Organisation
from networkmap.analytics import rank_brokers
from networkmap.shapes import KIND_ORDER, Filters, Network, Node, Tie, TieKind, member_pairs
from programmes.models import Programme
from programmes.services import programme_activity_ids
from projects.models import Project, ProjectUpdate


@contextmanager
def without_cycle_collection():
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
        for pair in member_pairs(members):
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
        sampled=rank_brokers(nodes, ties),
    )


def _first_years(records: list[_Record], tie_kinds: set[str]) -> dict[tuple[int, int], int]:
    first_years: dict[tuple[int, int], int] = {}
    for record in records:
        if record.kind in tie_kinds and record.years:
            first = min(record.years)
            for pair in member_pairs(record.organisations):
                if first < first_years.get(pair, first + 1):
                    first_years[pair] = first
    return first_years

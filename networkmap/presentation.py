"""The network map as others read it: JSON for the map's script (and anyone who wants the data), and the
organisations and ties as sorted, described rows for the list view."""

import json
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import get_language

from activities.models import Activity
from core.permissions import visible
from network.models import Line
from networkmap.cache import cached, network
from networkmap.shapes import Filters, Network, Node, Ref, Tie, TieKind, TieRow, Viewer
from projects.models import Project, ProjectUpdate


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

    return cached("json", viewer, filters, compute, get_language())


# --- the list view

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

"""Route support: how far a programme's stories speak on each ring of its impact routes, and from how many
organisations and roles. Read-only."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from impact.models import Dimension
from programmes.models import ImpactRoute, Programme
from stories.models import Story, StoryPart


@dataclass
class RingSupport:
    number: int
    dimension: Dimension
    stories: int = 0
    organisations: int = 0
    roles: int = 0


@dataclass
class RouteSupport:
    route: ImpactRoute
    rings: list[RingSupport] = field(default_factory=list)

    @property
    def silent_rings(self) -> list[int]:
        return [ring.number for ring in self.rings if not ring.stories]


def route_support(programme: Programme, stories: QuerySet[Story]) -> list[RouteSupport]:
    """Per impact route and ring: the stories (of those given) of that ambition that speak on the route's
    dimension, and from how many distinct organisations and roles they come."""
    routes = list(
        ImpactRoute.objects.filter(line__programme=programme).select_related(
            "line", "target_group", "ring1", "ring2", "ring3"
        )
    )
    if not routes:
        return []
    # Only the parts on a route's dimensions, unsorted: a large programme has thousands of parts (30 ms at city scale).
    dimensions = {dimension.pk for route in routes for dimension in route.dimensions}
    parts = (
        StoryPart.objects.filter(story__in=stories, dimension_id__in=dimensions)
        .order_by()
        .values_list(
            "story__line_id",
            "ring",
            "dimension_id",
            "story_id",
            "story__organisation_id",
            "story__organisation_name",
            "story__respondent_role",
        )
    )
    speakers: dict[tuple, list] = {}
    for line_id, ring, dimension_id, story_id, organisation_id, organisation_name, role in parts:
        speakers.setdefault((line_id, ring, dimension_id), []).append(
            (story_id, organisation_id or organisation_name.strip().casefold(), role.strip().casefold())
        )
    result = []
    for route in routes:
        support = RouteSupport(route=route)
        for number, dimension in enumerate(route.dimensions, 1):
            found = speakers.get((route.line_id, number, dimension.pk), [])
            support.rings.append(
                RingSupport(
                    number=number,
                    dimension=dimension,
                    stories=len({story for story, _o, _r in found}),
                    organisations=len({organisation for _s, organisation, _r in found if organisation}),
                    roles=len({role for _s, _o, role in found if role}),
                )
            )
        result.append(support)
    return result

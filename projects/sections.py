"""What projects adds to pages of the network (core.contributions): the projects an organisation leads or is a
partner in, and the projects of a line of work."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest

from core.contributions import Section
from core.permissions import visible
from core.views_helpers import slug_urls
from network.models import Line, Organisation
from projects.models import Project


@dataclass(frozen=True)
class ProjectLink:
    code: str
    title: str
    url: str


def organisation_projects(request: HttpRequest, organisation: Organisation) -> Section:
    """Links to the projects it leads and those it is a partner in: a large partner is in 500, so only the shown
    columns are read and the addresses made in one go."""
    projects = visible(Project.objects.all(), request.user, "leads").order_by("code")
    url = slug_urls("projects:detail")

    def links(selection: QuerySet[Project]) -> list[ProjectLink]:
        return [
            ProjectLink(code, title, url(slug)) for code, slug, title in selection.values_list("code", "slug", "title")
        ]

    return Section(
        "projects/_organisation_projects.html",
        {
            "led_projects": links(projects.filter(leads=organisation)),
            "partner_projects": links(projects.filter(partners=organisation)),
        },
    )


def line_projects(request: HttpRequest, line: Line) -> Section:
    projects = visible(line.projects.all(), request.user, "leads").order_by("code")
    return Section("projects/_line_projects.html", {"projects": projects})

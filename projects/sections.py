"""What projects adds to pages of the network (core.contributions): the projects an organisation leads or is a
partner in, and the projects of a line of work."""

from django.http import HttpRequest

from core.contributions import Section
from core.permissions import visible
from network.models import Line, Organisation
from projects.models import Project


def organisation_projects(request: HttpRequest, organisation: Organisation) -> Section:
    projects = visible(Project.objects.all(), request.user, "leads").order_by("code")
    return Section(
        "projects/_organisation_projects.html",
        {
            "led_projects": projects.filter(leads=organisation),
            "partner_projects": projects.filter(partners=organisation),
        },
    )


def line_projects(request: HttpRequest, line: Line) -> Section:
    projects = visible(line.projects.all(), request.user, "leads").order_by("code")
    return Section("projects/_line_projects.html", {"projects": projects})

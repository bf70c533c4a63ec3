"""What projects adds to pages of the network (core.contributions): the projects an organisation leads or is a
partner in."""

from django.http import HttpRequest

from core.contributions import Section
from core.permissions import visible
from network.models import Organisation
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

"""What the school guide adds to the organisation page (core.contributions): for a school, a link to its page in
the guide, where parents find its open days and how to register."""

from django.http import HttpRequest

from core.contributions import Section
from network.models import Organisation
from schools.guide import city_schools


def school_guide_link(request: HttpRequest, organisation: Organisation) -> Section | None:
    if not city_schools().filter(pk=organisation.pk).exists():
        return None
    return Section("schools/_guide_link.html", {"school": organisation})

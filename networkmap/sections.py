"""What the network map adds to other apps' pages (core.contributions)."""

from django.http import HttpRequest

from core.contributions import Section
from networkmap.cache import programme_network
from programmes.models import Programme


def programme_network_section(request: HttpRequest, programme: Programme) -> Section:
    """The network of the programme's published activities, at the end of the programme page."""
    return Section(
        "networkmap/_programme_network.html", {"network": programme_network(programme), "programme": programme}
    )

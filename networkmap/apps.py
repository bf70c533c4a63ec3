from django.apps import AppConfig


class NetworkmapConfig(AppConfig):
    """The network map (/netwerk/): ties between organisations, what they say, and their cache."""

    name = "networkmap"

    def ready(self) -> None:
        from core import contributions, invalidation
        from networkmap.cache import MAP, MAP_TABLES
        from networkmap.sections import programme_network_section

        invalidation.register(MAP, *MAP_TABLES)  # the map's cache follows every write to the records behind it
        contributions.register("programme_detail.network", programme_network_section)

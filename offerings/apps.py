from django.apps import AppConfig


class OfferingsConfig(AppConfig):
    name = "offerings"

    def ready(self):
        from offerings import search  # noqa: F401 - makes offerings findable

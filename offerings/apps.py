from django.apps import AppConfig


class OfferingsConfig(AppConfig):
    name = "offerings"

    def ready(self) -> None:
        from core import invalidation
        from core.pagecache import PAGES

        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages

from django.apps import AppConfig


class ParentsConfig(AppConfig):
    name = "parents"

    def ready(self) -> None:
        from core import invalidation
        from core.pagecache import PAGES

        # The parent pages and their translations are public pages.
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))

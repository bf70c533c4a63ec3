from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        from core import invalidation
        from core.pagecache import PAGES

        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        from search import signals  # noqa: F401 - connects the index to the records' saves and deletes

from django.apps import AppConfig


class SchooldataConfig(AppConfig):
    name = "schooldata"

    def ready(self) -> None:
        from core import invalidation
        from core.pagecache import PAGES

        # The school guide and the segregation monitor are public pages built from these tables.
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))

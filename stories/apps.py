from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from programmes.topics import DASHBOARD
        from stories import sections

        contributions.register("activity_detail.after_editbar", sections.activity_stories, order=10)
        contributions.register("programme_detail.routes", sections.programme_stories, order=10)
        contributions.register("line_detail", sections.line_stories, order=30)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        invalidation.register(DASHBOARD, *self.get_models(include_auto_created=True))  # its story counts per route

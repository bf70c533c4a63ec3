from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "impact"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from impact import sections

        contributions.register("activity_detail", sections.activity_figures, order=10)
        contributions.register("activity_detail.editor_links", sections.activity_figures_link, order=10)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages

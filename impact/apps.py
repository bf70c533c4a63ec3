from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "impact"

    def ready(self) -> None:
        from core import contributions
        from impact import sections

        contributions.register("activity_detail", sections.activity_figures, order=10)
        contributions.register("activity_detail.editor_links", sections.activity_figures_link, order=10)

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from projects import sections

        contributions.register("organisation_detail", sections.organisation_projects, order=20)
        contributions.register("line_detail", sections.line_projects, order=20)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self) -> None:
        from core import contributions
        from projects import sections

        contributions.register("organisation_detail", sections.organisation_projects, order=20)

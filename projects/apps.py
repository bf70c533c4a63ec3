from django.apps import AppConfig, apps


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from network.topics import ORGANISATION
        from projects import sections
        from projects.topics import PORTFOLIO

        contributions.register("organisation_detail", sections.organisation_projects, order=20)
        contributions.register("line_detail", sections.line_projects, order=20)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        # The project list shows projects with their leads, partners and themes. Sign-ups in flight show nowhere,
        # and a stranger's must not renew it.
        invalidation.register(
            PORTFOLIO,
            *(
                model
                for label in ("network", "projects")
                for model in apps.get_app_config(label).get_models(include_auto_created=True)
                if model._meta.db_table != "network_signup"
            ),
        )
        invalidation.register(ORGANISATION, *self.get_models(include_auto_created=True))  # its projects section

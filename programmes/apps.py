from django.apps import AppConfig, apps


class ProgrammesConfig(AppConfig):
    name = "programmes"

    def ready(self) -> None:
        from core import invalidation
        from core.pagecache import PAGES
        from programmes.topics import DASHBOARD

        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        # The dashboard's cached block reads these apps' tables (and those of the apps above that add sections).
        # Sign-ups in flight show nowhere, and a stranger's must not renew it.
        invalidation.split_by_app(DASHBOARD)  # the figures' blocks within it follow only some apps (topics.py)
        invalidation.register(
            DASHBOARD,
            *(
                model
                for label in ("network", "documents", "activities", "projects", "impact", "programmes")
                for model in apps.get_app_config(label).get_models(include_auto_created=True)
                if model._meta.db_table != "network_signup"
            ),
        )

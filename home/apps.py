from django.apps import AppConfig, apps


class HomeConfig(AppConfig):
    """The site's entrance on top of every app: the home page, *Mijn werk* and the demo loader."""

    name = "home"

    def ready(self) -> None:
        from core import invalidation
        from home.topics import HOME, HOME_FIGURES

        # The home page's block reads these apps' tables. Sign-ups in flight show nowhere, and a stranger's must
        # not renew it.
        invalidation.register(
            HOME,
            *(
                model
                for label in ("network", "activities", "projects", "impact", "programmes", "stories")
                for model in apps.get_app_config(label).get_models(include_auto_created=True)
                if model._meta.db_table != "network_signup"
            ),
        )
        # The programme's figures (programmes.services.programme_activities and summed) read activities, their
        # figures and organisers, and the programme's lines and actions.
        invalidation.register(
            HOME_FIGURES,
            *(
                model
                for label in ("network", "activities", "impact", "programmes")
                for model in apps.get_app_config(label).get_models(include_auto_created=True)
                if model._meta.db_table != "network_signup"
            ),
        )

from django.apps import AppConfig, apps


class OfferingsConfig(AppConfig):
    name = "offerings"

    def ready(self) -> None:
        from core import invalidation
        from core.pagecache import PAGES
        from offerings.topics import OFFERINGS

        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        # The list shows offerings with their provider and themes. Sign-ups in flight show nowhere, and a
        # stranger's must not renew it.
        invalidation.register(
            OFFERINGS,
            *(
                model
                for label in ("network", "offerings")
                for model in apps.get_app_config(label).get_models(include_auto_created=True)
                if model._meta.db_table != "network_signup"
            ),
        )

from django.apps import AppConfig, apps


class StoriesConfig(AppConfig):
    name = "stories"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from programmes.topics import DASHBOARD
        from stories import sections
        from stories.topics import STORY_BOOK, STORY_BOOK_FILTERS

        contributions.register("activity_detail.after_editbar", sections.activity_stories, order=10)
        contributions.register("programme_detail.routes", sections.programme_stories, order=10)
        contributions.register("line_detail", sections.line_stories, order=30)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        invalidation.register(DASHBOARD, *self.get_models(include_auto_created=True))  # its story counts per route
        # The story book shows stories with their activity, programme line, themes, rings and dimensions. Sign-ups
        # in flight show nowhere, and a stranger's must not renew it.
        invalidation.register(
            STORY_BOOK,
            *(
                model
                for label in ("network", "activities", "impact", "programmes", "stories")
                for model in apps.get_app_config(label).get_models(include_auto_created=True)
                if model._meta.db_table != "network_signup"
            ),
        )
        # The filter panel offers the dimensions (with their rings), themes and programmes, and checks an activity
        # given in the address; it shows no story, so a story's write leaves it cached.
        invalidation.register(
            STORY_BOOK_FILTERS,
            *(
                apps.get_model(name)
                for name in (
                    "impact.Dimension",
                    "impact.Ring",
                    "network.Theme",
                    "programmes.Programme",
                    "activities.Activity",
                )
            ),
        )

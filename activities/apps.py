from django.apps import AppConfig, apps


class ActivitiesConfig(AppConfig):
    name = "activities"

    def ready(self) -> None:
        from activities import sections
        from activities.topics import CALENDAR
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from network.topics import ORGANISATION

        contributions.register("organisation_detail", sections.organisation_activities, order=10)
        contributions.register("line_list.line", sections.line_next_meeting, order=10)
        contributions.register("line_detail", sections.line_meetings, order=10)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        # The calendar shows activities with their organisers, lines, themes and sectors. Sign-ups in flight show
        # nowhere, and a stranger's must not renew it.
        invalidation.register(
            CALENDAR,
            *(
                model
                for label in ("network", "activities")
                for model in apps.get_app_config(label).get_models(include_auto_created=True)
                if model._meta.db_table != "network_signup"
            ),
        )
        invalidation.register(ORGANISATION, *self.get_models(include_auto_created=True))  # its activities section

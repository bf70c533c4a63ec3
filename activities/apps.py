from django.apps import AppConfig, apps


class ActivitiesConfig(AppConfig):
    name = "activities"

    def ready(self) -> None:
        from activities import sections
        from activities.topics import CALENDAR, CALENDAR_FILTERS
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
        # The filter panel offers themes, lines and organisers, and finds the ones given in the address (an organiser
        # also by an alias); it shows no activity, so an activity's write leaves it cached.
        invalidation.register(
            CALENDAR_FILTERS,
            *(
                apps.get_model(name)
                for name in ("network.Theme", "network.Line", "network.Organisation", "network.OrganisationAlias")
            ),
        )
        invalidation.register(ORGANISATION, *self.get_models(include_auto_created=True))  # its activities section

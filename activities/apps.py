from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"

    def ready(self) -> None:
        from activities import sections
        from core import contributions, invalidation
        from core.pagecache import PAGES

        contributions.register("organisation_detail", sections.organisation_activities, order=10)
        contributions.register("line_list.line", sections.line_next_meeting, order=10)
        contributions.register("line_detail", sections.line_meetings, order=10)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages

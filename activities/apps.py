from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"

    def ready(self) -> None:
        from activities import sections
        from core import contributions

        contributions.register("organisation_detail", sections.organisation_activities, order=10)
        contributions.register("line_list.line", sections.line_next_meeting, order=10)
        contributions.register("line_detail", sections.line_meetings, order=10)

from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"

    def ready(self) -> None:
        from attendance import (
            sections,
            signals,  # noqa: F401 - recounts first-timers when activities move or go
        )
        from core import contributions

        contributions.register("activity_detail.editor_links", sections.activity_list_link, order=20)
        contributions.register("programme_detail.figures", sections.programme_summary, order=10)

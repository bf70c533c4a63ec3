from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"

    def ready(self) -> None:
        from activities.models import Activity
        from attendance import (
            sections,
            signals,  # noqa: F401 - recounts first-timers when activities move or go
        )
        from attendance.models import (
            Attendance,
            AttendanceList,
            ErasedKey,
            Participant,
            Registration,
            RegistrationSetup,
        )
        from attendance.services import TOPIC
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from programmes.topics import DASHBOARD

        contributions.register("activity_detail.editor_links", sections.activity_list_link, order=20)
        contributions.register("activity_detail", sections.registration, order=20)
        contributions.register("activity_detail.editor_links", sections.registration_link, order=30)
        contributions.register("programme_detail.figures", sections.programme_summary, order=10)
        # Checked uploads waiting for confirmation and the turn row are on no page and key no cached table.
        # Sign-up shows on the activity's page: whether it is open, and the places left.
        invalidation.register(
            PAGES, Attendance, AttendanceList, Participant, ErasedKey, RegistrationSetup, Registration
        )
        invalidation.register(TOPIC, Attendance, Participant, Activity)  # what the year tables count
        invalidation.register(DASHBOARD, Attendance, AttendanceList, Participant)  # the dashboard's year table

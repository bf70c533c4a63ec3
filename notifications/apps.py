from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        from core import contributions
        from notifications import receivers, sections  # noqa: F401  (receivers: connects them)

        for slot in sections.SLOTS:
            contributions.register(slot, sections.follow_button, order=10)

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from core import contributions
        from meetings import sections

        # No cache topic: meetings show to logged-in members only, never on a cached public page.
        contributions.register("line_detail.workspace", sections.line_workspace, order=10)

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from meetings import sections

        contributions.register("line_detail.workspace", sections.line_workspace, order=10)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # the line pages show them

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        from core import invalidation
        from core.pagecache import PAGES
        from core.tasks import register
        from reports.jobs import KIND, make_report

        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        register(KIND, make_report)  # report files are made by the task worker (core.tasks)

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from core.tasks import register
        from search import (
            jobs,
            sections,
            signals,  # noqa: F401 - connects the index to the records' saves and deletes
            statistics,
        )

        register(jobs.KIND, jobs.rebuild)
        contributions.register("question_detail", sections.question_suggestions, order=10)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages
        # The index's word statistics and the related terms (search.statistics, search.related).
        invalidation.register(statistics.TOPIC, *self.get_models(include_auto_created=True))

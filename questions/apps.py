from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from questions import sections

        contributions.register("line_detail.questions", sections.line_questions, order=10)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # every table is on public pages

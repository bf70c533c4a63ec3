from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"

    def ready(self) -> None:
        from core import contributions
        from questions import sections

        contributions.register("line_detail.questions", sections.line_questions, order=10)

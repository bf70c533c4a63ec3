"""What search adds to pages of lower apps (core.contributions): who and what could help with a question."""

from django.http import HttpRequest

from core.contributions import Section
from questions.models import Question
from search.matching import suggest
from search.views import KIND_LABELS


def question_suggestions(request: HttpRequest, question: Question) -> Section:
    """Records of the index that could help, per kind, each saying why (search.matching)."""
    suggestions = [
        (KIND_LABELS[kind], found) for kind, found in suggest(question, member=request.user.is_authenticated)
    ]
    return Section("search/_question_suggestions.html", {"suggestions": suggestions})

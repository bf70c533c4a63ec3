"""What search adds to pages of lower apps (core.contributions): who and what could help with a question."""

from django.http import HttpRequest

from core.contributions import Section
from questions.models import Question
from search.matching import similar_questions, suggest
from search.views import KIND_LABELS


def question_suggestions(request: HttpRequest, question: Question) -> Section:
    """Records of the index that could help, per kind, each saying why (search.matching); and earlier questions
    like this one, with how they were answered."""
    suggestions = [
        (KIND_LABELS[kind], found) for kind, found in suggest(question, member=request.user.is_authenticated)
    ]
    member = request.user.is_authenticated
    earlier = similar_questions(question, member=member)
    return Section("search/_question_suggestions.html", {"suggestions": suggestions, "earlier": earlier})

"""What questions adds to pages of the network (core.contributions): the questions members brought to a line."""

from django.http import HttpRequest

from core.contributions import Section
from network.models import Line
from questions.models import QuestionStatus
from questions.permissions import visible_questions


def line_questions(request: HttpRequest, line: Line) -> Section:
    """The line's open questions from members, and the way to bring one."""
    network_questions = visible_questions(line.network_questions.filter(status=QuestionStatus.OPEN), request.user)
    return Section(
        "questions/_line_questions.html",
        {"line": line, "network_questions": network_questions.order_by("-created_at")[:20]},
    )

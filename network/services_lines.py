"""Writes to the lines of work: the line with its holders and themes, its questions, retiring and restoring."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from core.services import unique_slug
from network.models import Line, LineQuestion, Person, Theme


@transaction.atomic
def save_line(line: Line, *, holders: Iterable[Person], themes: Iterable[Theme]) -> Line:
    """Save a line with its holders and themes; a new line gets a slug from its name, kept after a rename so
    links to it keep working."""
    if not line.slug:
        line.slug = unique_slug(Line, line.name, line, max_length=50)
    line.save()
    line.holders.set(holders)
    line.themes.set(themes)
    return line


def save_question(question: LineQuestion) -> LineQuestion:
    """A new question goes to the end of its line's list."""
    if not question.pk:
        last = question.line.questions.order_by("-position").values_list("position", flat=True).first()
        question.position = 0 if last is None else last + 1
    question.save()
    return question


def retire_line(line: Line) -> None:
    line.retired_at = timezone.now()
    line.save(update_fields=["retired_at"])


def restore_line(line: Line) -> None:
    line.retired_at = None
    line.save(update_fields=["retired_at"])


def is_referred_to(line: Line) -> bool:
    """Whether any record of another kind points to the line (an activity, a project, a meeting, a question of a
    member, a follow). Its own open questions, holders and themes do not count: they go with it."""
    for relation in Line._meta.related_objects:
        model = relation.related_model
        if model is LineQuestion or isinstance(model, str):  # a str only for a "self" relation, which a line has not
            continue
        if model._default_manager.filter(**{relation.field.name: line}).exists():
            return True
    return False

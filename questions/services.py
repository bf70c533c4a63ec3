"""Writes for questions and the offers of help they get."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import CodeList
from core.services import unique_slug
from network.models import Theme
from questions.models import Question, QuestionStatus, Response
from questions.signals import help_offered, offer_accepted, question_asked, question_closed


def save_question(question: Question, *, themes: Iterable[Theme], sector_codes: Iterable[str]) -> Question:
    new = question.pk is None
    with transaction.atomic():
        question.sectors = CodeList.pack(sector_codes)
        if not question.slug:
            question.slug = unique_slug(Question, question.title)
        question.save()
        question.themes.set(themes)
        if new:
            question_asked.send(sender=Question, question=question)
    return question


def set_answered(question: Question, answered: bool, *, by: User) -> None:
    """Close a question as answered, or open it again (the way back if it was closed too soon)."""
    was_open = question.is_open
    question.status = QuestionStatus.ANSWERED if answered else QuestionStatus.OPEN
    question.answered_at = timezone.now() if answered else None
    with transaction.atomic():
        question.save(update_fields=["status", "answered_at"])
        if answered and was_open:
            question_closed.send(sender=Question, question=question, closed_by=by)


def accept_offer(response: Response) -> bool:
    """The asker takes up an offer of help; returns False when it was accepted before (nobody hears twice)."""
    with transaction.atomic():
        accepted = Response.objects.filter(pk=response.pk, accepted_at__isnull=True).update(accepted_at=timezone.now())
        if accepted:
            response.refresh_from_db(fields=["accepted_at"])
            offer_accepted.send(sender=Response, response=response)
    return bool(accepted)


def respond(question: Question, author: User, message: str) -> tuple[Response, bool]:
    """Record an offer of help; a member who responds again changes their earlier message.
    Returns the response and whether it is new."""
    response, created = Response.objects.update_or_create(
        question=question, author=author, defaults={"message": message}
    )
    if created:
        help_offered.send(sender=Response, response=response)
    return response, created


@dataclass
class MemberLabel:
    """How a member is named next to a question or a response."""

    name: str
    organisation: str
    url: str


def member_label(user: User, *, viewer: User | AnonymousUser) -> MemberLabel:
    """Members see who asked or offered help; the public sees the organisation only. Someone whose account was
    closed or deactivated is "a former member" (a closed account keeps no name, only a placeholder user name)."""
    person = getattr(user, "person", None)
    # all() rather than first(): the views prefetch the organisations of everyone who responded.
    organisation = person.organisation if person else next(iter(user.editable_organisations.all()), None)
    if not user.is_active:
        name = _("a former member")
    else:
        name = (person.name if person else user.get_full_name()) or user.username
    return MemberLabel(
        name=name if viewer.is_authenticated else "",
        organisation=organisation.name if organisation else "",
        url=organisation.get_absolute_url() if organisation else "",
    )

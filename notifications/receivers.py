"""The events of lower apps that notify someone: they announce them with signals and never import this app."""

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.dispatch import receiver
from django.utils import translation

from accounts.models import User
from core.signals import record_published, record_sent_back
from meetings.models import Decision, Meeting
from meetings.signals import line_news
from notifications import services
from notifications.models import Kind
from questions.models import Question, Response
from questions.services import member_label
from questions.signals import help_offered, offer_accepted, question_asked, question_closed


@receiver(help_offered, dispatch_uid="notifications-help-offered")
def tell_the_asker(sender: Any, response: Response, **kwargs: Any) -> None:
    question, asker = response.question, response.question.asker
    label = member_label(response.author, viewer=asker)
    member = f"{label.name} ({label.organisation})" if label.organisation else label.name
    services.notify(
        asker,
        Kind.HELP_OFFERED,
        {"member": member, "question": question.title},
        services.site_path("questions:detail", question.slug),
    )


@receiver(record_published, dispatch_uid="notifications-record-published")
def tell_the_editors(sender: Any, record: Any, **kwargs: Any) -> None:
    """The editors of the record's organisations hear that it is public now; coordinators published it."""
    url = _main_language_url(record)
    for editor in _editors_of(record):
        services.notify(editor, Kind.PUBLISHED, {"title": str(record)}, url)


@receiver(record_sent_back, dispatch_uid="notifications-record-sent-back")
def tell_the_editors_why(sender: Any, record: Any, **kwargs: Any) -> None:
    """The editors of the record's organisations hear that a coordinator sent their draft back, and why."""
    url = _main_language_url(record)
    for editor in _editors_of(record):
        services.notify(editor, Kind.SENT_BACK, {"title": str(record), "reason": record.sent_back_reason}, url)


def _editors_of(record: Any) -> QuerySet[User]:
    """The active editors of the record's organisations; coordinators decide on publishing and need no telling."""
    editors = User.objects.filter(editable_organisations__in=record.editing_organisation_ids(), is_active=True)
    return editors.exclude(Q(is_coordinator=True) | Q(is_superuser=True)).distinct()


def _main_language_url(record: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(record.get_absolute_url())


@receiver(question_asked, dispatch_uid="notifications-question-asked")
def follow_and_tell_the_line(sender: Any, question: Question, **kwargs: Any) -> None:
    services.tell_about_new_question(question)


@receiver(offer_accepted, dispatch_uid="notifications-offer-accepted")
def tell_the_helper(sender: Any, response: Response, **kwargs: Any) -> None:
    services.tell_offer_accepted(response)


@receiver(question_closed, dispatch_uid="notifications-question-closed")
def tell_helpers_and_followers(sender: Any, question: Question, closed_by: User, **kwargs: Any) -> None:
    services.tell_question_closed(question, closed_by)


@receiver(line_news, dispatch_uid="notifications-line-news")
def tell_the_line(sender: Any, meeting: Meeting, decision: Decision | None, by: User, **kwargs: Any) -> None:
    services.tell_line_news(meeting, decision, by)

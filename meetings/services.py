"""Writes for the meetings of a line: the meeting, its decisions and follow-ups, ticking a follow-up off."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.richtext import sanitise
from meetings.models import Decision, FollowUp, Meeting
from meetings.signals import line_news
from network.models import Person


@transaction.atomic
def save_meeting(meeting: Meeting, *, invitees: Iterable[Person], by: User | None) -> Meeting:
    """Save a meeting with its invitees; a new one is news for the line's holders and followers. by: who wrote it,
    or None for a command loading records (the demo), which is nobody's news."""
    is_new = meeting.pk is None
    meeting.agenda = sanitise(meeting.agenda)
    meeting.notes = sanitise(meeting.notes)
    meeting.save()
    meeting.invitees.set(invitees)
    if is_new and by is not None:
        line_news.send(sender=Meeting, meeting=meeting, decision=None, by=by)
    return meeting


@transaction.atomic
def add_decision(decision: Decision, *, by: User) -> Decision:
    decision.save()
    line_news.send(sender=Meeting, meeting=decision.meeting, decision=decision, by=by)
    return decision


def save_follow_up(follow_up: FollowUp) -> FollowUp:
    follow_up.save()
    return follow_up


def set_done(follow_up: FollowUp, done: bool) -> None:
    follow_up.done_at = timezone.now() if done else None
    follow_up.save(update_fields=["done_at"])


def open_follow_ups_of(user: User) -> QuerySet[FollowUp]:
    """The follow-ups not yet done that a person (through their entry in the directory) owns, soonest due first."""
    return (
        FollowUp.objects.filter(owner__user=user, done_at__isnull=True)
        .select_related("meeting__line")
        .order_by("due_date", "pk")
    )

"""Writes for notifications: telling a person something, their settings, following, the one-click unsubscribe, and
the scheduled batches (work waiting for coordinators, activities coming up, the daily summary). The weekly digest is
in digest.py."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from activities.models import Activity
from core import mail
from core.models import PublicationStatus
from core.permissions import visible
from meetings.models import Decision, Meeting
from network.models import Line
from network.services import pending_signups
from notifications.models import (
    FOLLOWABLE,
    Batch,
    Delivery,
    Follow,
    Kind,
    MailState,
    Notification,
    Preferences,
    Reminder,
)
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from questions.models import Question, Response
from questions.permissions import visible_questions
from questions.services import member_label
from stories.models import Story, StoryStatus

COMING_UP_AHEAD = dt.timedelta(days=7)  # an activity followed is announced once, within a week of its start

# What an unsubscribe link switches off: one kind, every kind now summed up daily, or the weekly digest.
DAILY, WEEKLY = "daily", "weekly"
UNSUBSCRIBE_TOPICS = {*Kind.values, DAILY, WEEKLY}
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# Long enough for a mail read late; an expired link only sends the reader to their settings page.
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 180


def absolute(path: str) -> str:
    return f"{settings.RIMPEL_SITE_URL}{path}"


def site_path(name: str, *args: Any) -> str:
    """A page's path in the site's main language: stored notifications and mails link there."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def preferences_of(user: User) -> Preferences:
    """The person's settings; the defaults (not stored) for someone who never changed them."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def notify(recipient: User, kind: Kind, params: dict[str, Any], url: str) -> Notification:
    """Tell one person: always in the site, and by mail right away, in the daily summary or not, as they chose."""
    notification = Notification(recipient=recipient, kind=kind, params=params, url=url)
    delivery = preferences_of(recipient).delivery(kind)
    if recipient.email and recipient.is_active and delivery != Delivery.OFF:
        notification.mail = MailState.SENT if delivery == Delivery.NOW else MailState.DAILY
    notification.save()
    if notification.mail == MailState.SENT:
        mail.send(
            "notifications/mail/notification",
            to=recipient.email,
            context={"notification": notification, "link": absolute(url), "settings_url": _settings_url()},
            unsubscribe_url=unsubscribe_url(recipient, kind),
        )
    return notification


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them (notification_id None); returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def save_preferences(preferences: Preferences) -> None:
    preferences.save()


# --- Following -------------------------------------------------------------------------------------------------


def target_field(target: models.Model) -> str:
    """The field of Follow that points at this kind of record."""
    return next(name for name, model in FOLLOWABLE.items() if isinstance(target, model))


def is_following(user: User, target: models.Model) -> bool:
    return Follow.objects.filter(user=user, **{target_field(target): target}).exists()


def follow(user: User, target: models.Model) -> bool:
    """Start following; returns False when the person already did."""
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, **{target_field(target): target})
    except IntegrityError:  # followed already (also when two clicks race)
        return False
    return True


def unfollow(user: User, target: models.Model) -> bool:
    deleted, _details = Follow.objects.filter(user=user, **{target_field(target): target}).delete()
    return bool(deleted)


def followable(user: User, target_name: str) -> models.QuerySet:
    """The records of one kind the person may follow: those they can see."""
    model = FOLLOWABLE[target_name]
    if model is Question:
        return visible_questions(Question.objects.all(), user)
    if model is Activity:
        return visible(Activity.objects.all(), user, "organisers")
    if model is Programme:
        return visible(Programme.objects.all(), user, "organisations")
    return model._default_manager.all()


def held_lines(user: User) -> list[Line]:
    """The lines the person holds: they hear about those as if they followed them."""
    return list(Line.objects.filter(holders__user=user).order_by("name"))


def follows_of(user: User) -> list[Follow]:
    """What the person follows, newest first, with the records to name and link them."""
    return list(Follow.objects.filter(user=user).select_related(*FOLLOWABLE))


def followers(target: models.Model) -> set[User]:
    """Active people who follow the record; for a line, also the holders with an account."""
    people = User.objects.filter(is_active=True)
    found = set(people.filter(pk__in=Follow.objects.filter(**{target_field(target): target}).values("user_id")))
    if isinstance(target, Line):
        found |= set(people.filter(person__held_lines=target))
    return found


def _question_readers(question: Question, people: Iterable[User]) -> list[User]:
    """Only those who may read the question hear of it (questions.permissions)."""
    return sorted(
        (person for person in people if visible_questions(Question.objects.filter(pk=question.pk), person).exists()),
        key=lambda person: person.pk,
    )


# --- The events of questions ---------------------------------------------------------------------------------------


def _member(user: User, viewer: User) -> str:
    label = member_label(user, viewer=viewer)
    return f"{label.name} ({label.organisation})" if label.organisation else label.name


def tell_about_new_question(question: Question) -> None:
    """The asker follows their question; the holders and followers of its line hear about it."""
    follow(question.asker, question)
    if question.line is None:
        return
    url = site_path("questions:detail", question.slug)
    params = {"line": question.line.name, "question": question.title}
    for person in _question_readers(question, followers(question.line) - {question.asker}):
        notify(person, Kind.LINE_QUESTION, params, url)


def tell_offer_accepted(response: Response) -> None:
    question, helper = response.question, response.author
    params = {"asker": _member(question.asker, helper), "question": question.title}
    notify(helper, Kind.OFFER_ACCEPTED, params, site_path("questions:detail", question.slug))


def tell_question_closed(question: Question, closed_by: User) -> None:
    """Everyone who offered help and everyone who follows the question, except the one who closed it."""
    helpers = set(User.objects.filter(is_active=True, question_responses__question=question))
    people = (helpers | followers(question)) - {closed_by}
    url = site_path("questions:detail", question.slug)
    for person in _question_readers(question, people):
        notify(person, Kind.QUESTION_CLOSED, {"question": question.title}, url)


# --- One-click unsubscribe ---------------------------------------------------------------------------------------


def unsubscribe_url(user: User, topic: str) -> str:
    token = signing.dumps({"user": user.pk, "topic": topic}, salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute(site_path("notifications:unsubscribe", token))


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    """The person and what to switch off, or None for a link that is forged, damaged or too old."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if (
        not isinstance(data, dict)
        or data.get("topic") not in UNSUBSCRIBE_TOPICS
        or not isinstance(data.get("user"), int)
    ):
        return None
    user = User.objects.filter(pk=data["user"]).first()
    return (user, data["topic"]) if user else None


def unsubscribe(user: User, topic: str) -> None:
    """Switch off the mails of a topic: one kind, everything the daily summary held, or the weekly digest."""
    preferences = preferences_of(user)
    if topic == WEEKLY:
        preferences.weekly_digest = False
    elif topic == DAILY:
        for kind in Kind.values:
            if preferences.delivery(kind) == Delivery.DAILY:
                setattr(preferences, kind, Delivery.OFF)
    else:
        setattr(preferences, topic, Delivery.OFF)
    preferences.save()


def _settings_url() -> str:
    return absolute(site_path("notifications:settings"))


# --- Scheduled: work waiting for coordinators, the daily summary ---------------------------------------------------


def waiting_work() -> dict[str, int]:
    """What waits for a coordinator: new stories to check, drafts of every kind to publish, sign-ups to approve."""
    draft = Q(publication_status=PublicationStatus.DRAFT)
    drafts = sum(model.objects.filter(draft).count() for model in (Activity, Project, Offering, Programme))
    return {
        "stories": Story.objects.filter(status=StoryStatus.NEW).count(),
        "drafts": drafts,
        "signups": pending_signups().count(),
    }


def coordinators() -> list[User]:
    return list(User.objects.filter(Q(is_coordinator=True) | Q(is_superuser=True), is_active=True).order_by("pk"))


def collect_waiting(today: Any, *, dry_run: bool = False) -> int:
    """One notification per coordinator per day about everything waiting (never one per story or draft);
    returns how many coordinators were (or, with dry_run, would be) told."""
    work = waiting_work()
    if not any(work.values()):
        return 0
    told = 0
    for coordinator in coordinators():
        if Batch.objects.filter(recipient=coordinator, name=Batch.Name.WAITING, period=today).exists():
            continue
        told += 1
        if not dry_run:
            with transaction.atomic():
                Batch.objects.create(recipient=coordinator, name=Batch.Name.WAITING, period=today)
                notify(coordinator, Kind.WAITING, work, site_path("home:dashboard"))
    return told


def collect_coming_up(now: dt.datetime) -> int:
    """Tell each person once about every published activity they follow that starts within a week; returns how
    many were told. The Reminder's unique key keeps a second run (or a parallel one) from telling anyone twice."""
    follows = (
        Follow.objects.filter(
            activity__publication_status=PublicationStatus.PUBLISHED,
            activity__start__gte=now,
            activity__start__lt=now + COMING_UP_AHEAD,
            user__is_active=True,
        )
        .exclude(activity__in=Reminder.objects.filter(recipient=models.OuterRef("user")).values("activity"))
        .select_related("user", "activity")
        .order_by("activity__start", "pk")
    )
    told = 0
    for followed in follows:
        activity = followed.activity
        assert activity is not None  # the filter above
        try:
            with transaction.atomic():
                Reminder.objects.create(recipient=followed.user, activity=activity)
                with translation.override(settings.LANGUAGE_CODE):
                    url = activity.get_absolute_url()
                params = {"activity": activity.title, "start": activity.start.isoformat()}
                notify(followed.user, Kind.COMING_UP, params, url)
        except IntegrityError:  # told meanwhile by another run
            continue
        told += 1
    return told


def pending_daily() -> dict[User, list[Notification]]:
    """The notifications waiting for each person's daily summary, oldest first."""
    pending: dict[User, list[Notification]] = defaultdict(list)
    waiting = Notification.objects.filter(mail=MailState.DAILY).select_related("recipient").order_by("created_at")
    for notification in waiting:
        pending[notification.recipient].append(notification)
    return pending


def daily_summary(recipient: User, notifications: list[Notification]) -> dict[str, Any]:
    """The arguments of core.mail.send (or compose) for one person's daily summary."""
    return {
        "template": "notifications/mail/daily",
        "to": recipient.email,
        "context": {
            "items": [(notification, absolute(notification.url)) for notification in notifications],
            "settings_url": _settings_url(),
            "list_url": absolute(site_path("notifications:list")),
        },
        "unsubscribe_url": unsubscribe_url(recipient, DAILY),
    }


def send_daily(today: Any) -> int:
    """Send each person one summary of what was collected for them, at most once a day; returns how many."""
    sent = 0
    for recipient, notifications in pending_daily().items():
        with transaction.atomic():
            _batch, created = Batch.objects.get_or_create(recipient=recipient, name=Batch.Name.DAILY, period=today)
            if not created:
                continue  # already had today's; these wait for tomorrow's
            if recipient.email and recipient.is_active:
                mail.send(**daily_summary(recipient, notifications))
                sent += 1
            state = MailState.SENT if recipient.email and recipient.is_active else MailState.NONE
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(mail=state)
    return sent


# --- The events of meetings ----------------------------------------------------------------------------------------


def tell_line_news(meeting: Meeting, decision: Decision | None, by: User) -> None:
    """A new meeting or decision of a line: its holders and followers hear of it, except the one who wrote it."""
    if decision is not None:
        params = {"line": meeting.line.name, "decision": decision.text[:200]}
    else:
        params = {
            "line": meeting.line.name,
            "meeting": meeting.title,
            "date": timezone.localdate(meeting.starts_at).isoformat(),
        }
    url = site_path("meetings:detail", meeting.pk)
    for person in sorted(followers(meeting.line) - {by}, key=lambda person: person.pk):
        notify(person, Kind.LINE_NEWS, params, url)

"""Writes for notifications: telling a person something, their settings, the one-click unsubscribe, and the
scheduled batches (work waiting for coordinators, the daily summary). The weekly digest is in digest.py."""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from activities.models import Activity
from core import mail
from core.models import PublicationStatus
from network.services import pending_signups
from notifications.models import Batch, Delivery, Kind, MailState, Notification, Preferences
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from stories.models import Story, StoryStatus

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

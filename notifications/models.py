"""What the network tells a person, in the site and by mail, and how each person wants to hear it."""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from network.models import Line, Organisation
from programmes.models import Programme
from questions.models import Question

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # only in the stubs: what gettext_lazy returns


class Kind(models.TextChoices):
    """What a notification is about; each kind has its own setting (a field of Preferences of the same name)."""

    HELP_OFFERED = "help_offered", _("Someone offers help with your question")
    PUBLISHED = "published", _("Your draft is published")
    SENT_BACK = "sent_back", _("Your draft was sent back")
    WAITING = "waiting", _("Work waits for you (coordinators)")
    OFFER_ACCEPTED = "offer_accepted", _("Your offer of help is accepted")
    QUESTION_CLOSED = "question_closed", _("A question you helped with or follow is answered")
    LINE_QUESTION = "line_question", _("A new question on a line you hold or follow")
    COMING_UP = "coming_up", _("An activity you follow starts within a week")
    LINE_NEWS = "line_news", _("A new meeting or decision on a line you hold or follow")


SUBJECTS: dict[str, "_StrPromise"] = {
    Kind.HELP_OFFERED: _("Someone offers help with your question"),
    Kind.PUBLISHED: _("Your draft is published"),
    Kind.SENT_BACK: _("Your draft was sent back"),
    Kind.WAITING: _("Work waits for you"),
    Kind.OFFER_ACCEPTED: _("Your offer of help is accepted"),
    Kind.QUESTION_CLOSED: _("A question is answered"),
    Kind.LINE_QUESTION: _("A new question on your line"),
    Kind.COMING_UP: _("An activity you follow starts soon"),
    Kind.LINE_NEWS: _("News from your line"),
}


class Delivery(models.TextChoices):
    NOW = "now", _("By e-mail right away")
    DAILY = "daily", _("By e-mail in a daily summary")
    OFF = "off", _("No e-mail, only on this site")


class MailState(models.TextChoices):
    NONE = "none", _("No e-mail")
    DAILY = "daily", _("Waits for the daily summary")
    SENT = "sent", _("Sent")


class Notification(models.Model):
    """One thing to tell one person. The text is made from kind and params when it is shown, in the reader's
    language; url is a path on this site."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=10, choices=MailState.choices, default=MailState.NONE)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["mail", "recipient"], name="notification_mail_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def subject(self) -> str:
        return str(SUBJECTS[self.kind])

    @property
    def text(self) -> str:
        """The notification in one sentence, in the active language."""
        params = self.params
        if self.kind == Kind.HELP_OFFERED:
            return gettext("%(member)s offers help with your question “%(question)s”.") % params
        if self.kind == Kind.PUBLISHED:
            return gettext("“%(title)s” is published. Everyone can see it now.") % params
        if self.kind == Kind.SENT_BACK:
            return gettext("A coordinator sent “%(title)s” back to you. The reason: %(reason)s") % params
        if self.kind == Kind.OFFER_ACCEPTED:
            return gettext("%(asker)s accepted your offer of help with “%(question)s”.") % params
        if self.kind == Kind.QUESTION_CLOSED:
            return gettext("The question “%(question)s” is answered.") % params
        if self.kind == Kind.LINE_QUESTION:
            return gettext("New question on the line “%(line)s”: “%(question)s”.") % params
        if self.kind == Kind.LINE_NEWS and "decision" in params:
            return gettext("Decided on the line “%(line)s”: %(decision)s") % params
        if self.kind == Kind.LINE_NEWS:
            date = date_format(dt.date.fromisoformat(params["date"]), "j F Y")  # an ISO date, in the reader's language
            return gettext("New meeting of the line “%(line)s”: “%(meeting)s” on %(date)s.") % {**params, "date": date}
        if self.kind == Kind.COMING_UP:
            # Stored as an ISO date and time; shown in the reader's language and the site's time zone.
            start = date_format(timezone.localtime(dt.datetime.fromisoformat(params["start"])), "j F, H:i")
            return gettext("“%(activity)s” starts on %(start)s.") % {**params, "start": start}
        stories, drafts = params.get("stories", 0), params.get("drafts", 0)
        counts = []
        if stories:
            story_text = ngettext("%(count)s new story to check", "%(count)s new stories to check", stories)
            counts.append(story_text % {"count": stories})
        if drafts:
            counts.append(
                ngettext("%(count)s draft to publish", "%(count)s drafts to publish", drafts) % {"count": drafts}
            )
        if signups := params.get("signups", 0):
            counts.append(
                ngettext("%(count)s sign-up to approve", "%(count)s sign-ups to approve", signups) % {"count": signups}
            )
        return gettext("Waiting for you: %(work)s.") % {"work": gettext(" and ").join(counts)}

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preferences(models.Model):
    """A person's choices; someone without a row has the defaults below."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    help_offered = models.CharField(
        Kind.HELP_OFFERED.label, max_length=10, choices=Delivery.choices, default=Delivery.NOW
    )
    published = models.CharField(Kind.PUBLISHED.label, max_length=10, choices=Delivery.choices, default=Delivery.NOW)
    sent_back = models.CharField(Kind.SENT_BACK.label, max_length=10, choices=Delivery.choices, default=Delivery.NOW)
    waiting = models.CharField(Kind.WAITING.label, max_length=10, choices=Delivery.choices, default=Delivery.DAILY)
    offer_accepted = models.CharField(
        Kind.OFFER_ACCEPTED.label, max_length=10, choices=Delivery.choices, default=Delivery.NOW
    )
    question_closed = models.CharField(
        Kind.QUESTION_CLOSED.label, max_length=10, choices=Delivery.choices, default=Delivery.DAILY
    )
    line_question = models.CharField(
        Kind.LINE_QUESTION.label, max_length=10, choices=Delivery.choices, default=Delivery.NOW
    )
    coming_up = models.CharField(Kind.COMING_UP.label, max_length=10, choices=Delivery.choices, default=Delivery.NOW)
    line_news = models.CharField(Kind.LINE_NEWS.label, max_length=10, choices=Delivery.choices, default=Delivery.DAILY)
    weekly_digest = models.BooleanField(
        _("the network's weekly digest"),
        default=True,
        help_text=_("Once a week: new activities and open days, open questions, new stories and offerings."),
    )

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return str(self.user_id)

    def delivery(self, kind: str) -> str:
        return str(getattr(self, kind))


class Batch(models.Model):
    """One mail of a scheduled kind sent to one person for one period (a day, or the Monday of a week): the
    command looks here first, so a second run in the same period sends nothing twice."""

    class Name(models.TextChoices):
        DAILY = "daily", _("Daily summary")
        WEEKLY = "weekly", _("Weekly digest")
        WAITING = "waiting", _("Work waiting")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=10, choices=Name.choices)
    period = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "name", "period"], name="one_batch_per_period")]

    def __str__(self) -> str:
        return f"{self.name} {self.period} → {self.recipient_id}"


# What can be followed: the field of Follow that names it, and its model.
FOLLOWABLE: dict[str, type[models.Model]] = {
    "line": Line,
    "organisation": Organisation,
    "programme": Programme,
    "question": Question,
    "activity": Activity,
}


FOLLOWABLE_LABELS = {
    "line": _("Line"),
    "organisation": _("Organisation"),
    "programme": _("Programme"),
    "question": _("Question"),
    "activity": _("Activity"),
}


def _one_target() -> Q:
    """Exactly one of the target fields is set."""
    either = Q()
    for name in FOLLOWABLE:
        either |= Q(**{f"{other}__isnull": other != name for other in FOLLOWABLE})
    return either


class Follow(models.Model):
    """A person follows a line, an organisation, a programme, a question or an activity: they hear about its new
    questions, its answer, its start, and find its news in the weekly digest. One nullable key per kind of target
    (rather than a generic relation) keeps the digest's queries plain joins and the network file portable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="follow_one_target"),
            *(
                models.UniqueConstraint(
                    fields=["user", name], condition=Q(**{f"{name}__isnull": False}), name=f"follow_{name}_once"
                )
                for name in FOLLOWABLE
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target_name}"

    @property
    def target_name(self) -> str:
        return next(name for name in FOLLOWABLE if getattr(self, f"{name}_id") is not None)

    @property
    def target(self) -> models.Model:
        return getattr(self, self.target_name)

    @property
    def target_label(self) -> str:
        return str(FOLLOWABLE_LABELS[self.target_name])


class Reminder(models.Model):
    """That a person was told an activity they follow starts soon: the daily run tells each person once."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "activity"], name="one_reminder_per_activity")]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.recipient_id}"

"""Mail from the network: every message has a plain-text and an HTML part, in the recipient's language, and carries
the network's name.

    mail.send("accounts/mail/invitation", to="iemand@example.org", context={...}, language="nl")

renders `accounts/mail/invitation_subject.txt` (one line), `…/invitation.txt` and `…/invitation.html` (which extends
`core/mail/base.html`) with the context plus `network_name`. A notification passes `unsubscribe_url`, an absolute
link that switches it off without logging in; it goes into the text and into the List-Unsubscribe headers
(RFC 8058: one click, by POST).

`send()` never talks to a mail server. It stores the composed message (an `OutgoingMail` row, in the caller's
transaction) and, once that transaction commits, enqueues the task `deliver_mail` (django-tasks; `manage.py
db_worker` runs it). So a page never waits for SMTP, a rolled-back change sends nothing, and a mail server that is
down loses nothing: a failed attempt keeps the row and tries again later, 1, 2, 4, … minutes on (at most 6 hours
apart, MAX_ATTEMPTS in all, about a day). The row, not the task, is the truth: `send_due()` (`manage.py
send_queued_mail`, for cron) sends whatever is due, should a task ever be lost.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from core.models import OutgoingMail

logger = logging.getLogger("rimpel.mail")

MAX_ATTEMPTS = 12
# A worker that claimed a mail and died (killed mid-SMTP) leaves it "sending"; after this long it is queued again.
# The mail keeps its Message-ID, so a receiver can tell a rare second copy.
STALE_CLAIM = timedelta(minutes=15)
# Sent mails hold personal data; they are only kept a while, for support questions ("did my invitation go out?").
KEEP_SENT = timedelta(days=30)


# A file sent along: (filename, text content, MIME type). Text only (an .ics), so it is stored as it is.
Attachment = tuple[str, str, str]


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()


def compose(
    template: str,
    *,
    to: str,
    context: dict[str, Any],
    language: str | None = None,
    unsubscribe_url: str | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> Message:
    """The message as the recipient will read it, rendered in their language."""
    full_context = {**context, "network_name": settings.RIMPEL_NETWORK_NAME, "unsubscribe_url": unsubscribe_url}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        text = render_to_string(f"{template}.txt", full_context)
        html = render_to_string(f"{template}.html", full_context)
    headers = {}
    if unsubscribe_url:
        headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return Message(
        to=to,
        subject=f"[{settings.RIMPEL_NETWORK_NAME}] {subject}",
        text=text,
        html=html,
        headers=headers,
        attachments=attachments,
    )


def send(
    template: str,
    *,
    to: str,
    context: dict[str, Any],
    language: str | None = None,
    unsubscribe_url: str | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> OutgoingMail:
    """Compose one message and queue it; it leaves from the worker once the current transaction commits."""
    return queue(
        compose(
            template,
            to=to,
            context=context,
            language=language,
            unsubscribe_url=unsubscribe_url,
            attachments=attachments,
        )
    )


def queue(message: Message) -> OutgoingMail:
    # The Message-ID is fixed now, not per attempt, so every attempt sends the same message.
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    mail = OutgoingMail.objects.create(
        to=message.to,
        subject=message.subject,
        text=message.text,
        html=message.html,
        headers={"Message-ID": make_msgid(domain=domain), **message.headers},
        attachments=[list(attachment) for attachment in message.attachments],
        next_attempt_at=timezone.now(),
    )
    after_commit(lambda: deliver_mail.enqueue(mail.pk))
    return mail


def after_commit(enqueue: Callable[[], object]) -> None:
    """Enqueue once the caller's transaction commits (at once outside one). robust: should enqueueing fail, the
    committed change stands and the row waits for send_due(). The test suite, whose transactions never commit,
    enqueues at once instead (conftest.py)."""
    transaction.on_commit(enqueue, robust=True)


def deliver(message: Message) -> None:
    """Hand one message to the mail server now (EMAIL_BACKEND); raises when it cannot."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers=message.headers,
    )
    email.attach_alternative(message.html, "text/html")
    for filename, content, mimetype in message.attachments:
        email.attach(filename, content, mimetype)
    email.send()


@task()
def deliver_mail(mail_id: int) -> None:
    attempt(mail_id)


def attempt(mail_id: int, now: datetime | None = None) -> bool:
    """Try to send one queued mail that is due (at `now`); True when the mail server took it."""
    now = now or timezone.now()
    # Claim it first, so two workers (or a worker and send_due) never send one mail twice.
    due = OutgoingMail.objects.filter(pk=mail_id, status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now)
    if not due.update(status=OutgoingMail.Status.SENDING, claimed_at=now):
        return False  # sent already, being sent, given up on, or not due yet
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        deliver(
            Message(
                to=mail.to,
                subject=mail.subject,
                text=mail.text,
                html=mail.html,
                headers=mail.headers,
                attachments=tuple((name, content, kind) for name, content, kind in mail.attachments),
            )
        )
    except Exception as exc:  # down, refusing, timing out: whatever it is, the mail waits for a retry
        _failed(mail, exc)
        return False
    OutgoingMail.objects.filter(pk=mail_id).update(
        status=OutgoingMail.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, claimed_at=None
    )
    return True


def backoff(attempts: int) -> timedelta:
    """The wait after the given number of failed attempts: 1, 2, 4, … minutes, at most 6 hours."""
    return min(timedelta(minutes=2 ** (attempts - 1)), timedelta(hours=6))


def _failed(mail: OutgoingMail, exc: Exception) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    mail.claimed_at = None
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status = OutgoingMail.Status.FAILED
        logger.error("Mail %s not sent after %s attempts; given up: %s", mail.pk, mail.attempts, mail.last_error)
    else:
        mail.status = OutgoingMail.Status.QUEUED
        mail.next_attempt_at = timezone.now() + backoff(mail.attempts)
        logger.warning(
            "Mail %s not sent (attempt %s), retried at %s: %s",
            mail.pk,
            mail.attempts,
            mail.next_attempt_at.isoformat(),
            mail.last_error,
        )
    mail.save(update_fields=["attempts", "last_error", "claimed_at", "status", "next_attempt_at"])
    if mail.status == OutgoingMail.Status.QUEUED and deliver_mail.get_backend().supports_defer:
        deliver_mail.using(run_after=mail.next_attempt_at).enqueue(mail.pk)


def retry(mail_ids: Iterable[int]) -> int:
    """Give the chosen mails that are not sent (queued or given up on) a fresh round of attempts, starting now: for
    support, once a mail server problem is fixed. Returns how many were queued."""
    now = timezone.now()
    waiting = OutgoingMail.objects.filter(
        pk__in=list(mail_ids), status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.FAILED]
    )
    ids = list(waiting.values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=ids).update(
        status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=now, claimed_at=None
    )
    for pk in ids:
        after_commit(partial(deliver_mail.enqueue, pk))
    return len(ids)


def send_due(now: datetime | None = None, retry_failed: bool = False) -> tuple[int, int]:
    """Send every queued mail that is due, after requeueing stale claims (and, if asked, the mails given up on);
    remove sent mails older than KEEP_SENT. Returns (sent, not sent)."""
    now = now or timezone.now()
    if retry_failed:
        OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED).update(
            status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=now
        )
    OutgoingMail.objects.filter(status=OutgoingMail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=OutgoingMail.Status.QUEUED, claimed_at=None
    )
    due = OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True))
    sent = sum(attempt(pk, now) for pk in ids)
    OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT, sent_at__lt=now - KEEP_SENT).delete()
    return sent, len(ids) - sent

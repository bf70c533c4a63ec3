"""Mail from the network: every message has a plain-text and an HTML part, in the recipient's language, and carries
the network's name.

    mail.send("accounts/mail/invitation", to="iemand@example.org", context={...}, language="nl")

renders `accounts/mail/invitation_subject.txt` (one line), `…/invitation.txt` and `…/invitation.html` (which extends
`core/mail/base.html`) with the context plus `network_name`. A notification passes `unsubscribe_url`, an absolute
link that switches it off without logging in; it goes into the text and into the List-Unsubscribe headers
(RFC 8058: one click, by POST).
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def compose(
    template: str, *, to: str, context: dict[str, Any], language: str | None = None, unsubscribe_url: str | None = None
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
    return Message(to=to, subject=f"[{settings.RIMPEL_NETWORK_NAME}] {subject}", text=text, html=html, headers=headers)


def deliver(message: Message) -> None:
    email = EmailMultiAlternatives(subject=message.subject, body=message.text, to=[message.to], headers=message.headers)
    email.attach_alternative(message.html, "text/html")
    email.send()


def send(
    template: str, *, to: str, context: dict[str, Any], language: str | None = None, unsubscribe_url: str | None = None
) -> None:
    """Compose and send one message."""
    deliver(compose(template, to=to, context=context, language=language, unsubscribe_url=unsubscribe_url))

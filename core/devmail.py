"""/dev/mail/: the mails development wrote to var/mail/ (core.mail_backends), newest first, so a newcomer can follow
an invitation or reset link without a mail server. Only with DEBUG; a 404 otherwise, whatever the mail backend."""

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

LISTED = 200  # the newest; the folder may grow for weeks
_FILE_NAME = re.compile(r"[\w-]+\.eml")


def _folder() -> Path:
    if not settings.DEBUG:
        raise Http404
    return Path(settings.EMAIL_FILE_PATH)


def _read(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)  # policy.default makes one; narrows the type
    return message


@require_safe
def mail_list(request: HttpRequest) -> HttpResponse:
    folder = _folder()
    paths = sorted(folder.glob("*.eml"), reverse=True)[:LISTED] if folder.is_dir() else []
    mails = []
    for path in paths:
        message = _read(path)
        mails.append({"name": path.name, "subject": message["Subject"], "to": message["To"], "date": message["Date"]})
    return render(request, "core/dev_mail_list.html", {"mails": mails, "folder": folder})


@require_safe
def mail_message(request: HttpRequest, name: str) -> HttpResponse:
    folder = _folder()
    path = folder / name
    if not _FILE_NAME.fullmatch(name) or not path.is_file():
        raise Http404
    message = _read(path)
    text_part = message.get_body(preferencelist=("plain",))
    return render(
        request,
        "core/dev_mail_message.html",
        {
            "message": message,
            "headers": [(key, message[key]) for key in ("From", "To", "Date", "List-Unsubscribe") if message[key]],
            "text": text_part.get_content() if text_part else "",
        },
    )

"""A mail backend for development: each message becomes one .eml file in EMAIL_FILE_PATH (var/mail/), which the
development page /dev/mail/ lists (core.devmail) and any mail program opens."""

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, file_path: str | Path | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            # The time first, so the names sort by age; the random part keeps two in one second apart.
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (self.folder / name).write_bytes(message.message().as_bytes(linesep="\n"))
        return len(email_messages)

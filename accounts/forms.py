from typing import Any

from django.contrib.auth import forms as auth_forms
from django.utils import translation

from core import mail


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, with the mail composed and sent like every other mail of the network."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        mail.send(
            "accounts/mail/password_reset",
            to=to_email,
            context={key: context[key] for key in ("protocol", "domain", "uid", "token", "user")},
            language=translation.get_language(),
        )

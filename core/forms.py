from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import SENT_BACK_REASON_LENGTH
from core.services import new_form_token


class OnceForm(forms.Form):
    """Mixin field: a one-time token so a create form posted twice saves one record."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_form_token())


def assume_https(db_field, **kwargs):
    """Model form fields as usual, but a web address typed without scheme gets https://."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you send it back?"),
        max_length=SENT_BACK_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The editors get this text by e-mail and see it on the page. Say what they should change."),
    )

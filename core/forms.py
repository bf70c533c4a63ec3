from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import SENT_BACK_REASON_LENGTH
from core.parsing import written_number
from core.services import new_form_token
from core.widgets import WrittenNumberInput


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


class WrittenIntegerField(forms.IntegerField):
    """A whole number as people write it: 17.000 on a Dutch page, 17,000 on an English one, or plain 17000."""

    widget = WrittenNumberInput(whole=True)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = written_number(value)
            if value is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class WrittenDecimalField(forms.DecimalField):
    """A number with decimals as people write it: 1.234,5 on a Dutch page, 1,234.5 on an English one; shown
    without trailing zeros (226, not 226.00)."""

    widget = WrittenNumberInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = written_number(value)
            if value is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


@dataclass(frozen=True)
class Problem:
    """One thing to correct, for the error summary at the top of a form: anchor is the id of the control to go to
    (empty for what belongs to the form as a whole)."""

    message: str
    label: str = ""
    anchor: str = ""


def form_problems(*forms_and_formsets) -> list[Problem]:
    """Every error of these forms and formsets, in page order: the form-wide ones first, then per field. A formset may
    come as a (title, formset) pair, as the figures form lists them; anything else (an empty template variable) is
    skipped."""
    problems: list[Problem] = []
    for item in forms_and_formsets:
        if isinstance(item, list | tuple):
            problems += form_problems(*item)
        elif isinstance(item, forms.BaseFormSet):
            problems += [Problem(str(message)) for message in item.non_form_errors()]
            for number, row in enumerate(item.forms, start=1):
                problems += _field_problems(row, row_number=number)
        elif isinstance(item, forms.BaseForm):
            problems += _field_problems(item)
    return problems


def _field_problems(form: forms.BaseForm, row_number: int | None = None) -> list[Problem]:
    if not form.is_bound or not form.errors:
        return []
    problems = [Problem(str(message)) for message in form.non_field_errors()]
    for field in form:
        if field.errors and field.is_hidden:
            problems += [Problem(str(message)) for message in field.errors]
        elif field.errors:
            label = str(field.label)
            if row_number is not None:
                label = gettext("%(label)s (row %(number)s)") % {"label": label, "number": row_number}
            # Checkbox and radio groups have no control of their own: go to the first option.
            anchor = field.id_for_label or f"{field.auto_id}_0"
            problems += [Problem(str(message), label, anchor) for message in field.errors]
    return problems


def required_hint(form: forms.BaseForm) -> str:
    """The line above a form that explains the one marking: optional fields say so, all others are required.
    Empty when nothing need be filled in (a form of only checkboxes)."""
    fields = [field for field in form.visible_fields() if field.widget_type != "checkbox"]
    if not any(field.field.required for field in fields):
        return ""
    if all(field.field.required for field in fields):
        return gettext("All fields are required.")
    return gettext("All fields are required, except the ones marked “optional”.")

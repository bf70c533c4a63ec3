import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from attendance.models import Audience, RegistrationSetup
from attendance.reading import Reading, read_text, read_upload
from attendance.services.registration import MAX_QUESTIONS
from attendance.services.turns import start_of_day
from core.forms import DateInput

QUESTION_LENGTH = 200
ANSWER_LENGTH = 1000


class ListForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "CSV (comma, semicolon or tab) or Excel (.xlsx), up to 10 MB. A first row with column names "
            "such as naam, e-mail, rol, sector, organisatie and toestemming is recognised."
        ),
    )
    text = forms.CharField(
        label=_("Or type the list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One person per line: name or e-mail; role; sector; organisation. For long lists, upload a file."),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if upload and text.strip():
            raise forms.ValidationError(_("Upload a file or type a list, not both."))
        if not upload and not text.strip() and not self.errors:
            raise forms.ValidationError(_("Choose a file or type the list."))
        # The size is checked by read_upload, before the file is read.
        return cleaned

    def reading(self) -> Reading:
        upload = self.cleaned_data.get("file")
        return read_upload(upload) if upload else read_text(self.cleaned_data["text"])


class ErasureForm(forms.Form):
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=320)
    name = forms.CharField(
        label=_("Full name"),
        required=False,
        max_length=320,
        help_text=_("As it appeared on attendance lists that had no e-mail address."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email", "").strip() and not cleaned.get("name", "").strip():
            raise forms.ValidationError(_("Type the e-mail address, the name, or both."))
        return cleaned


class RegistrationSetupForm(forms.Form):
    """The organiser's terms for sign-up. The deadline is a day: people sign up until the end of it."""

    capacity = forms.IntegerField(
        label=_("Number of places"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leave empty when there is no limit. When it is full, people join the waiting list."),
    )
    deadline = forms.DateField(
        label=_("Sign up until"),
        required=False,
        widget=DateInput(),
        help_text=_("The last day people can sign up. Empty: until the activity starts."),
    )
    audience = forms.ChoiceField(label=_("Who can sign up?"), choices=Audience.choices, widget=forms.RadioSelect)
    questions = forms.CharField(
        label=_("Extra questions"),
        required=False,
        max_length=MAX_QUESTIONS * (QUESTION_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].help_text = gettext(
            "One question per line, at most %(count)s. For example: Do you have a diet?"
        ) % {"count": MAX_QUESTIONS}

    def clean_questions(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]
        if len(lines) > MAX_QUESTIONS:
            raise forms.ValidationError(_("Ask at most %(count)s questions.") % {"count": MAX_QUESTIONS})
        if any(len(line) > QUESTION_LENGTH for line in lines):
            raise forms.ValidationError(
                _("A question can be at most %(length)s characters long.") % {"length": QUESTION_LENGTH}
            )
        return lines

    def deadline_moment(self) -> dt.datetime | None:
        day = self.cleaned_data["deadline"]
        return start_of_day(day + dt.timedelta(days=1)) if day else None

    @classmethod
    def initial_for(cls, setup: RegistrationSetup | None) -> dict:
        if setup is None:
            return {"audience": Audience.PUBLIC}
        deadline = timezone.localtime(setup.deadline).date() - dt.timedelta(days=1) if setup.deadline else None
        return {
            "capacity": setup.capacity,
            "deadline": deadline,
            "audience": setup.audience,
            "questions": "\n".join(setup.questions),
        }


class RegistrationForm(forms.Form):
    """Signing up: name and address unless the account gives them, the organiser's questions, and consent."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    consent = forms.BooleanField(
        label=_("My e-mail address may be kept for next activities."),
        required=False,
    )

    def __init__(self, *args, questions: list[str], account: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["consent"].help_text = gettext(
            "Without this, we delete your name and address %(days)s days after the activity."
        ) % {"days": settings.RIMPEL_REGISTRATION_RETENTION_DAYS}
        if account is not None:
            # One click: the account gives the name and the address.
            del self.fields["name"], self.fields["email"]
        for number, question in enumerate(questions):
            self.fields[f"answer_{number}"] = forms.CharField(label=question, required=False, max_length=ANSWER_LENGTH)
        self.order_fields(["name", "email", *(f"answer_{n}" for n in range(len(questions))), "consent"])

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{number}"].strip() for number in range(len(self.questions))]


class OrganiserCancelForm(forms.Form):
    """The organiser cancels someone's registration; the reason goes into the mail to them."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("We send it in the mail to this person."),
    )

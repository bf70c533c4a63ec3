import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.forms import DateInput, OnceForm, TimeInput
from core.widgets import Chooser
from meetings.models import Decision, FollowUp, Meeting
from network.models import Person

RICH_TEXT_HELP = _("Plain text, or simple formatting: paragraphs, lists, bold and links.")


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.organisation.name})"


class MeetingForm(OnceForm, forms.ModelForm):
    """The start and end are asked as a day with two times, as people plan a meeting, and stored as moments."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    invitees = forms.ModelMultipleChoiceField(
        label=_("Invitees"),
        queryset=Person.objects.select_related("organisation").order_by("name"),
        required=False,
        widget=Chooser,
    )

    class Meta:
        model = Meeting
        fields = ["title", "place", "agenda", "notes", "activity"]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "agenda": RICH_TEXT_HELP,
            "notes": RICH_TEXT_HELP,
            "activity": _("The meeting's entry in the calendar, if it has one."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitees"].label_from_instance = _person_label
        # Only the calendar entries of this line are offered.
        self.fields["activity"].queryset = Activity.objects.filter(lines=self.instance.line).order_by("-start")
        self.order_fields(["title", "date", "start_time", "end_time"])
        if self.instance.pk and not self.is_bound:
            start = timezone.localtime(self.instance.starts_at)
            self.initial.update(
                invitees=list(self.instance.invitees.all()),
                date=start.date(),
                start_time=start.time(),
                end_time=timezone.localtime(self.instance.ends_at).time() if self.instance.ends_at else None,
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time comes after the start time."))
        elif cleaned.get("date") and start:
            self.instance.starts_at = _moment(cleaned["date"], start)
            self.instance.ends_at = _moment(cleaned["date"], end) if end else None
        return cleaned


def _moment(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


class DecisionForm(OnceForm, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(OnceForm, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["text", "owner", "due_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = Person.objects.select_related("organisation").order_by("name")
        owner.label_from_instance = _person_label

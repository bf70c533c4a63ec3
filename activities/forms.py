import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind
from activities.services import FIRST_YEAR, LAST_YEAR
from core.forms import DateInput, OnceForm, TimeInput, assume_https
from core.models import CodeList, Language, Sector
from core.widgets import Chooser
from network.models import Line, Organisation, lines_to_offer
from network.theme_fields import ThemesField


class ActivityForm(OnceForm, forms.ModelForm):
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=TimeInput(), help_text=_("Not needed for an all-day activity.")
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=DateInput(), help_text=_("Leave empty for the same day.")
    )
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=Organisation.objects.none(), widget=Chooser
    )
    themes = ThemesField()
    lines = forms.ModelMultipleChoiceField(
        label=_("Lines"), queryset=Line.objects.all(), required=False, widget=Chooser
    )
    sectors = forms.MultipleChoiceField(
        label=_("Target sectors"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    language_codes = forms.MultipleChoiceField(
        label=_("Languages spoken at the door"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an open day: the languages in which visitors can be helped (interpreters present)."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "description",
            "all_day",
            "place",
            "open_for_partners",
            "registration_url",
            "school_type",
            "neighbourhood",
        ]
        formfield_callback = assume_https

    def __init__(self, *args, organiser_choices, locked_organisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = organiser_choices
        self.locked_organisers = list(locked_organisers)
        if self.locked_organisers:
            self.fields["organisers"].required = False
            self.fields["organisers"].help_text = _(
                "Also organised by %(names)s; only their editors or a coordinator can change that."
            ) % {"names": ", ".join(org.name for org in self.locked_organisers)}
        if not self.instance.pk and not self.is_bound and len(organiser_choices) == 1:
            self.initial["organisers"] = list(organiser_choices)
        instance = self.instance
        linked_lines = instance.lines.values_list("pk", flat=True) if instance.pk else []
        self.fields["lines"].queryset = lines_to_offer(*linked_lines)
        if instance.pk and not self.is_bound:
            self.initial.update(
                start_date=instance.local_start.date(),
                start_time=None if instance.all_day else instance.local_start.time(),
                end_date=instance.local_end.date(),
                end_time=None if instance.all_day else instance.local_end.time(),
                organisers=list(instance.organisers.all()),
                themes=list(instance.themes.all()),
                lines=list(instance.lines.all()),
                sectors=list(instance.target_sectors.values_list("sector", flat=True)),
                language_codes=CodeList.unpack(instance.languages),
            )
        order = ["title", "kind", "description", "start_date", "start_time", "end_date", "end_time", "all_day"]
        self.order_fields(order)

    def clean_organisers(self):
        return list(self.cleaned_data["organisers"]) + self.locked_organisers

    def clean(self):
        cleaned = super().clean()
        for name in ("start_date", "end_date"):
            value = cleaned.get(name)
            if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Give a date between the years %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        if cleaned.get("kind") == ActivityKind.OPEN_DAY and not cleaned.get("school_type"):
            self.add_error("school_type", _("Say which kind of school holds the open day, so parents can find it."))
        start_date = cleaned.get("start_date")
        if start_date is None or self.has_error("end_date"):
            return cleaned
        end_date = cleaned.get("end_date") or start_date
        all_day = cleaned.get("all_day")
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if not all_day and start_time is None:
            self.add_error("start_time", _("Give a start time, or tick “all day”."))
            return cleaned
        if all_day:
            start_time = end_time = dt.time(0, 0)
        elif end_time is None:
            end_time = start_time
        start = timezone.make_aware(dt.datetime.combine(start_date, start_time))
        end = timezone.make_aware(dt.datetime.combine(end_date, end_time))
        if end < start:
            self.add_error("end_date", _("The end lies before the start. Check the dates and times."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def apply_times(self) -> Activity:
        self.instance.start = self.cleaned_data["start"]
        self.instance.end = self.cleaned_data["end"]
        self.instance.languages = CodeList.pack(self.cleaned_data.get("language_codes", []))
        return self.instance

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from exchange.calendar_import import MAX_UPLOAD_BYTES, MAX_WINDOW_DAYS


class CalendarImportForm(forms.Form):
    file = forms.FileField(label=_("Calendar file (.ics)"),
                           help_text=_("The agenda exported as iCalendar (.ics), up to 5 MB."))
    window_start = forms.DateField(label=_("From"), widget=DateInput())
    window_end = forms.DateField(label=_("Up to and including"), widget=DateInput(),
                                 help_text=_("Repeating events are added within this period (at most 24 months)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["window_start"].initial = today
        self.fields["window_end"].initial = _add_months(today, 12)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:  # refused before it is read
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("window_start"), cleaned.get("window_end")
        if first and last:
            if last < first:
                self.add_error("window_end", _("The end of the period lies before its start."))
            elif (last - first).days > MAX_WINDOW_DAYS:
                self.add_error("window_end", _("Choose a period of at most 24 months."))
        return cleaned


def _add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return date.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.tabular import MAX_UPLOAD_BYTES as MAX_SPREADSHEET_BYTES
from exchange.calendar_import import MAX_UPLOAD_BYTES, MAX_WINDOW_DAYS
from exchange.import_kinds import KINDS
from programmes.models import Programme


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label=_("Calendar file (.ics)"), help_text=_("The agenda exported as iCalendar (.ics), up to 5 MB.")
    )
    window_start = forms.DateField(label=_("From"), widget=DateInput())
    window_end = forms.DateField(
        label=_("Up to and including"),
        widget=DateInput(),
        help_text=_("Repeating events are added within this period (at most 24 months)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["window_start"].initial = today
        self.fields["window_end"].initial = _add_months(today, 12)

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:  # refused before it is read
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data  # Form.clean returns cleaned_data; the stubs allow None
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


class DataImportForm(forms.Form):
    """Which kind of records a spreadsheet holds, for which programme, and the file."""

    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=lambda: [(name, kind.label) for name, kind in KINDS.items()]
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("name"),
        label=_("Programme"),
        required=False,
        help_text=_("Needed for stories and budget lines."),
    )
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_(
            "Comma, semicolon or tab separated; UTF-8 or Windows-1252; or the first sheet "
            "of an Excel workbook. Up to 10 MB."
        ),
    )
    accept_suggestions = forms.BooleanField(
        label=_("Read near misses as the name suggested"),
        required=False,
        help_text=_(
            "E.g. “Hogeschool Leyden” as Hogeschool Leiden, or a theme or line spelled slightly otherwise. The check "
            "lists every name read this way."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = KINDS

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_SPREADSHEET_BYTES:  # refused before it is read
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Split it, or leave out columns that are not needed.")
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data  # Form.clean returns cleaned_data; the stubs allow None
        kind = self.kinds.get(cleaned.get("kind", ""))
        if kind is not None and kind.needs_programme and not cleaned.get("programme"):
            self.add_error("programme", _("Choose the programme these %(kind)s belong to.") % {"kind": kind.label})
        return cleaned

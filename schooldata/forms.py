from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

# DUO's national files run to tens of megabytes; the file is kept until the import is confirmed.
MAX_UPLOAD_MB = 60


class ReleaseUploadForm(forms.Form):
    file = forms.FileField(label=_("File from DUO or CBS (CSV)"))
    reference_date = forms.DateField(
        label=_("Reference date (peildatum)"),
        required=False,
        widget=DateInput(),
        help_text=_("Only when the file and its name do not give it. DUO counts pupils on 1 October."),
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=60,
        help_text=_(
            "For CBS's files: the CBS code (GM0546) or the name. Empty: the municipality of the schools in the "
            "directory."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Filled in per form, in the page's language (a lazy text with a placeholder is fixed at import).
        self.fields["file"].help_text = _(
            "As downloaded, unchanged: rimpel recognises the file by its columns. Up to %(size)s MB."
        ) % {"size": MAX_UPLOAD_MB}

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_MB * 1024 * 1024:  # refused before it is read
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB. Is it the file DUO or CBS publishes?") % {"size": MAX_UPLOAD_MB}
            )
        return upload

    def payload(self) -> dict[str, Any]:
        date = self.cleaned_data.get("reference_date")
        return {
            "reference_date": date.isoformat() if date else "",
            "municipality": self.cleaned_data.get("municipality", ""),
        }

from django import forms
from django.utils.translation import gettext_lazy as _

from attendance.reading import Reading, read_text, read_upload


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

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OnceForm, assume_https
from core.widgets import Chooser
from documents import sniffing
from documents.models import Document
from network.models import Line
from network.theme_fields import ThemesField


def recognised_upload(upload, *, too_large: bool) -> sniffing.Recognised | None:
    """What an uploaded file is, for a form's clean method: its refusal (or the size limit, when the upload was
    stopped while arriving) as the field's error; None without a file."""
    if too_large:
        raise forms.ValidationError(sniffing.too_large_message())
    if not upload:
        return None
    try:
        return sniffing.recognise(upload)
    except sniffing.Refused as refusal:
        raise forms.ValidationError(str(refusal)) from refusal


class DocumentForm(OnceForm, forms.ModelForm):
    """A file or a link to audio or video elsewhere (never an embedded player). The file is recognised from its
    content when the form is cleaned; `recognised` then says what it is."""

    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A PDF, an Office document (docx, xlsx, pptx, odt) or an image (JPEG, PNG, WebP)."),
    )
    themes = ThemesField()
    lines = forms.ModelMultipleChoiceField(
        label=_("Lines"), queryset=Line.objects.all(), required=False, widget=Chooser
    )

    class Meta:
        model = Document
        formfield_callback = assume_https
        fields = ["title", "kind", "description", "url", "year", "language", "members_only"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "url": _("Or a link to a page with the audio or video, for example a podcast or a video page."),
            "members_only": _("Only logged-in members see it."),
        }

    def __init__(self, *args, refused_files: list[str] | tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_files = refused_files
        self.recognised: sniffing.Recognised | None = None
        self.fields["year"].widget.attrs.update(min=1900, max=2100)
        if self.instance.pk and not self.is_bound:
            self.initial.update(themes=list(self.instance.themes.all()), lines=list(self.instance.lines.all()))
        if self.instance.file:
            self.fields["file"].help_text = _("Leave empty to keep the current file.")

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 1900 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 1900 and 2100."))
        return year

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        self.recognised = recognised_upload(upload, too_large="file" in self.refused_files)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file") or self.instance.file) and "file" not in self.errors
        if cleaned.get("url") and (cleaned.get("file") or self.instance.file):
            self.add_error("url", _("Give a file or a link, not both."))
        elif not has_file and not cleaned.get("url") and "file" not in self.errors:
            self.add_error("file", _("Choose a file, or give a link."))
        return cleaned

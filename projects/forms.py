from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OnceForm
from core.widgets import Chooser
from documents import sniffing
from documents.forms import recognised_upload
from network.models import Line, Organisation, lines_to_offer
from network.theme_fields import ThemesField
from projects.models import Project, ProjectUpdate


class ProjectForm(OnceForm, forms.ModelForm):
    leads = forms.ModelMultipleChoiceField(
        label=_("Leads (trekkers)"), queryset=Organisation.objects.none(), widget=Chooser
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=Chooser,
    )
    themes = ThemesField()

    lines = forms.ModelMultipleChoiceField(
        label=_("Lines of work"), queryset=Line.objects.none(), required=False, widget=Chooser
    )

    class Meta:
        model = Project
        fields = ["code", "title", "cluster", "status", "description"]

    def __init__(self, *args, lead_choices, locked_leads=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = lead_choices
        self.locked_leads = list(locked_leads)
        linked = self.instance.lines.values_list("pk", flat=True) if self.instance.pk else []
        self.fields["lines"].queryset = lines_to_offer(*linked)
        if self.locked_leads:
            self.fields["leads"].required = False
            self.fields["leads"].help_text = _(
                "Also led by %(names)s; only their editors or a coordinator can change that."
            ) % {"names": ", ".join(org.name for org in self.locked_leads)}
        if not self.instance.pk and not self.is_bound and len(lead_choices) == 1:
            self.initial["leads"] = list(lead_choices)
        if self.instance.pk and not self.is_bound:
            self.initial.update(
                leads=list(self.instance.leads.all()),
                partners=list(self.instance.partners.all()),
                themes=list(self.instance.themes.all()),
                lines=list(self.instance.lines.all()),
            )

    def clean_leads(self):
        return list(self.cleaned_data["leads"]) + self.locked_leads

    def clean(self):
        cleaned = super().clean()
        overlap = set(cleaned.get("leads") or []) & set(cleaned.get("partners") or [])
        if overlap:
            names = ", ".join(sorted(org.name for org in overlap))
            self.add_error("partners", _("%(names)s is already a lead; choose it once.") % {"names": names})
        return cleaned


class ProjectUpdateForm(OnceForm, forms.ModelForm):
    """A progress update, optionally with one file (a report, a photo), which becomes a document of the update."""

    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A PDF, an Office document or a photo. It shows with the update and in the media library."),
    )
    attachment_title = forms.CharField(
        label=_("Title of the attachment"),
        max_length=200,
        required=False,
        help_text=_("For example: Interim report spring. Left empty, it takes the date of the update."),
    )

    class Meta:
        model = ProjectUpdate
        fields = ["date", "text"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, refused_files: list[str] | tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_files = refused_files
        self.recognised: sniffing.Recognised | None = None

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        self.recognised = recognised_upload(upload, too_large="attachment" in self.refused_files)
        return upload

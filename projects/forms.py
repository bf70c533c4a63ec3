from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OnceForm
from network.models import Organisation
from network.theme_fields import ThemesField
from projects.models import Project, ProjectUpdate


class ProjectForm(OnceForm, forms.ModelForm):
    leads = forms.ModelMultipleChoiceField(
        label=_("Leads (trekkers)"), queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    themes = ThemesField()

    class Meta:
        model = Project
        fields = ["code", "title", "cluster", "status", "description"]

    def __init__(self, *args, lead_choices, locked_leads=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = lead_choices
        self.locked_leads = list(locked_leads)
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
    class Meta:
        model = ProjectUpdate
        fields = ["date", "text"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

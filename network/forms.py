from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OnceForm, assume_https
from network.models import Organisation, Person, Theme
from network.services import parse_aliases


class OrganisationForm(OnceForm, forms.ModelForm):
    aliases = forms.CharField(
        label=_("Abbreviations"),
        required=False,
        help_text=_("Short forms used in documents, separated by commas, e.g. HsL, Hogeschool."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Organisation
        fields = ["name", "sector", "parent", "website", "description"]
        formfield_callback = assume_https

    def __init__(self, *args, may_restructure: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_restructure:
            # Where an organisation sits in the network is the coordinator's call.
            del self.fields["parent"]
        if self.instance.pk and isinstance(parent := self.fields.get("parent"), forms.ModelChoiceField):
            parent.queryset = Organisation.objects.exclude(pk=self.instance.pk)
        if self.instance.pk and not self.is_bound:
            self.initial["aliases"] = ", ".join(a.alias for a in self.instance.aliases.all())
            self.initial["themes"] = list(self.instance.themes.all())

    def clean_aliases(self):
        return parse_aliases(self.cleaned_data["aliases"])


class PersonForm(OnceForm, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "role", "job_title", "organisation", "email", "phone"]

    def __init__(self, *args, organisation_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices
        if not self.instance.pk and not self.is_bound and len(organisation_choices) == 1:
            self.initial["organisation"] = organisation_choices[0]

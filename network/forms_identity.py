"""Forms of the network's identity page and of the themes (coordinators)."""

from django import forms
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network.identity import RICH_TEXTS, ROLES
from network.models import NetworkProfile, NetworkRole, Theme

RICH_HELP = _("Plain text, or simple HTML: paragraphs, bold, italic, lists and links.")
TRANSLATED = ["tagline", "slogan", "ambition", "strategy", "purpose", "values", "organisational_form", "history"]


def _in_english(name: str) -> str:
    field = NetworkProfile._meta.get_field(name)
    assert isinstance(field, models.Field)  # a text field of the profile
    return gettext("%(field)s in English") % {"field": field.verbose_name}


# Declared on the class (not set when a form is made), so every label is known before a form exists.
in_english = lazy(_in_english, str)


class IdentityForm(forms.ModelForm):
    """The profile's texts in Dutch and English, and the four roles' names and texts (fields role_<key>_<part>)."""

    class Meta:
        model = NetworkProfile
        fields = [
            "name",
            "short_name",
            "tagline",
            "tagline_en",
            "slogan",
            "slogan_en",
            "ambition",
            "ambition_en",
            "strategy",
            "strategy_en",
            "purpose",
            "purpose_en",
            "values",
            "values_en",
            "organisational_form",
            "organisational_form_en",
            "history",
            "history_en",
        ]
        labels = {f"{name}_en": in_english(name) for name in TRANSLATED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RICH_TEXTS:
            self.fields[name].help_text = RICH_HELP
        existing = {role.key: role for role in self.instance.roles.all()} if self.instance.pk else {}
        for kind in ROLES:
            role = existing.get(kind.key)
            for part, label, widget in (
                ("name", _("Role “%(role)s”: name"), forms.TextInput),
                ("name_en", _("Role “%(role)s”: name in English"), forms.TextInput),
                ("text", _("Role “%(role)s”: what the network does"), forms.Textarea(attrs={"rows": 3})),
                ("text_en", _("Role “%(role)s”: what the network does, in English"), forms.Textarea(attrs={"rows": 3})),
            ):
                field_name = f"role_{kind.key}_{part}"
                max_length = NetworkRole._meta.get_field(part).max_length
                self.fields[field_name] = forms.CharField(
                    label=label % {"role": kind.name}, required=False, max_length=max_length, widget=widget
                )
                if role is not None:
                    self.initial.setdefault(field_name, getattr(role, part))
                elif part in ("name", "name_en"):
                    self.initial.setdefault(field_name, getattr(kind, part))
        self.fields["role_platform_text"].help_text = _("Leave a role's text empty to leave the role off the page.")

    def roles(self) -> dict[str, dict[str, str]]:
        """The roles' values by key, for network.identity.save_profile."""
        return {
            kind.key: {
                part: self.cleaned_data[f"role_{kind.key}_{part}"] for part in ("name", "name_en", "text", "text_en")
            }
            for kind in ROLES
        }


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "name_en"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        same = Theme.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("There is already a theme with this name."))
        return name


class ThemeMergeForm(forms.Form):
    stays = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Theme.objects.none(),
        help_text=_("The records of this theme move to the theme you choose; this theme is then removed."),
    )

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        stays = self.fields["stays"]
        assert isinstance(stays, forms.ModelChoiceField)
        stays.queryset = Theme.objects.offered().exclude(pk=theme.pk)

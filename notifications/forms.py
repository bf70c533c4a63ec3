from django import forms

from notifications.models import Kind, Preferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = [*Kind.values, "weekly_digest"]
        widgets = dict.fromkeys(Kind.values, forms.RadioSelect)

from django import forms

from notifications.models import Preferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = ["help_offered", "published", "sent_back", "waiting", "weekly_digest"]
        widgets = {
            "help_offered": forms.RadioSelect,
            "published": forms.RadioSelect,
            "sent_back": forms.RadioSelect,
            "waiting": forms.RadioSelect,
        }

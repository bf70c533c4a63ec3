from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from impact.models import ActivityFigures, Composition, ImpactModel, MediaReach, SurveyResult


class HeadCountForm(forms.ModelForm):
    class Meta:
        model = ActivityFigures
        fields = ["participants", "first_timers", "involved_organisations", "source"]
        widgets = {"involved_organisations": forms.SelectMultiple(attrs={"size": 8})}

    def clean(self):
        cleaned = super().clean()
        participants, first_timers = cleaned.get("participants"), cleaned.get("first_timers")
        if participants is not None and first_timers is not None and first_timers > participants:
            self.add_error("first_timers", _("There cannot be more first-time participants than participants."))
        return cleaned


CompositionFormSet = inlineformset_factory(
    ActivityFigures, Composition, fields=["group", "share_percent", "base"], extra=1, can_delete=True
)
MediaFormSet = inlineformset_factory(
    ActivityFigures, MediaReach, fields=["kind", "count", "reach", "unit", "source"], extra=1, can_delete=True
)
SurveyFormSet = inlineformset_factory(
    ActivityFigures, SurveyResult, fields=["question", "share_percent", "respondents"], extra=1, can_delete=True
)


class InputsForm(forms.ModelForm):
    class Meta:
        model = ImpactModel
        fields = ["name", "inputs_people", "inputs_means", "inputs_identity"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("inputs_people", "inputs_means",
                                                                         "inputs_identity")}

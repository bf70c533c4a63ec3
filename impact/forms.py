from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import WrittenDecimalField, WrittenIntegerField
from core.widgets import Chooser
from impact.figures import head_count_problems
from impact.models import ActivityFigures, Composition, ImpactModel, MediaReach, SurveyResult


class HeadCountForm(forms.ModelForm):
    class Meta:
        model = ActivityFigures
        fields = ["participants", "first_timers", "involved_organisations", "source"]
        widgets = {"involved_organisations": Chooser}
        field_classes = {"participants": WrittenIntegerField, "first_timers": WrittenIntegerField}

    def clean(self):
        cleaned = super().clean()
        for problem in head_count_problems(cleaned.get("participants"), cleaned.get("first_timers")):
            self.add_error("first_timers", problem)
        return cleaned


CompositionFormSet: type[BaseInlineFormSet] = inlineformset_factory(
    ActivityFigures,
    Composition,
    fields=["group", "share_percent", "base"],
    field_classes={"share_percent": WrittenDecimalField, "base": WrittenIntegerField},
    extra=1,
    can_delete=True,
)


class MediaForm(forms.ModelForm):
    class Meta:
        model = MediaReach
        fields = ["kind", "count", "reach", "unit", "source"]
        field_classes = {"count": WrittenIntegerField, "reach": WrittenIntegerField}
        labels = {"count": _("Number of publications")}  # the model's "number of items" reads as English in Dutch


MediaFormSet: type[BaseInlineFormSet] = inlineformset_factory(
    ActivityFigures, MediaReach, form=MediaForm, extra=1, can_delete=True
)
SurveyFormSet: type[BaseInlineFormSet] = inlineformset_factory(
    ActivityFigures,
    SurveyResult,
    fields=["question", "share_percent", "respondents"],
    field_classes={"share_percent": WrittenDecimalField, "respondents": WrittenIntegerField},
    extra=1,
    can_delete=True,
)


class InputsForm(forms.ModelForm):
    class Meta:
        model = ImpactModel
        fields = ["name", "inputs_people", "inputs_means", "inputs_identity"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in ("inputs_people", "inputs_means", "inputs_identity")
        }

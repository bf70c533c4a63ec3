from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OnceForm
from core.models import Sector
from network.models import Line, lines_to_offer
from network.theme_fields import ThemesField
from questions.models import Question, Response


class QuestionForm(OnceForm, forms.ModelForm):
    themes = ThemesField(help_text=_("Themes find people and projects that work on them."))
    sector_codes = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sectors your question is about, if any."),
    )
    line = forms.ModelChoiceField(
        label=_("Line (optional)"),
        queryset=Line.objects.all(),
        required=False,
        help_text=_("A line whose holders and meetings could help."),
    )

    class Meta:
        model = Question
        fields = ["title", "looking_for", "themes", "line", "suggest_own_organisation", "visibility"]
        widgets = {"looking_for": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines_to_offer(self.instance.line_id)
        if self.instance.pk and not self.is_bound:
            self.initial["sector_codes"] = self.instance.sector_codes()
        self.order_fields(
            ["title", "looking_for", "themes", "sector_codes", "line", "suggest_own_organisation", "visibility"]
        )


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"message": _("Say how you could help and how the asker can reach you.")}

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from programmes.models import Programme
from reports.models import EvaluationSource, ReportSettings, ReportText, TextKey
from stories.book import counted_stories
from stories.patterns import ring_words

TEXT_HELP = {
    TextKey.SUMMARY: _("Both reports. A few paragraphs; separate paragraphs with a blank line."),
    TextKey.STARTING_POINTS: _("Evaluation report, introduction."),
    TextKey.PURPOSE: _("Evaluation report, introduction."),
    TextKey.RING1: _("Impact report: what the first ring shows, in your own synthesis."),
    TextKey.RING2: _("Impact report: what the second ring shows."),
    TextKey.RING3: _("Impact report: what the third ring shows."),
    TextKey.METHOD: _("Evaluation report, appendix on the method."),
}


class ReportTextsForm(forms.Form):
    """One text area per report text; the foreword and introduction are edited with the programme itself."""

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = dict(ReportText.objects.filter(programme=programme).values_list("key", "text"))
        # What sets each ring's stories apart (stories.patterns), as a start for the editor's own synthesis.
        telling = ring_words(counted_stories(programme))
        rings = {TextKey.RING1: 1, TextKey.RING2: 2, TextKey.RING3: 3}
        for key, label in TextKey.choices:
            help_text = str(TEXT_HELP[TextKey(key)])
            words = telling.get(rings.get(TextKey(key), 0), [])
            if words:
                help_text += " " + gettext("The stories of this ring stand out with: %(words)s.") % {
                    "words": ", ".join(words)
                }
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=20000,
                help_text=help_text,
                initial=current.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        field = ReportSettings._meta.get_field("segregation_section")
        self.fields["segregation_section"] = forms.BooleanField(
            label=field.verbose_name,
            help_text=field.help_text,
            required=False,
            initial=ReportSettings.objects.filter(programme=programme, segregation_section=True).exists(),
        )


class EvaluationSourceForm(forms.ModelForm):
    class Meta:
        model = EvaluationSource
        fields = ["kind", "title", "held_on", "invited", "responded", "description"]
        widgets = {"held_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data  # Form.clean returns cleaned_data; the stubs allow None
        invited, responded = cleaned.get("invited"), cleaned.get("responded")
        if invited is not None and responded is not None and responded > invited:
            self.add_error("responded", _("More people took part than were invited; check both numbers."))
        return cleaned

"""The forms that keep the lines of work: the line itself and its open questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OnceForm
from core.widgets import Chooser
from network.models import Line, LineQuestion, Person
from network.theme_fields import ThemesField


class LineForm(OnceForm, forms.ModelForm):
    holders = forms.ModelMultipleChoiceField(
        label=_("Holders"),
        queryset=Person.objects.select_related("organisation").order_by("name"),
        required=False,
        widget=Chooser,
        help_text=_("People from the directory who keep this line."),
    )
    themes = ThemesField()

    class Meta:
        model = Line
        fields = ["kind", "name", "purpose"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holders"].label_from_instance = lambda person: f"{person.name} ({person.organisation.name})"
        if self.instance.pk and not self.is_bound:
            self.initial.update(holders=list(self.instance.holders.all()), themes=list(self.instance.themes.all()))


class LineQuestionForm(OnceForm, forms.ModelForm):
    class Meta:
        model = LineQuestion
        fields = ["text", "state"]
        labels = {"text": _("Where do you need thinking power? (Waar heb jij denkkracht op nodig?)")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "state": forms.RadioSelect}

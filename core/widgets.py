"""Form widgets for people: a chooser for long lists and numbers written the page's way."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format


def written(value: int | Decimal) -> str:
    """A number as people write it on this page: 226, 17.000 and 1.234,5 in Dutch (not 226.00 or 17000.00)."""
    if isinstance(value, Decimal) and value.is_finite():
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, use_l10n=True, force_grouping=True)


class WrittenNumberInput(forms.TextInput):
    """A text box, not type=number: that one shows and takes only 17000.00, and a phone offers digits anyway
    through inputmode. What the user typed comes back as typed; a saved number in the page's notation."""

    def __init__(self, attrs: dict | None = None, *, whole: bool = False) -> None:
        super().__init__({"inputmode": "numeric" if whole else "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return written(value)
        return super().format_value(value)


class Chooser(forms.CheckboxSelectMultiple):
    """Several choices from a list, as checkboxes. A list longer than FILTER_FROM options scrolls in its own box,
    lists the chosen ones first and names them above the box ("Gekozen: …", so they show after saving and when the
    form comes back with an error), and gets a search field that hides the options that do not match
    (rimpel/forms.js; without JavaScript the search field stays hidden and the whole list is there)."""

    template_name = "core/widgets/chooser.html"
    FILTER_FROM = 12

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [option for _group, group, _index in context["widget"]["optgroups"] for option in group]
        chosen = [option for option in options if option["selected"]]
        context["widget"].update(
            options=chosen + [option for option in options if not option["selected"]],
            chosen=[option["label"] for option in chosen],
            long=len(options) > self.FILTER_FROM,
        )
        return context


class Suggestions(forms.TextInput):
    """A text box that suggests values (a <datalist>) and takes any other: "Montessori", "Dalton", or one of its own."""

    template_name = "core/widgets/suggestions.html"

    def __init__(self, suggestions: tuple[str, ...], attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.suggestions = suggestions

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}_suggestions"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"].update(list_id=list_id, suggestions=self.suggestions)
        return context


class Select(forms.Select):
    """Django's select with the same markup, each option written in place: Django's own template includes two
    templates per option, a third of the cost of a city list's filters each time they are drawn anew. Its options
    have no attributes but `selected` (a select's options do not inherit the widget's)."""

    template_name = "core/widgets/select.html"

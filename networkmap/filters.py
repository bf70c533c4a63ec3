from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Sector
from core.permissions import visible
from network.models import Theme
from networkmap.shapes import Filters, TieKind
from programmes.models import Programme


class MapFilterForm(forms.Form):
    """The network map's filters (GET). A value that does not fit is ignored and named, not an error page."""

    thema = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.offered(), to_field_name="slug", required=False
    )
    jaar = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    programma = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        to_field_name="slug",
        required=False,
        help_text=_("Only the programme's activities and their organisers."),
    )
    sector = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    soort = forms.MultipleChoiceField(
        label=_("Kind of tie"), choices=TieKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, data, *, user, years):
        super().__init__(data)
        self.fields["jaar"].choices = [("", "---------"), *((year, year) for year in years)]
        self.fields["programma"].queryset = visible(Programme.objects.all(), user, "organisations")

    def filters(self) -> Filters:
        self.is_valid()
        data = self.cleaned_data  # holds only the fields that were valid
        theme, programme = data.get("thema"), data.get("programma")
        sectors, kinds = data.get("sector") or [], data.get("soort") or []
        return Filters(
            theme=theme.slug if theme else "",
            year=data.get("jaar"),
            # All of them is the same as none chosen: one cache entry for both.
            sectors=tuple(sorted(sectors)) if len(set(sectors)) < len(Sector.values) else (),
            kinds=tuple(sorted(kinds)) if len(set(kinds)) < len(TieKind.values) else (),
            programme=programme.slug if programme else "",
        )

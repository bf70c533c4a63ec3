import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.models import Sector
from core.parsing import YearField
from core.text import content_words, dutch_stem
from core.widgets import Select
from impact.models import Dimension
from network.models import Theme
from programmes.models import Programme


class YearFilter(django_filters.Filter):
    field_class = YearField


RINGS = [("1", _("Ring 1")), ("2", _("Ring 2")), ("3", _("Ring 3"))]


class SelectMultiple(forms.SelectMultiple):
    """Django's select of several with core.widgets.Select's markup: each option written in place."""

    template_name = Select.template_name


def word_stem(value: str) -> str:
    words = content_words(value)
    return dutch_stem(words[0]) if words else ""


class StoryFilter(django_filters.FilterSet):
    """The story book's filters; the pattern page links into them with the same parameters."""

    ring = django_filters.ChoiceFilter(label=_("Ring"), choices=RINGS, method="filter_ring", widget=Select)
    dimensie = django_filters.ModelMultipleChoiceFilter(
        label=_("Dimension"),
        field_name="parts__dimension",
        queryset=Dimension.objects.select_related("ring"),
        conjoined=True,
        widget=SelectMultiple(attrs={"size": 4}),
    )
    woord = django_filters.CharFilter(label=_("Word"), method="filter_word")
    ambitie = django_filters.CharFilter(label=_("Ambition (code)"), field_name="line__code", widget=forms.HiddenInput)
    activiteit = django_filters.ModelChoiceFilter(
        label=_("Activity"),
        field_name="activity",
        to_field_name="slug",
        queryset=Activity.objects.all(),
        widget=forms.HiddenInput,
    )
    rol = django_filters.CharFilter(label=_("Role"), field_name="respondent_role", lookup_expr="icontains")
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, widget=Select)
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.offered(), to_field_name="slug", widget=Select
    )
    jaar = YearFilter(label=_("Year"), method="filter_year")
    gekozen = django_filters.BooleanFilter(
        label=_("Selected by a panel"), method="filter_selected", widget=forms.CheckboxInput
    )
    onderbouwd = django_filters.BooleanFilter(
        label=_("With a substantiated claim"), method="filter_substantiated", widget=forms.CheckboxInput
    )

    def shown_ring(self) -> int | None:
        """The ring whose parts the page shows, or None for all three."""
        return int(self.form.cleaned_data["ring"]) if self.is_valid() and self.form.cleaned_data.get("ring") else None

    def filter_ring(self, queryset, name, value):
        # The ring narrows the word filter and which parts are shown; on its own it keeps every story with that ring.
        return queryset.filter(parts__ring=int(value))

    def filter_word(self, queryset, name, value):
        stem = word_stem(value)
        if not stem:
            return queryset
        match = Q(parts__stems__contains=f" {stem} ")
        ring = self.shown_ring()
        if ring:
            match &= Q(parts__ring=ring)
        return queryset.filter(match)

    def filter_year(self, queryset, name, value):
        return queryset.filter(Q(activity__start__year=value) | Q(activity__isnull=True, collected_on__year=value))

    def filter_selected(self, queryset, name, value):
        return queryset.filter(selections__isnull=False) if value else queryset

    def filter_substantiated(self, queryset, name, value):
        return queryset.filter(parts__substantiations__isnull=False) if value else queryset

    # The filters that follow a relation to many rows (parts, themes, selections) and so can repeat a story.
    MULTI_VALUED = ("ring", "dimensie", "woord", "thema", "gekozen", "onderbouwd")

    def filter_queryset(self, queryset):
        filtered = super().filter_queryset(queryset)
        # DISTINCT only when a filter could repeat a story: over the whole book it made the database sort and
        # compare every story's full row (seconds at city scale).
        if any(self.form.cleaned_data.get(name) for name in self.MULTI_VALUED):
            return filtered.distinct()
        return filtered


class NetworkStoryFilter(StoryFilter):
    """The network-wide story book can also narrow to one programme."""

    programma = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="programme",
        queryset=Programme.objects.all(),
        to_field_name="slug",
        widget=Select,
    )

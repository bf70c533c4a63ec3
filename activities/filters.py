import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind, SchoolType
from core.models import CodeList, Language, Sector
from core.widgets import Select
from network.filters import OrganisationChoiceFilter
from network.models import Line, Organisation, Theme


class ActivityFilter(django_filters.FilterSet):
    """Filters shared by the calendar page and the .ics feed, so both show the same activities."""

    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.offered(), to_field_name="slug", widget=Select
    )
    sector = django_filters.ChoiceFilter(
        label=_("Target sector"), field_name="target_sectors__sector", choices=Sector.choices, widget=Select
    )
    lijn = django_filters.ModelChoiceFilter(
        label=_("Line"), field_name="lines", queryset=Line.objects.all(), to_field_name="slug", widget=Select
    )
    organisator = OrganisationChoiceFilter(
        label=_("Organiser"), field_name="organisers", queryset=Organisation.objects.all()
    )
    soort = django_filters.ChoiceFilter(label=_("Kind"), field_name="kind", choices=ActivityKind.choices, widget=Select)
    open = django_filters.BooleanFilter(
        label=_("Open for partners only"),
        field_name="open_for_partners",
        method="filter_open",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_open(self, queryset, name, value):
        return queryset.filter(open_for_partners=True) if value else queryset

    def filter_queryset(self, queryset):
        # Joins over to-many fields can repeat a row; keep each activity once. Without a join no row repeats, and
        # DISTINCT would only slow the unfiltered month's and list's queries at city scale.
        filtered = super().filter_queryset(queryset)
        return filtered.distinct() if len(filtered.query.alias_map) > 1 else filtered


class OpenDayFilter(django_filters.FilterSet):
    """/open-dagen/: by school type, neighbourhood and the languages spoken at the door."""

    schooltype = django_filters.ChoiceFilter(
        label=_("School type"), field_name="school_type", choices=SchoolType.choices, widget=Select
    )
    wijk = django_filters.ChoiceFilter(label=_("Neighbourhood"), field_name="neighbourhood", choices=[], widget=Select)
    taal = django_filters.ChoiceFilter(
        label=_("Help in this language"), choices=Language.choices, method="filter_language", widget=Select
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        neighbourhoods = (
            self.queryset.exclude(neighbourhood="")
            .order_by("neighbourhood")
            .values_list("neighbourhood", flat=True)
            .distinct()
        )
        self.filters["wijk"].extra["choices"] = [(name, name) for name in neighbourhoods]

    def filter_language(self, queryset, name, value):
        return queryset.filter(CodeList.contains("languages", value))

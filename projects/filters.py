import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.widgets import Select
from network.filters import OrganisationChoiceFilter
from network.models import Organisation, Theme
from projects.models import Project, ProjectStatus


class ProjectFilter(django_filters.FilterSet):
    organisatie = OrganisationChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), method="filter_organisation"
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.offered(), to_field_name="slug", widget=Select
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices, widget=Select)

    class Meta:
        model = Project
        fields: list[str] = []

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(Q(leads=value) | Q(partners=value))

    def filter_queryset(self, queryset):
        # A join over a to-many field (leads, partners, themes) can repeat a row: keep each project once. Without a
        # join no row repeats, and DISTINCT would only slow the unfiltered list's count and page at city scale.
        filtered = super().filter_queryset(queryset)
        return filtered.distinct() if len(filtered.query.alias_map) > 1 else filtered

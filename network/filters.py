import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.models import Sector
from network.models import Organisation, Theme


class OrganisationFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all(), to_field_name="slug"
    )
    sorteer = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "naam"), ("sector", "sector"), ("activity_count", "activiteiten")),
        field_labels={
            "naam": _("Name (A–Z)"),
            "-naam": _("Name (Z–A)"),
            "sector": _("Sector"),
            "-sector": _("Sector (reversed)"),
            "activiteiten": _("Fewest activities"),
            "-activiteiten": _("Most activities"),
        },
        empty_label=None,
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_queryset(self, queryset):
        queryset = queryset.annotate(
            activity_count=Count("activities", filter=Q(activities__publication_status="published"), distinct=True)
        )
        filtered = super().filter_queryset(queryset).distinct()
        # The chosen sort with the name as tie-breaker, so pages are stable; by name when the
        # sort is missing or was ignored as invalid (the count annotation drops Meta.ordering).
        sort = list(filtered.query.order_by)
        if not any(str(field).lstrip("-") == "name" for field in sort):
            sort.append("name")
        return filtered.order_by(*sort)

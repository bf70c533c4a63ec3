import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentKind
from network.models import Line, Theme

ORDERS = [("nieuw", _("Newest first")), ("oud", _("Oldest first")), ("titel", _("Title A–Z"))]


def _years(queryset):
    return [
        (year, str(year))
        for year in queryset.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
    ]


class DocumentFilter(django_filters.FilterSet):
    zoek = django_filters.CharFilter(label=_("Title or description contains"), method="filter_text")
    soort = django_filters.ChoiceFilter(label=_("Kind"), field_name="kind", choices=DocumentKind.choices)
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all(), to_field_name="slug"
    )
    lijn = django_filters.ModelChoiceFilter(
        label=_("Line"), field_name="lines", queryset=Line.objects.all(), to_field_name="slug"
    )
    jaar = django_filters.TypedChoiceFilter(label=_("Year"), field_name="year", coerce=int)
    volgorde = django_filters.ChoiceFilter(label=_("Order"), choices=ORDERS, method="order", empty_label=None)

    class Meta:
        model = Document
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the years that occur among the documents one may see.
        self.filters["jaar"].extra["choices"] = _years(self.queryset)

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def order(self, queryset, name, value):
        orders = {"oud": ["year", "created_at", "pk"], "titel": ["title", "pk"]}
        return queryset.order_by(*orders.get(value, ["-year", "-created_at", "-pk"]))

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()

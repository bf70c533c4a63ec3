import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import CodeList, Language
from core.widgets import Select
from network.filters import OrganisationChoiceFilter
from network.models import Organisation, Theme
from offerings.models import Audience, Offering, OfferingKind

GROUPS = [("1-2", _("group 1–2")), ("3-4", _("group 3–4")), ("5-6", _("group 5–6")), ("7-8", _("group 7–8"))]
ORDERS = [("titel", _("Title")), ("nieuw", _("Newest first")), ("aanbieder", _("Provider"))]


class OfferingFilter(django_filters.FilterSet):
    """Filters that combine: “po, groep 7–8, duurzaamheid, free”."""

    doelgroep = django_filters.ChoiceFilter(
        label=_("For"), choices=Audience.choices, method="filter_audience", widget=Select
    )
    groep = django_filters.ChoiceFilter(
        label=_("Group (primary school)"), choices=GROUPS, method="filter_group", widget=Select
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.offered(), to_field_name="slug", widget=Select
    )
    soort = django_filters.ChoiceFilter(label=_("Kind"), field_name="kind", choices=OfferingKind.choices, widget=Select)
    gratis = django_filters.BooleanFilter(label=_("Free only"), method="filter_free", widget=forms.CheckboxInput)
    op_school = django_filters.BooleanFilter(
        label=_("Can come to your school"), method="filter_at_school", widget=forms.CheckboxInput
    )
    taal = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, method="filter_language", widget=Select
    )
    aanbieder = OrganisationChoiceFilter(
        label=_("Provider"), field_name="provider", queryset=Organisation.objects.none()
    )
    volgorde = django_filters.ChoiceFilter(
        label=_("Order"), choices=ORDERS, method="order", empty_label=None, widget=Select
    )

    class Meta:
        model = Offering
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only providers of offerings this visitor can see (no draft's provider in the public list).
        self.filters["aanbieder"].queryset = Organisation.objects.filter(
            pk__in=self.queryset.values("provider")
        ).order_by("name")

    def filter_audience(self, queryset, name, value):
        return queryset.filter(CodeList.contains("audiences", value))

    def filter_group(self, queryset, name, value):
        low, high = (int(part) for part in value.split("-"))
        # An offering for primary schools without groups suits every group.
        fits = Q(grade_from__lte=high, grade_to__gte=low) | Q(
            CodeList.contains("audiences", Audience.PO), grade_from__isnull=True
        )
        return queryset.filter(fits)

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset

    def filter_at_school(self, queryset, name, value):
        return queryset.filter(at_school=True) if value else queryset

    def filter_language(self, queryset, name, value):
        return queryset.filter(CodeList.contains("languages", value))

    def order(self, queryset, name, value):
        return queryset.order_by(
            *{"nieuw": ["-updated_at"], "aanbieder": ["provider__name", "title"]}.get(value, ["title"])
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()

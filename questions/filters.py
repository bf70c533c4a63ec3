import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import CodeList, Sector
from network.models import Line, Theme
from questions.models import Question, QuestionStatus

ORDERS = [("nieuw", _("Newest first")), ("oud", _("Oldest first")), ("reacties", _("Fewest offers of help first"))]


class QuestionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=QuestionStatus.choices, empty_label=_("Open and answered")
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.offered(), to_field_name="slug"
    )
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, method="filter_sector")
    lijn = django_filters.ModelChoiceFilter(
        label=_("Line"), field_name="line", queryset=Line.objects.all(), to_field_name="slug"
    )
    mijn = django_filters.BooleanFilter(label=_("Only my questions"), method="filter_mine", widget=forms.CheckboxInput)
    volgorde = django_filters.ChoiceFilter(label=_("Order"), choices=ORDERS, method="order", empty_label=None)

    class Meta:
        model = Question
        fields: list[str] = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.is_authenticated:
            del self.filters["mijn"]

    def filter_sector(self, queryset, name, value):
        return queryset.filter(CodeList.contains("sectors", value))

    def filter_mine(self, queryset, name, value):
        return queryset.filter(asker=self.user) if value else queryset

    def order(self, queryset, name, value):
        return queryset.order_by(
            *{"oud": ["created_at", "pk"], "reacties": ["response_count", "-created_at"]}.get(
                value, ["-created_at", "-pk"]
            )
        )

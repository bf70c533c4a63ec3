import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.models import Sector
from core.text import close_match, normalise_key
from core.widgets import Select
from network.models import Organisation, OrganisationRole, Theme
from network.services import AmbiguousOrganisation, resolve_organisation

# Up to this many organisations a filter offers them in a list; a larger network gets a text field instead, since
# a list of a thousand names is unusable and makes every page that holds it heavy.
ORGANISATION_LIST_LIMIT = 300


class OrganisationField(forms.Field):
    """An organisation among `queryset`: by its slug (as links and the list send it) or by its name or an
    abbreviation, as typed into the text field."""

    default_error_messages = {
        "unknown": _("No organisation here is called “%(value)s”."),
        "unknown_near": _("No organisation here is called “%(value)s”. Did you mean %(name)s?"),
        "ambiguous": _("“%(value)s” fits more than one organisation; type its full name."),
    }

    def __init__(self, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(**kwargs)

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        found = self.queryset.filter(slug=text).first()
        if found is None:
            try:
                found = resolve_organisation(text)
            except AmbiguousOrganisation:
                raise ValidationError(
                    self.error_messages["ambiguous"], code="ambiguous", params={"value": text}
                ) from None
            if found is not None and not self.queryset.filter(pk=found.pk).exists():
                found = None
        if found is None:
            names = dict(self.queryset.values_list("name_key", "name"))
            near = close_match(normalise_key(text), names)
            if near:
                raise ValidationError(
                    self.error_messages["unknown_near"], code="unknown", params={"value": text, "name": names[near]}
                )
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        return found


class OrganisationChoiceFilter(django_filters.Filter):
    """Filter by one organisation, offered as a list in a small network and as a text field in a large one."""

    def __init__(self, *args, queryset=None, **kwargs):
        self.queryset = queryset
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            queryset = self.queryset.order_by("name")
            if queryset.count() > ORGANISATION_LIST_LIMIT:
                widget = forms.TextInput(attrs={"autocomplete": "off"})
                help_text = _("Type a name or an abbreviation.")
            else:
                widget = Select(choices=[("", "---------"), *queryset.values_list("slug", "name")])
                help_text = ""
            self._field = OrganisationField(
                queryset, label=self.label, required=False, widget=widget, help_text=help_text
            )
        return self._field


class OrganisationFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.offered(), to_field_name="slug"
    )
    plaats = django_filters.CharFilter(label=_("Place"), field_name="place", lookup_expr="iexact")
    sorteer = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "naam"), ("sector", "sector"), ("activity_count", "activiteiten")),
        # django-filter labels the ascending choice by the model field, the descending one by "-" + parameter.
        field_labels={
            "name": _("Name (A–Z)"),
            "-naam": _("Name (Z–A)"),
            "sector": _("Sector"),
            "-sector": _("Sector (reversed)"),
            "activity_count": _("Fewest activities"),
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


class AccountFilter(django_filters.FilterSet):
    """The coordinator's list of logins: search by name or address, filter by organisation, role and status."""

    zoek = django_filters.CharFilter(label=_("Name or e-mail address"), method="search")
    organisatie = OrganisationChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), method="in_organisation"
    )
    rol = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=[*OrganisationRole.choices, ("coordinator", _("coordinator")), ("geen", _("no role"))],
        method="with_role",
    )
    actief = django_filters.ChoiceFilter(
        label=_("Status"), choices=[("ja", _("active")), ("nee", _("deactivated"))], method="by_status"
    )
    sorteer = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("last_name", "naam"), ("email", "adres"), ("last_login", "ingelogd")),
        field_labels={
            "last_name": _("Name (A–Z)"),
            "-naam": _("Name (Z–A)"),
            "email": _("E-mail address (A–Z)"),
            "-adres": _("E-mail address (Z–A)"),
            "last_login": _("Longest ago logged in"),
            "-ingelogd": _("Last logged in"),
        },
        empty_label=None,
    )

    class Meta:
        model = User
        fields: list[str] = []

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(username__icontains=word)
            )
        return queryset

    def in_organisation(self, queryset, name, value):
        return queryset.filter(Q(editable_organisations=value) | Q(member_organisations=value))

    def with_role(self, queryset, name, value):
        if value == OrganisationRole.EDITOR:
            return queryset.filter(editable_organisations__isnull=False)
        if value == OrganisationRole.MEMBER:
            return queryset.filter(member_organisations__isnull=False)
        if value == "coordinator":
            return queryset.filter(Q(is_coordinator=True) | Q(is_superuser=True))
        return queryset.filter(
            editable_organisations__isnull=True, member_organisations__isnull=True, is_coordinator=False
        )

    def by_status(self, queryset, name, value):
        return queryset.filter(is_active=value == "ja")

    def filter_queryset(self, queryset):
        filtered = super().filter_queryset(queryset).distinct()
        # Stable pages: the chosen sort, then name and id.
        return filtered.order_by(*filtered.query.order_by, "last_name", "first_name", "pk")

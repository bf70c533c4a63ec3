"""The school guide's read side: which organisations are the city's schools, the filters, and what each school's
card shows (next open days, offerings, pupils), fetched for a whole page at once."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import django_filters
from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind
from core.dates import start_of_today
from core.models import CodeList, Language, Sector
from core.permissions import visible
from network.models import Organisation
from offerings.models import Offering
from schooldata.figures import pupil_histories

SCHOOL_SECTORS = (Sector.PO, Sector.SO, Sector.VO, Sector.MBO)
ORDERS = [("naam", _("Name")), ("wijk", _("Neighbourhood")), ("soort", _("School type"))]
OPEN_DAYS_SHOWN = 3


def city_schools() -> QuerySet[Organisation]:
    """Every school location of the city: organisations with a school sector, in the municipality the settings name
    (SCHOOL_GUIDE_MUNICIPALITY; a school without one counts by its place), or everywhere when none is named. A school
    group whose schools are organisations of their own (parent) is left out: parents look for the schools."""
    schools = Organisation.objects.filter(sector__in=SCHOOL_SECTORS).exclude(
        pk__in=Organisation.objects.filter(sector__in=SCHOOL_SECTORS, parent__isnull=False).values("parent")
    )
    if municipality := settings.SCHOOL_GUIDE_MUNICIPALITY:
        schools = schools.filter(Q(municipality__iexact=municipality) | Q(municipality="", place__iexact=municipality))
    return schools


def upcoming_open_days(user) -> QuerySet[Activity]:
    open_days = Activity.objects.filter(kind=ActivityKind.OPEN_DAY, end__gte=start_of_today())
    return visible(open_days, user, "organisers").order_by("start", "title")


def _distinct_values(schools: QuerySet[Organisation], name: str) -> list[tuple[str, str]]:
    values = schools.exclude(**{name: ""}).order_by(Lower(name)).values_list(name, flat=True).distinct()
    return [(value, value) for value in dict.fromkeys(values)]


class SchoolFilter(django_filters.FilterSet):
    """/scholen/: by school type, neighbourhood, denomination and the languages spoken at a coming open day."""

    soort = django_filters.ChoiceFilter(
        label=_("School type"), field_name="sector", choices=[(s.value, s.label) for s in SCHOOL_SECTORS]
    )
    wijk = django_filters.ChoiceFilter(label=_("Neighbourhood"), choices=[], method="filter_wijk")
    richting = django_filters.ChoiceFilter(label=_("Denomination"), field_name="denomination", choices=[])
    taal = django_filters.ChoiceFilter(
        label=_("Help in this language at an open day"), choices=Language.choices, method="filter_language"
    )
    volgorde = django_filters.ChoiceFilter(label=_("Order"), choices=ORDERS, method="order", empty_label=None)

    class Meta:
        model = Organisation
        fields: list[str] = []

    def __init__(self, *args, open_days: QuerySet[Activity], map_wijken: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.open_days = open_days
        # The wijken of the schools, and those of the map (whose links may lead to a wijk without a school).
        wijken = dict(_distinct_values(self.queryset, "wijk"))
        known = {name.lower() for name in wijken}
        wijken.update((name, name) for name in map_wijken if name.lower() not in known)
        self.filters["wijk"].extra["choices"] = sorted(wijken.items(), key=lambda item: item[0].lower())
        self.filters["richting"].extra["choices"] = _distinct_values(self.queryset, "denomination")

    def filter_wijk(self, queryset, name, value):
        return queryset.filter(wijk__iexact=value)

    def filter_language(self, queryset, name, value):
        speaking = self.open_days.filter(CodeList.contains("languages", value))
        return queryset.filter(pk__in=speaking.values("organisers"))

    def order(self, queryset, name, value):
        orders = {"wijk": [Lower("wijk"), Lower("name")], "soort": ["sector", Lower("name")]}
        return queryset.order_by(*orders.get(value, [Lower("name"), "place"]))

    def filter_queryset(self, queryset):
        # By name unless another order is chosen (which `order` then puts in place).
        return super().filter_queryset(queryset.order_by(Lower("name"), "place"))


@dataclass
class SchoolCard:
    """What the guide shows of one school besides its own fields."""

    school: Organisation
    open_days: list[Activity] = field(default_factory=list)
    offerings: list[Offering] = field(default_factory=list)
    pupils: list[tuple[str, int]] = field(default_factory=list)  # (school year, pupils), oldest first

    @property
    def latest_pupils(self) -> tuple[str, int] | None:
        return self.pupils[-1] if self.pupils else None


def school_cards(schools: list[Organisation], user, *, open_days_per_school: int = OPEN_DAYS_SHOWN) -> list[SchoolCard]:
    """The cards for a page of schools: one query each for their open days, their offerings and their pupils."""
    cards = {school.pk: SchoolCard(school) for school in schools}
    links = Activity.organisers.through.objects.filter(
        organisation_id__in=cards, activity__in=upcoming_open_days(user)
    ).select_related("activity")
    per_school: dict[int, list[Activity]] = defaultdict(list)
    for link in links:
        per_school[link.organisation_id].append(link.activity)
    offerings = visible(Offering.objects.current(timezone.localdate()), user, "provider")
    for offering in offerings.filter(provider_id__in=cards).order_by("title"):
        cards[offering.provider_id].offerings.append(offering)
    pupils = pupil_histories(cards)
    for pk, card in cards.items():
        card.open_days = sorted(per_school[pk], key=lambda activity: (activity.start, activity.title))[
            :open_days_per_school
        ]
        card.pupils = pupils.get(pk, [])
    return list(cards.values())


def wijk_counts(schools: QuerySet[Organisation]) -> dict[str, int]:
    """Schools per wijk, by the wijk's name in lower case."""
    counts: dict[str, int] = defaultdict(int)
    for wijk in schools.exclude(wijk="").values_list("wijk", flat=True):
        counts[wijk.strip().lower()] += 1
    return counts

"""Offerings in a spreadsheet, saved through offerings.services.save_offering."""

from collections.abc import Iterable
from typing import cast

from django.utils.translation import gettext_lazy as _

from core.models import CodeList, Language
from core.text import normalise_key
from exchange import cells
from exchange.import_kinds.common import (
    DESCRIPTION_HEADERS,
    STATUS,
    THEMES,
    Row,
    choice,
    choices,
    organisation,
    published_status,
    text,
)
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled
from offerings.models import Audience, Offering, OfferingKind
from offerings.services import save_offering

OFFERING_KINDS = cells.labels_of(
    OfferingKind.choices,
    {
        "gastles": "guest_lesson",
        "excursie": "excursion",
        "lesmateriaal": "material",
        "programma": "programme",
        "professionalisering": "professional",
        "scholing": "professional",
        "anders": "other",
    },
)
AUDIENCES = cells.labels_of(
    Audience.choices,
    {
        "basisonderwijs": "po",
        "basisschool": "po",
        "voortgezet onderwijs": "vo",
        "leraren": "professionals",
        "leerkrachten": "professionals",
        "docenten": "professionals",
        "professionals": "professionals",
    },
)
LANGUAGES = cells.labels_of(
    Language.choices,
    {"nederlands": "nl", "engels": "en", "arabisch": "ar", "turks": "tr", "pools": "pl", "oekraiens": "uk"},
)


def _offerings_existing(lookups: Lookups) -> dict:
    themes_of: dict[int, set[int]] = {}
    for offering_id, theme_id in Offering.themes.through.objects.values_list("offering_id", "theme_id"):
        themes_of.setdefault(offering_id, set()).add(theme_id)
    index = {}
    for row in cast(
        Iterable[Row],
        Offering.objects.values(
            "pk",
            "provider_id",
            "title",
            "kind",
            "description",
            "audiences",
            "grade_from",
            "grade_to",
            "is_free",
            "price",
            "duration",
            "place",
            "at_school",
            "languages",
            "contact",
            "booking",
            "expires_on",
            "publication_status",
        ),
    ):
        row.update(
            provider=row.pop("provider_id"),
            status=row.pop("publication_status"),
            audiences=set(CodeList.unpack(row["audiences"])),
            languages=set(CodeList.unpack(row["languages"])),
            themes=themes_of.get(row["pk"], set()),
        )
        index[(row["provider"], normalise_key(row["title"]))] = row
    return index


def _offering_check(values: dict, current: dict | None) -> list:
    low, high = filled(values, current, "grade_from"), filled(values, current, "grade_to")
    if low and high and high < low:
        return [("grade_to", _("The last group comes before the first."))]
    return []


def _offering_save(values: dict, current: dict | None, lookups: Lookups) -> Offering:
    record = Offering.objects.get(pk=current["pk"]) if current else Offering(provider=values["provider"])
    for name in ("title", "kind", "description", "duration", "place", "contact", "booking"):
        setattr(record, name, filled(values, current, name, ""))
    for name in ("grade_from", "grade_to", "price", "expires_on"):
        setattr(record, name, filled(values, current, name))
    for name in ("is_free", "at_school"):
        setattr(record, name, bool(filled(values, current, name, False)))
    record.audiences = CodeList.pack(filled(values, current, "audiences", []))
    record.languages = CodeList.pack(filled(values, current, "languages", []))
    record.publication_status = published_status(values, current)
    return save_offering(record, themes=filled(values, current, "themes", []), keep_published=True)


def _grade(cell: str, lookups: Lookups) -> int | None:
    return cells.integer(cell, 1, 8)


OFFERINGS = Kind(
    name="offerings",
    label=_("offerings"),
    fields=(
        Field("title", _("title"), ("titel", "naam", "aanbod", "title", "name"), text(200), required=True),
        Field(
            "provider",
            _("provider"),
            ("aanbieder", "organisatie", "provider", "organisation"),
            organisation,
            required=True,
        ),
        Field("kind", _("kind"), ("soort", "type", "vorm", "kind"), choice(OFFERING_KINDS), required=True),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(10000), required=True),
        Field(
            "audiences",
            _("for"),
            ("voor", "doelgroep", "doelgroepen", "for", "audience"),
            choices(AUDIENCES),
            required=True,
        ),
        Field("grade_from", _("from group"), ("vanaf groep", "groep van", "from group"), _grade),
        Field("grade_to", _("to group"), ("tot en met groep", "groep tot", "to group"), _grade),
        THEMES,
        Field("is_free", _("free"), ("gratis", "kosteloos", "free"), lambda cell, lookups: cells.yes_no(cell)),
        Field(
            "price",
            _("price (euro)"),
            ("prijs", "kosten", "price", "cost"),
            lambda cell, lookups: cells.amount(cell, max_digits=8),
        ),
        Field("duration", _("duration"), ("duur", "tijdsduur", "duration"), text(100)),
        Field("place", _("place"), ("locatie", "plaats", "place", "location"), text(200)),
        Field(
            "at_school",
            _("can come to your school"),
            ("op school", "op locatie", "at school"),
            lambda cell, lookups: cells.yes_no(cell),
        ),
        Field("languages", _("languages"), ("talen", "taal", "languages", "language"), choices(LANGUAGES)),
        Field("contact", _("contact"), ("contact", "contactpersoon"), text(200)),
        Field("booking", _("how to book"), ("boeken", "aanmelden", "reserveren", "booking"), text(300)),
        Field(
            "expires_on",
            _("offered until"),
            ("tot", "geldig tot", "aangeboden tot", "einddatum", "until"),
            lambda cell, lookups: cells.date(cell),
        ),
        STATUS,
    ),
    key=lambda values: (values["provider"].pk, normalise_key(values["title"])),
    existing=_offerings_existing,
    check=_offering_check,
    save=_offering_save,
    describe=lambda values: f"{values['title']} ({values['provider'].name})",
)

"""Offerings in a spreadsheet, saved through offerings.services.save_offering."""

import re
from collections.abc import Iterable
from typing import cast

from django.utils.translation import gettext_lazy as _

from core.models import CodeList, Language
from core.text import normalise_key
from exchange import cells
from exchange.cells import CellError
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


def _grades(cell: str, lookups: Lookups) -> tuple[int | None, int | None]:
    """Groups as one column writes them: "5-8", "groep 5 t/m 8", "5 tot en met 8", or one group ("7")."""
    value = re.sub(r"(?i)groep(en)?", "", cell).strip()
    parts = [part for part in re.split(r"\s*(?:-|–|t/m|tot en met|tot)\s*", value) if part]
    if len(parts) > 2:
        raise CellError(_("“%(value)s” is not a group or groups like 5-8.") % {"value": cell.strip()})
    low = _grade(parts[0], lookups) if parts else None
    return low, (_grade(parts[1], lookups) if len(parts) == 2 else low)


def _offering_complete(values: dict, lookups: Lookups) -> list:
    """A column of groups ("5-8") fills the first and last group where the row has no columns of their own."""
    low, high = values.pop("grades", None) or (None, None)
    values["grade_from"] = values.get("grade_from") or low
    values["grade_to"] = values.get("grade_to") or high
    return []


OFFERINGS = Kind(
    name="offerings",
    label=_("offerings"),
    fields=(
        Field(
            "title",
            _("title"),
            ("titel", "naam", "aanbod", "title", "name", "naam aanbod", "titel aanbod", "naam activiteit"),
            text(200),
            required=True,
        ),
        Field(
            "provider",
            _("provider"),
            (
                "aanbieder",
                "organisatie",
                "provider",
                "organisation",
                "door",
                "verzorgd door",
                "instelling",
                "aangeboden door",
                "naam organisatie",
            ),
            organisation,
            required=True,
        ),
        Field(
            "kind",
            _("kind"),
            ("soort", "type", "vorm", "kind", "soort aanbod", "type aanbod", "werkvorm"),
            choice(OFFERING_KINDS),
            required=True,
        ),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(10000), required=True),
        Field(
            "audiences",
            _("for"),
            ("voor", "doelgroep", "doelgroepen", "for", "audience", "voor wie", "onderwijstype", "niveau"),
            choices(AUDIENCES),
            required=True,
        ),
        Field("grades", _("groups"), ("groep", "groepen", "leerjaar", "groups", "grades"), _grades),
        Field(
            "grade_from",
            _("from group"),
            ("vanaf groep", "groep van", "from group", "groep vanaf", "van groep"),
            _grade,
        ),
        Field(
            "grade_to",
            _("to group"),
            ("tot en met groep", "groep tot", "to group", "t/m groep", "tot groep", "groep t/m"),
            _grade,
        ),
        THEMES,
        Field("is_free", _("free"), ("gratis", "kosteloos", "free"), lambda cell, lookups: cells.yes_no(cell)),
        Field(
            "price",
            _("price (euro)"),
            ("prijs", "kosten", "price", "cost", "tarief", "prijs per klas", "prijs per leerling", "kosten per klas"),
            lambda cell, lookups: cells.amount(cell, max_digits=8),
        ),
        Field("duration", _("duration"), ("duur", "tijdsduur", "duration", "lengte", "tijdsinvestering"), text(100)),
        Field("place", _("place"), ("locatie", "plaats", "place", "location", "waar", "plek", "adres"), text(200)),
        Field(
            "at_school",
            _("can come to your school"),
            ("op school", "op locatie", "at school", "in de klas", "kan op school"),
            lambda cell, lookups: cells.yes_no(cell),
        ),
        Field("languages", _("languages"), ("talen", "taal", "languages", "language", "voertaal"), choices(LANGUAGES)),
        Field("contact", _("contact"), ("contact", "contactpersoon", "contactgegevens", "vragen"), text(200)),
        Field(
            "booking",
            _("how to book"),
            ("boeken", "aanmelden", "reserveren", "booking", "inschrijven", "aanvragen", "hoe boeken", "hoe aanmelden"),
            text(300),
        ),
        Field(
            "expires_on",
            _("offered until"),
            ("tot", "geldig tot", "aangeboden tot", "einddatum", "until", "beschikbaar tot", "looptijd tot"),
            lambda cell, lookups: cells.date(cell),
        ),
        STATUS,
    ),
    key=lambda values: (values["provider"].pk, normalise_key(values["title"])),
    existing=_offerings_existing,
    check=_offering_check,
    complete=_offering_complete,
    complete_without_failed=True,
    save=_offering_save,
    describe=lambda values: f"{values['title']} ({values['provider'].name})",
)

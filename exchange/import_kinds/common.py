"""Shared by the kinds: the words people use for sectors and publication states, the cell readers and the fields
several kinds have.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from core.models import PublicationStatus, Sector
from exchange import cells
from exchange.cells import CellError, Noted
from exchange.references import Lookups
from exchange.spreadsheet import Field, filled

# A record's values(), extended in place with the names its fields go by in the import.
Row = dict[str, Any]

SECTORS = cells.labels_of(
    Sector.choices,
    {
        "basisschool": "po",
        "basisonderwijs": "po",
        "primair onderwijs": "po",
        "voortgezet onderwijs": "vo",
        "middelbare school": "vo",
        "speciaal onderwijs": "so",
        "beroepsonderwijs": "mbo",
        "hogeschool": "hbo",
        "universiteit": "wo",
        "welzijn": "welzijn_zorg",
        "zorg": "welzijn_zorg",
        "welzijn en zorg": "welzijn_zorg",
        "bedrijfsleven": "bedrijf",
        "bedrijven": "bedrijf",
        "kunst en cultuur": "cultuur",
        "onderzoek": "kennisinstelling",
        "anders": "overig",
    },
)
STATUSES = cells.labels_of(
    PublicationStatus.choices,
    {"concept": "draft", "gepubliceerd": "published", "openbaar": "published", "online": "published"},
)


def text(max_length: int) -> Callable[[str, Lookups], str]:
    return lambda cell, lookups: cells.text(cell, max_length)


def choice(lookup: dict) -> Callable[[str, Lookups], str | None]:
    return lambda cell, lookups: cells.choice(cell, lookup)


def choices(lookup: dict) -> Callable[[str, Lookups], list[str | None]]:
    return lambda cell, lookups: [cells.choice(part, lookup) for part in cells.split_list(cell)]


def url(cell: str, lookups: Lookups) -> str:
    value = cells.text(cell, 200)
    if value and not value.startswith(("http://", "https://")):
        value = cells.text(f"https://{value}", 200)
    try:
        if value:
            URLValidator()(value)
    except ValidationError:
        raise CellError(_("“%(value)s” is not a web address.") % {"value": cell.strip()}) from None
    return value


def email(cell: str, lookups: Lookups) -> str:
    value = cells.text(cell, 254)
    try:
        if value:
            validate_email(value)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": value}) from None
    return value


def organisation(cell: str, lookups: Lookups) -> Noted:
    return lookups.organisation(cell)


def organisations(cell: str, lookups: Lookups) -> Noted:
    return lookups.organisations(cell)


def optional_organisation(cell: str, lookups: Lookups) -> Noted:
    return lookups.optional_organisation(cell)


def optional_organisations(cell: str, lookups: Lookups) -> Noted:
    return lookups.optional_organisations(cell)


def themes(cell: str, lookups: Lookups) -> Noted:
    # A theme is never needed: one that is not known is left out with a remark, not a reason to refuse the row.
    return lookups.optional_themes(cell)


def published_status(values: dict, current: dict | None) -> str:
    return filled(values, current, "status", PublicationStatus.DRAFT)


STATUS = Field(
    "status", _("publication status"), ("status", "publicatie", "gepubliceerd", "published"), choice(STATUSES)
)
THEMES = Field(
    "themes", _("themes"), ("thema", "themas", "thema's", "theme", "themes", "onderwerpen", "thematiek"), themes
)
DESCRIPTION_HEADERS = (
    "omschrijving",
    "beschrijving",
    "toelichting",
    "description",
    "about",
    "inhoud",
    "korte omschrijving",
)

"""Organisations in a spreadsheet, saved through network.services, and DUO's lists of school locations as
published (see DUO below).

A row is about an organisation by, in this order: its location code (vestigingscode); its name in its place; its
name alone when no other organisation of that name could be meant. Schools of one name in other towns stay
separate organisations. A new row that looks like an organisation already there ("KBS Pacelli" beside "Pacelli"
at one postcode) is noted, and is that organisation only when the suggestion is accepted (its name becomes an
abbreviation).
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import cast

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import normalise_key
from exchange import cells
from exchange.cells import CellError, Noted
from exchange.import_kinds.common import (
    DESCRIPTION_HEADERS,
    SECTORS,
    THEMES,
    Row,
    choice,
    optional_organisation,
    text,
    url,
)
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, Profile, filled
from network.models import Organisation, OrganisationAlias
from network.services import ALIAS_LENGTH, NewOrganisation, create_organisations, save_organisation

# Fields saved as they are read (the name, sector, abbreviations, themes and parent have their own handling).
PLAIN = (
    "website",
    "description",
    "street",
    "house_number",
    "postcode",
    "place",
    "municipality",
    "wijk",
    "phone",
    "brin",
    "vestigingscode",
    "bevoegd_gezag",
    "kvk",
    "denomination",
    "concept",
)
# Words in front of a school's name that say what it is rather than which one: "KBS Pacelli" is Pacelli.
SCHOOL_PREFIXES = frozenset(
    {
        "basisschool",
        "bs",
        "obs",
        "kbs",
        "rkbs",
        "pcbs",
        "cbs",
        "sbo",
        "sbao",
        "so",
        "vso",
        "ikc",
        "kindcentrum",
        "school",
        "openbare",
        "katholieke",
        "christelijke",
        "protestants",
        "rk",
        "pc",
        "de",
        "het",
    }
)
# Abbreviations in names, written out: "Lucas V Leyden" is Lucas van Leyden.
SCHOOL_WORDS = {"v": "van", "vd": "van de", "st": "sint", "pr": "prinses"}
PARTICLES = frozenset({"aan", "bij", "de", "den", "der", "en", "het", "in", "op", "over", "te", "ten", "ter", "van"})
POSTCODE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})$")
PHONE = re.compile(r"^[+0-9][0-9 ()./-]*$")
ADDRESS = re.compile(
    r"^(?P<street>.*?[^\d\s,])\s+(?P<number>\d+(?:\s*[-/]?\s*[A-Za-z0-9]{1,4})?)"
    r"(?:\s*,\s*(?P<postcode>\d{4}\s?[A-Za-z]{2})?\s*(?P<place>[^\d,]*?))?\s*$"
)


def school_key(name: str) -> str:
    """A school's name without what makes names of one school differ: prefixes, accents, "v" for "van"."""
    words = " ".join(SCHOOL_WORDS.get(word, word) for word in normalise_key(name).split()).split()
    while len(words) > 1 and words[0] in SCHOOL_PREFIXES:
        words = words[1:]
    return " ".join(words)


def place_key(place: str | None) -> str:
    return normalise_key(place or "")


def _capitalised(word: str, first: bool) -> str:
    if word == "'s":
        return word
    if word in PARTICLES and not first:
        return word
    if word.startswith("ij"):
        return "IJ" + word[2:]
    return word[:1].upper() + word[1:]


def place_name(cell: str, lookups: Lookups) -> str:
    """A place as typed; DUO writes places in capitals ("'S-GRAVENHAGE"), which become "'s-Gravenhage"."""
    value = cells.text(cell, 100)
    if not value or value != value.upper():
        return value
    words = []
    for position, word in enumerate(value.lower().split(" ")):
        parts = word.split("-")
        words.append("-".join(_capitalised(part, position == 0 and index == 0) for index, part in enumerate(parts)))
    return " ".join(words)


def postcode(cell: str, lookups: Lookups | None) -> str:
    value = cells.text(cell, 10)
    found = POSTCODE.match(value)
    return f"{found[1]} {found[2].upper()}" if found else value.upper()


def phone(cell: str, lookups: Lookups) -> Noted:
    """A phone number as written; one that is not a number is left out, with a notice."""
    value = cell.strip()
    if not value or (PHONE.match(value) and 10 <= sum(char.isdigit() for char in value) <= 15 and len(value) <= 40):
        return Noted(value)
    return Noted("", [_("“%(value)s” is not a phone number; it is left out.") % {"value": value[:60]}])


def website(cell: str, lookups: Lookups) -> Noted:
    """A web address ("www.school.nl" gets https://); one that is not an address is left out, with a notice."""
    try:
        return Noted(url(cell, lookups))
    except CellError as error:
        return Noted("", [gettext("%(problem)s It is left out.") % {"problem": error}])


def code(pattern: str, length: int, example: str) -> Callable[[str, Lookups], str]:
    """An identifier such as a BRIN or KvK number: spaces and dots left out, letters in capitals."""
    compiled = re.compile(pattern)

    def read(cell: str, lookups: Lookups) -> str:
        value = re.sub(r"[\s.]", "", cell).upper()
        if value and not compiled.match(value):
            raise CellError(
                _("“%(value)s” is not a code like %(example)s.") % {"value": cell.strip()[:40], "example": example}
            )
        return value[:length]

    return read


class Known(dict):
    """primary key → an organisation's current values, with the indexes rows are matched by."""

    def __init__(self, records: list[Row]) -> None:
        super().__init__()
        self.by_code: dict[str, Row] = {}
        self.by_name: dict[str, list[Row]] = defaultdict(list)
        self.by_school: dict[str, list[Row]] = defaultdict(list)
        self.by_postcode: dict[str, list[Row]] = defaultdict(list)
        for record in records:
            self.add(record)

    def add(self, record: Row) -> None:
        self[record["pk"]] = record
        if record["vestigingscode"]:
            self.by_code[record["vestigingscode"]] = record
        self.by_name[record["name_key"]].append(record)
        self.by_school[school_key(record["name"])].append(record)
        if record["postcode"]:
            self.by_postcode[record["postcode"]].append(record)


def _add_newcomer(index: Known, values: dict, number: int) -> None:
    """A new row of the file, as a later row of it may be near to it (keyed by the row, as it has no id yet)."""
    index.add(
        {
            "pk": f"row {number}",
            "row": number,
            "name": values["name"],
            "name_key": normalise_key(values["name"]),
            **{name: values.get(name) or "" for name in ("vestigingscode", "postcode", "place")},
        }
    )


def _organisations_existing(lookups: Lookups) -> Known:
    aliases: dict[int, set[str]] = {}
    for organisation_id, alias in OrganisationAlias.objects.values_list("organisation_id", "alias"):
        aliases.setdefault(organisation_id, set()).add(alias)
    themes_of: dict[int, set[int]] = {}
    for organisation_id, theme_id in Organisation.themes.through.objects.values_list("organisation_id", "theme_id"):
        themes_of.setdefault(organisation_id, set()).add(theme_id)
    records = [
        {
            **row,
            "aliases": aliases.get(row["pk"], set()),
            "parent": row.pop("parent_id"),
            "themes": themes_of.get(row["pk"], set()),
        }
        for row in cast(
            Iterable[Row], Organisation.objects.values("pk", "name", "name_key", "sector", "parent_id", *PLAIN)
        )
    ]
    return Known(records)


def _other_location(record: Row, values: dict) -> bool:
    """Whether the record is another school location than the row's: both have a location code, not the same."""
    wanted = values.get("vestigingscode")
    return bool(wanted and record["vestigingscode"] and record["vestigingscode"] != wanted)


def _organisation_find(existing: dict, values: dict) -> dict | None:
    known = cast(Known, existing)
    if values.get("vestigingscode") in known.by_code:
        return known.by_code[values["vestigingscode"]]
    place = place_key(values.get("place"))
    named = [record for record in known.by_name[normalise_key(values["name"])] if not _other_location(record, values)]
    if place:
        in_place = [record for record in named if place_key(record["place"]) == place]
        if in_place:
            return in_place[0] if len(in_place) == 1 else None
        # The name alone, only for an organisation whose place is not known: one in another town is another one.
        named = [record for record in named if not record["place"]]
    if len(named) == 1:
        return named[0]
    if len(named) > 1 and not place:
        values["several"] = sorted(record["place"] or "?" for record in named)
    return None


def _organisation_near(existing: dict, values: dict) -> tuple[dict, str] | None:
    """One organisation the row may well mean: the same school name in the same place (or where a place is not
    known), or a name that holds the other at the same postcode."""
    known = cast(Known, existing)
    wanted, place = school_key(values["name"]), place_key(values.get("place"))
    found: dict[int, tuple[Row, str]] = {}
    for record in known.by_school.get(wanted, []):
        if not place or not record["place"] or place_key(record["place"]) == place:
            found[record["pk"]] = (record, gettext("a similar name"))
    words = set(wanted.split())
    for record in known.by_postcode.get(values.get("postcode") or "", []):
        theirs = set(school_key(record["name"]).split())
        if theirs <= words or words <= theirs:
            found[record["pk"]] = (record, gettext("a similar name at postcode %(postcode)s") % values)
    candidates = [pair for pair in found.values() if not _other_location(pair[0], values)]
    return candidates[0] if len(candidates) == 1 else None


def _organisation_adopt(values: dict, current: dict) -> None:
    """The row is about current: its own name becomes one of current's abbreviations."""
    name = values["name"]
    values["name"] = current["name"]
    if normalise_key(name) != current["name_key"] and len(name) <= ALIAS_LENGTH:
        values["aliases"] = [*(values.get("aliases") or []), name]


def _split_address(values: dict) -> None:
    """ "Herenstraat 36" or "Herenstraat 36a, 2313 AK Leiden" in one address column: the parts the row does not
    give in columns of their own."""
    found = ADDRESS.match(values.get("street") or "")
    if found is None or values.get("house_number"):
        return
    values["street"], values["house_number"] = found["street"], found["number"]
    for name in ("postcode", "place"):
        if found[name] and not values.get(name):
            values[name] = postcode(found[name], None) if name == "postcode" else found[name]


def _organisation_complete(values: dict, lookups: Lookups) -> list:
    """Reads one address column into its parts and a location number as its code; copes with a row whose failed
    cells are left out (see Kind.complete_without_failed)."""
    _split_address(values)
    if values.get("vestigingscode", "").isdigit():
        # Older DUO files number a location within its institution: "1" at BRIN 12AB is 12AB01.
        if not values.get("brin"):
            return [("vestigingscode", _("A location number needs the institution code (BRIN) beside it."))]
        values["vestigingscode"] = values["brin"] + values["vestigingscode"].zfill(2)
    if values.get("name") and not values.get("vestigingscode") and not values.get("place"):
        # A row may name an organisation by an abbreviation rimpel knows: it is about that organisation.
        known = lookups.known_organisation(values["name"])
        if known is not None:
            values["name"] = known.name
    return []


def _organisation_check(values: dict, current: dict | None) -> list:
    if "several" in values:
        return [
            (
                "name",
                _("Several organisations are called “%(name)s” (in %(places)s). Add the place or the location code.")
                % {"name": values["name"], "places": ", ".join(values["several"])},
            )
        ]
    if current is None and not values.get("sector"):
        return [("sector", _("A new organisation needs a sector. Add a column for it, or a value for all rows."))]
    if current is not None:
        if values["name"] in current["aliases"]:
            values["name"] = current["name"]  # found by its code under one of its abbreviations: not renamed
        # Abbreviations in the sheet are added to those the organisation has.
        values["aliases"] = sorted(current["aliases"] | set(values.get("aliases") or []))
    return []


def _record(values: dict, current: dict | None) -> Organisation:
    record = Organisation.objects.get(pk=current["pk"]) if current else Organisation()
    record.name = filled(values, current, "name", "")
    record.sector = filled(values, current, "sector", "")
    for name in PLAIN:
        setattr(record, name, filled(values, current, name, ""))
    parent = values.get("parent")
    if parent is not None:
        record.parent = parent
    return record


def _organisation_save(values: dict, current: dict | None, lookups: Lookups) -> Organisation:
    return save_organisation(
        _record(values, current),
        list(filled(values, current, "aliases", [])),
        themes=filled(values, current, "themes", []),
    )


def _organisations_create(rows: list[dict], lookups: Lookups) -> None:
    """New organisations in a few queries. Rows with abbreviations or a parent are saved one by one, so their
    abbreviations are checked against those of every organisation; a school list has neither."""
    plain = []
    for values in rows:
        if values.get("aliases") or values.get("parent"):
            _organisation_save(values, None, lookups)
        else:
            plain.append(NewOrganisation(_record(values, None), themes=values.get("themes") or []))
    taken = lookups.remembered_value(
        "organisation slugs", lambda: set(Organisation.objects.values_list("slug", flat=True))
    )
    create_organisations(plain, taken_slugs=taken)


# DUO's open-data lists of school locations (primary, special and secondary education; "vestigingen"), with the
# headers as DUO writes them. Older files say BRIN NUMMER and VESTIGINGSNUMMER.
DUO = Profile(
    _("DUO — school locations"),
    ("VESTIGINGSNAAM", "PLAATSNAAM", "HUISNUMMER-TOEVOEGING"),
    (
        ("VESTIGINGSNAAM", "name"),
        ("INSTELLINGSNAAM", ""),
        ("STRAATNAAM", "street"),
        ("HUISNUMMER-TOEVOEGING", "house_number"),
        ("POSTCODE", "postcode"),
        ("PLAATSNAAM", "place"),
        ("GEMEENTENAAM", "municipality"),
        ("GEMEENTENUMMER", ""),
        ("PROVINCIE", ""),
        ("DENOMINATIE", "denomination"),
        ("TELEFOONNUMMER", "phone"),
        ("INTERNETADRES", "website"),
        ("INSTELLINGSCODE", "brin"),
        ("BRIN NUMMER", "brin"),
        ("VESTIGINGSCODE", "vestigingscode"),
        ("VESTIGINGSNUMMER", "vestigingscode"),
        ("BEVOEGD GEZAG NUMMER", "bevoegd_gezag"),
        ("ONDERWIJSSTRUCTUUR", ""),
    ),
)

ORGANISATIONS = Kind(
    name="organisations",
    label=_("organisations"),
    fields=(
        Field(
            "name",
            _("name"),
            (
                "naam",
                "organisatie",
                "organisation",
                "organization",
                "instelling",
                "schoolnaam",
                "vestigingsnaam",
                "naam school",
                "naam organisatie",
                "organisatienaam",
                "naam instelling",
                "school",
            ),
            text(200),
            required=True,
        ),
        Field(
            "sector",
            _("sector"),
            ("sector", "soort", "type", "schoolsoort", "onderwijssoort", "onderwijstype", "soort school"),
            choice(SECTORS),
        ),
        Field(
            "aliases",
            _("abbreviations"),
            (
                "afkorting",
                "afkortingen",
                "alias",
                "aliassen",
                "abbreviation",
                "abbreviations",
                "ook bekend als",
                "roepnaam",
            ),
            lambda cell, lookups: cells.split_list(cell),
        ),
        Field(
            "website",
            _("website"),
            ("website", "site", "url", "webadres", "internetadres", "internet", "web", "homepage"),
            website,
        ),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(5000)),
        THEMES,
        Field(
            "parent",
            _("part of"),
            ("onderdeel van", "part of", "moederorganisatie", "parent", "koepel", "valt onder"),
            optional_organisation,
        ),
        Field(
            "street",
            _("street"),
            ("straat", "straatnaam", "street", "adres", "bezoekadres", "straat en huisnummer", "address"),
            text(120),
        ),
        Field(
            "house_number",
            _("house number"),
            ("huisnummer", "huisnr", "nummer", "huisnummer toevoeging", "house number", "nr"),
            text(20),
        ),
        Field("postcode", _("postcode"), ("postcode", "zip", "postal code", "pc", "postcode bezoekadres"), postcode),
        Field(
            "place",
            _("place"),
            ("plaats", "plaatsnaam", "woonplaats", "vestigingsplaats", "place", "city", "stad", "plaats bezoekadres"),
            place_name,
        ),
        Field("municipality", _("municipality"), ("gemeente", "gemeentenaam", "municipality"), place_name),
        Field("wijk", _("neighbourhood (wijk)"), ("wijk", "buurt", "stadsdeel", "neighbourhood"), text(100)),
        Field(
            "phone",
            _("phone"),
            ("telefoon", "telefoonnummer", "tel", "phone", "telefoonnr", "tel nr", "telnr", "tel nummer"),
            phone,
        ),
        Field(
            "brin",
            _("institution code (BRIN)"),
            ("brin", "brinnummer", "brin nummer", "brin code", "instellingscode"),
            code(r"^[0-9]{2}[A-Z0-9]{2}$", 4, "12AB"),
        ),
        Field(
            "vestigingscode",
            _("location code (vestigingscode)"),
            ("vestigingscode", "vestigingsnummer", "brin vestiging", "location code"),
            code(r"^([0-9]{1,2}|[0-9]{2}[A-Z0-9]{2}[0-9]{2})$", 6, "12AB00"),
        ),
        Field(
            "bevoegd_gezag",
            _("competent authority number"),
            ("bevoegd gezag", "bevoegd gezag nummer", "bevoegdgezagnummer", "bestuursnummer"),
            code(r"^[0-9]{1,10}$", 10, "41234"),
        ),
        Field(
            "kvk",
            _("KvK number"),
            ("kvk", "kvk nummer", "kvknummer", "kamer van koophandel"),
            code(r"^[0-9]{8}$", 8, "12345678"),
        ),
        Field("denomination", _("denomination"), ("denominatie", "richting", "grondslag", "denomination"), text(60)),
        Field(
            "concept",
            _("school concept"),
            ("onderwijsconcept", "concept", "schoolconcept", "school concept", "onderwijsvisie"),
            text(60),
        ),
    ),
    key=lambda values: values.get("vestigingscode") or (normalise_key(values["name"]), place_key(values.get("place"))),
    existing=_organisations_existing,
    find=_organisation_find,
    near=_organisation_near,
    adopt=_organisation_adopt,
    newcomers=lambda: Known([]),
    add_newcomer=_add_newcomer,
    complete=_organisation_complete,
    check=_organisation_check,
    save=_organisation_save,
    create_many=_organisations_create,
    profiles=(DUO,),
    complete_without_failed=True,
    describe=lambda values: f"{values['name']} ({values['place']})" if values.get("place") else values["name"],
)

"""People in a spreadsheet, saved through network.services.save_person."""

from collections.abc import Iterable
from typing import cast

from django.utils.translation import gettext_lazy as _

from core.text import normalise_key
from exchange import cells
from exchange.import_kinds.common import Row, choice, email, organisation, text
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled
from network.models import Person, PersonRole
from network.services import save_person

NAME_PARTS = ("given_name", "name_prefix", "family_name")
ROLES = cells.labels_of(
    PersonRole.choices,
    {"zichthouder": "zichthouder", "verkenner": "verkenner", "medewerker": "medewerker", "coordinator": "coordinator"},
)


def _person_complete(values: dict, lookups: Lookups) -> list:
    """A name from a first name, a prefix and a last name in columns of their own ("Fatima", "el", "Amrani"),
    where the row has no whole name; copes with a row whose failed cells are left out."""
    # A name missing from all parts is said under the last of them the sheet has, where it is usually written.
    where = next((name for name in reversed(NAME_PARTS) if name in values), "name")
    parts = [values.pop(name, None) or "" for name in NAME_PARTS]
    if not values.get("name"):
        values["name"] = " ".join(part for part in parts if part)[:150]
        if not values["name"]:
            return [(where, _("A person needs a name."))]
    return []


def _people_existing(lookups: Lookups) -> dict:
    index = {}
    for row in cast(
        Iterable[Row], Person.objects.values("pk", "name", "role", "job_title", "email", "phone", "organisation_id")
    ):
        row["organisation"] = row.pop("organisation_id")
        index[(row["organisation"], normalise_key(row["name"]))] = row
    return index


def _person_save(values: dict, current: dict | None, lookups: Lookups) -> Person:
    record = Person.objects.get(pk=current["pk"]) if current else Person()
    record.name, record.organisation = values["name"], values["organisation"]
    record.role = filled(values, current, "role", PersonRole.MEDEWERKER)
    for name in ("job_title", "email", "phone"):
        setattr(record, name, filled(values, current, name, ""))
    return save_person(record)


PEOPLE = Kind(
    name="people",
    label=_("people"),
    fields=(
        Field(
            "name",
            _("name"),
            ("naam", "name", "persoon", "person", "contactpersoon", "volledige naam", "naam contactpersoon"),
            text(150),
            required=True,
            parts=NAME_PARTS,
        ),
        Field("given_name", _("first name"), ("voornaam", "roepnaam", "first name", "given name"), text(150)),
        Field("name_prefix", _("name prefix"), ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "prefix"), text(20)),
        Field("family_name", _("last name"), ("achternaam", "familienaam", "last name", "surname"), text(150)),
        Field(
            "organisation",
            _("organisation"),
            (
                "organisatie",
                "organisation",
                "organization",
                "instelling",
                "school",
                "werkgever",
                "werkzaam bij",
                "naam organisatie",
                "organisatienaam",
            ),
            organisation,
            required=True,
        ),
        Field(
            "role",
            _("role in the network"),
            ("rol", "role", "netwerkrol", "rol in netwerk", "rol in het netwerk"),
            choice(ROLES),
        ),
        Field(
            "job_title",
            _("job title"),
            ("functie", "job title", "functietitel", "functieomschrijving", "positie", "taak"),
            text(150),
        ),
        Field(
            "email",
            _("e-mail address"),
            ("email", "e-mail", "e-mailadres", "mail", "mailadres", "emailadres", "e-mail werk"),
            email,
        ),
        Field(
            "phone",
            _("phone"),
            ("telefoon", "telefoonnummer", "phone", "tel", "telefoonnr", "tel nr", "mobiel", "mobiel nummer", "mobile"),
            text(40),
        ),
    ),
    key=lambda values: (values["organisation"].pk, normalise_key(values["name"])),
    complete_without_failed=True,
    existing=_people_existing,
    complete=_person_complete,
    save=_person_save,
    describe=lambda values: f"{values['name']} ({values['organisation'].name})",
)
